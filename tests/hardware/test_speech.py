"""Speech: real espeak-ng through pyttsx3 into WAV files, paced like a loudspeaker."""

from __future__ import annotations

import array
import math
import queue
import shutil
import subprocess
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.config import SpeechSection
from core.health import Health, Level
from hardware.speech import EspeakSpeaker, Spoken, split_sentences
from hardware.speech import build_in_process as build
from hardware.speech.engine import Synthesizer, find_voices
from hardware.speech.output import OutputChoice

WAIT_S = 25.0  # generous: the machine is shared
ID_PROMPT = "Angkat gagang telepon untuk menghubungi polisi."
EN_PROMPT = "Lift the handset to call the police."
LONG_EN = ("This prompt explains at length what the emergency number one one zero is "
           "for. It keeps going, sentence after sentence, so that there is plenty of "
           "time to interrupt it. Nobody should ever hear the end of it in this test.")


@dataclass(frozen=True)
class WavStats:
    seconds: float
    rate: int
    rms: float
    peak: int


def wav_stats(path: Path) -> WavStats:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        samples = array.array("h", w.readframes(w.getnframes()))
        rate = w.getframerate()
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0
    return WavStats(len(samples) / rate, rate, rms, max((abs(s) for s in samples), default=0))


class Heard:
    """Collects the speaker's Spoken records; waits for them without sleeping."""

    def __init__(self, speaker: EspeakSpeaker) -> None:
        self._q: queue.Queue[Spoken] = queue.Queue()
        speaker.subscribe(self._q.put)

    def next(self) -> Spoken:
        return self._q.get(timeout=WAIT_S)

    def nothing_more(self) -> bool:
        return self._q.empty()


@pytest.fixture
def speaker(tmp_path: Path) -> Iterator[EspeakSpeaker]:
    sp = build(SpeechSection(rate=175), wav_dir=tmp_path / "wav")
    assert isinstance(sp, EspeakSpeaker), sp.health()
    yield sp
    sp.close()


def wait_until_audible(path: Path, more_than: int = 44 + 4410) -> None:
    """Block until the output file holds some audio (by default a WAV header and 0.1 s):
    the prompt is being heard."""
    done = queue.Queue[None]()
    for _ in range(int(WAIT_S / 0.02)):
        if path.exists() and path.stat().st_size > more_than:
            return
        try:
            done.get(timeout=0.02)
        except queue.Empty:
            continue
    raise AssertionError(f"{path} never received audio")


def full_length_s(text: str, language: str, rate: int) -> float:
    """How long `text` lasts when spoken to the end (synthesised directly, unpaced)."""
    synth = Synthesizer(rate, 1.0)
    try:
        voice = find_voices((language,))[language]
        return sum(synth.synthesize(s, voice).seconds for s in split_sentences(text))
    finally:
        synth.close()


@pytest.mark.parametrize(("language", "text"), [("id", ID_PROMPT), ("en", EN_PROMPT)])
def test_a_prompt_is_spoken_into_a_non_silent_wav(speaker: EspeakSpeaker, language: str,
                                                  text: str) -> None:
    heard = Heard(speaker)
    speaker.say(text, language)
    spoken = heard.next()
    assert spoken.completed and not spoken.error
    assert spoken.path is not None and spoken.path.name.endswith(f"-{language}.wav")
    stats = wav_stats(spoken.path)
    assert stats.rate == 22050
    assert 1.0 < stats.seconds < 8.0          # one short sentence at 175 wpm
    assert stats.rms > 500 and stats.peak > 5000, stats  # speech, not silence
    assert speaker.last_spoken == spoken


@pytest.mark.skipif(shutil.which("sox") is None, reason="sox not installed")
def test_sox_reads_the_wav_as_audible_speech(speaker: EspeakSpeaker) -> None:
    heard = Heard(speaker)
    speaker.say(ID_PROMPT, "id")
    path = heard.next().path
    assert path is not None
    stat = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True,
                          check=True).stderr
    fields = {k.strip(): v.strip() for k, v in
              (line.split(":", 1) for line in stat.splitlines() if ":" in line)}
    assert float(fields["RMS     amplitude"]) > 0.01
    assert float(fields["Length (seconds)"]) > 1.0


def test_a_new_prompt_replaces_the_one_being_spoken(speaker: EspeakSpeaker,
                                                    tmp_path: Path) -> None:
    heard = Heard(speaker)
    speaker.say(LONG_EN, "en")
    wait_until_audible(tmp_path / "wav" / "0001-en.wav")
    speaker.say("Short one.", "en")

    long, short = heard.next(), heard.next()
    assert (long.seq, long.completed) == (1, False)
    assert short.completed and short.path is not None
    assert long.path is not None
    cut = wav_stats(long.path).seconds
    assert 0.1 <= cut < full_length_s(LONG_EN, "en", 175) / 2   # cut short
    assert wav_stats(short.path).seconds == pytest.approx(
        full_length_s("Short one.", "en", 175), abs=0.05)         # heard in full
    # (espeak-ng's output varies by a few milliseconds between runs)


def test_stop_silences_the_prompt_and_nothing_follows(speaker: EspeakSpeaker,
                                                      tmp_path: Path) -> None:
    heard = Heard(speaker)
    speaker.say(LONG_EN, "en")
    wait_until_audible(tmp_path / "wav" / "0001-en.wav")
    speaker.stop()
    spoken = heard.next()
    assert not spoken.completed and spoken.seconds < full_length_s(LONG_EN, "en", 175) / 2
    speaker.say(EN_PROMPT, "en")   # the speaker still works after a stop
    assert heard.next().completed
    assert heard.nothing_more()


