"""Spoken guidance: pyttsx3 on espeak-ng, Indonesian and English, interruptible.

`build(cfg.speech)` returns a started `core.ports.Speaker` and never raises: the
engine runs in a worker process of its own (`process.WorkerSpeaker`, which restarts it
with backoff when libespeak-ng kills it), so a crash there costs speech only. When
espeak-ng, a voice or a sound player is missing, `health()` says so and `say` stays
silent. With `wav_dir`, each prompt is written to a WAV file there instead of being
played (tests and listen-checks); `speaker.subscribe(listener)` and
`speaker.last_spoken` tell which file and whether the prompt was cut.
`build_in_process` is the engine itself (`EspeakSpeaker`), which the worker runs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from core.config import SpeechSection
from core.health import Health, Level
from core.ports import Speaker
from hardware.speech.engine import (
    LANGUAGE_NAMES,
    SpeechError,
    SpeechUnavailable,
    Synthesizer,
    find_voices,
)
from hardware.speech.output import OutputChoice, choose_output
from hardware.speech.speaker import EspeakSpeaker, SilentSpeaker, Spoken, split_sentences
from wire.logs import event

__all__ = ["EspeakSpeaker", "SilentSpeaker", "SpeechError", "SpeechUnavailable", "Spoken",
           "build", "build_in_process", "split_sentences"]

log = logging.getLogger(__name__)
LANGUAGES = ("id", "en")


def build(cfg: SpeechSection, wav_dir: Path | None = None) -> Speaker:
    """A started speaker for `cfg` whose engine runs in a worker process; never raises."""
    if not cfg.enabled:
        return _disabled()
    from hardware.speech.process import WorkerSpeaker

    return WorkerSpeaker(cfg, wav_dir)


def _disabled() -> SilentSpeaker:
    return SilentSpeaker(Health("speech", Level.OK, "voice guidance disabled",
                                {"enabled": False}))


def build_in_process(cfg: SpeechSection, wav_dir: Path | None = None) -> Speaker:
    """The engine in this process (the worker's, and the engine's own tests). A crash
    in libespeak-ng here ends this process."""
    if not cfg.enabled:
        return _disabled()
    try:
        voices = find_voices(LANGUAGES)
        if not voices:
            return SilentSpeaker(Health("speech", Level.FAIL,
                                        "espeak-ng has no Indonesian or English voice"))
        output = choose_output(wav_dir)
        synth = Synthesizer(cfg.rate, cfg.volume)
    except SpeechError as exc:
        event(log, "speech_unavailable", logging.WARNING, reason=str(exc))
        return SilentSpeaker(Health("speech", Level.FAIL, str(exc)))
    health = _health(cfg, voices, output)
    event(log, "speech_ready", level=logging.INFO, reason=health.reason)
    return EspeakSpeaker(synth, voices, output or OutputChoice(name="none"), health)


def _health(cfg: SpeechSection, voices: dict[str, str], output: OutputChoice | None) -> Health:
    details = {"voices": voices, "output": output.name if output else None,
               "rate_wpm": cfg.rate, "volume": cfg.volume}
    if output is None:
        return Health("speech", Level.FAIL,
                      "no audio player found (install alsa-utils for aplay)", details)
    missing = [LANGUAGE_NAMES[lang] for lang in LANGUAGES if lang not in voices]
    if missing:
        return Health("speech", Level.WARN,
                      f"no {' or '.join(missing)} voice in espeak-ng: those prompts stay "
                      "silent", details)
    spoken = ", ".join(f"{LANGUAGE_NAMES[lang]} ({voices[lang]})" for lang in LANGUAGES)
    return Health("speech", Level.OK, f"ready: {spoken} via {output.name}, "
                  f"{cfg.rate} wpm, volume {round(cfg.volume * 100)}%", details)