def test_say_returns_while_the_prompt_is_still_being_spoken(speaker: EspeakSpeaker) -> None:
    heard = Heard(speaker)
    speaker.say(LONG_EN, "en")
    assert speaker.last_spoken is None   # say did not wait for the speech
    speaker.stop()
    assert not heard.next().completed


def test_rate_and_volume_come_from_config(tmp_path: Path) -> None:
    stats = {}
    for name, section in {"slow": SpeechSection(rate=100), "fast": SpeechSection(rate=260),
                          "quiet": SpeechSection(rate=260, volume=0.2)}.items():
        sp = build(section, wav_dir=tmp_path / name)
        assert isinstance(sp, EspeakSpeaker)
        heard = Heard(sp)
        sp.say("Halo.", "id")
        path = heard.next().path
        sp.close()
        assert path is not None
        stats[name] = wav_stats(path)
    assert stats["fast"].seconds < stats["slow"].seconds
    assert stats["quiet"].rms < stats["fast"].rms / 2


def test_a_language_without_a_voice_is_silent_and_does_not_raise(
        speaker: EspeakSpeaker) -> None:
    heard = Heard(speaker)
    speaker.say("Bonjour.", "fr")
    spoken = heard.next()
    assert not spoken.completed and "no fr voice" in spoken.error
    assert spoken.path is None


def test_blank_text_is_not_spoken(speaker: EspeakSpeaker) -> None:
    heard = Heard(speaker)
    speaker.say("   ", "id")
    speaker.say(EN_PROMPT, "en")
    assert heard.next().seq == 1    # the blank one never became a prompt


def test_health_names_both_voices(speaker: EspeakSpeaker) -> None:
    health = speaker.health()
    assert (health.name, health.level) == ("speech", Level.OK)
    assert "Indonesian" in health.reason and "English" in health.reason
    assert set(health.details["voices"]) == {"id", "en"}


def test_disabled_speech_is_a_silent_speaker_that_is_ok(tmp_path: Path) -> None:
    sp = build(SpeechSection(enabled=False), wav_dir=tmp_path)
    sp.say(EN_PROMPT, "en")
    sp.stop()
    assert sp.health().level is Level.OK
    assert sp.health().reason == "voice guidance disabled"
    assert list(tmp_path.iterdir()) == []
    sp.close()


@pytest.mark.skipif(Path("/dev/snd").exists(), reason="this machine has a sound card")
def test_without_a_sound_card_health_fails_with_the_players_reason() -> None:
    sp = build(SpeechSection())
    assert isinstance(sp, EspeakSpeaker)
    if sp.health().level is Level.FAIL:   # no player installed at all
        assert "no audio player" in sp.health().reason
    else:
        heard = Heard(sp)
        sp.say("Halo.", "id")          # must not raise into the caller
        assert heard.next().error
        assert sp.health().level is Level.FAIL
        assert sp.health().reason.startswith("cannot speak:")
    sp.close()


@pytest.mark.skipif(shutil.which("sox") is None, reason="sox not installed")
def test_a_player_process_gets_the_audio_and_is_killed_when_stopped(tmp_path: Path) -> None:
    # sox stands in for aplay: a real process reading raw PCM from its stdin
    heard_raw = tmp_path / "heard.raw"
    argv = ("sox", "-q", "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r", "{rate}",
            "-", "-t", "raw", str(heard_raw))
    ready = Health("speech", Level.OK, "ready")
    sp = EspeakSpeaker(Synthesizer(175, 1.0), find_voices(("id", "en")),
                       OutputChoice("sox", player=argv), ready)
    heard = Heard(sp)
    try:
        sp.say("Short one.", "en")
        short = heard.next()
        assert short.completed and not short.error
        # every sample reached the player (espeak-ng varies by a few ms between runs)
        assert heard_raw.stat().st_size / 2 / 22050 == pytest.approx(
            full_length_s("Short one.", "en", 175), abs=0.05)
        sp.say(LONG_EN, "en")
        wait_until_audible(heard_raw, more_than=44 + 8192)   # sox has flushed a block
        sp.stop()
        cut = heard.next()
    finally:
        sp.close()
    assert not cut.completed and not cut.error
    assert heard_raw.stat().st_size / 2 / 22050 < full_length_s(LONG_EN, "en", 175) / 2
    assert sp.health().level is Level.OK


def test_long_text_is_split_into_sentences_and_bounded_pieces() -> None:
    assert split_sentences("Halo. Apa kabar?  Baik!") == ["Halo.", "Apa kabar?", "Baik!"]
    pieces = split_sentences("kata " * 100, max_chars=40)
    assert all(len(p) <= 40 for p in pieces)
    assert " ".join(pieces).split() == ["kata"] * 100
    assert split_sentences("   ") == []


def test_the_commuters_volume_control_scales_the_configured_loudness(tmp_path: Path) -> None:
    sp = build(SpeechSection(rate=260), wav_dir=tmp_path / "volume")
    assert isinstance(sp, EspeakSpeaker)
    heard = Heard(sp)
    levels = {}
    try:
        for volume in (1.0, 0.25):
            sp.set_volume(volume)
            sp.say("Halo.", "id")
            path = heard.next().path
            assert path is not None
            levels[volume] = wav_stats(path).rms
    finally:
        sp.close()
    assert levels[0.25] < levels[1.0] / 2
