"""Text to PCM through pyttsx3's espeak driver, one sentence at a time.

Why only synthesis goes through pyttsx3 (read in pyttsx3 2.99's `drivers/espeak.py`):
- espeak-ng is initialised once per process in AUDIO_OUTPUT_RETRIEVAL mode with one
  global synth callback, so there is a single engine per process: every use here takes
  `_ENGINE_LOCK` and sets the voice, rate and volume again for each sentence (rate and
  volume as espeak-ng embedded commands: see `_with_rate_and_volume`).
- In that mode espeak-ng synthesises on its own C thread and calls back from there;
  `runAndWait` can return before the WAV is written (we read empty files until we
  waited for the "finished-utterance" notification, sent after the file is closed).
  Synthesis is fast (about 3 ms of CPU per second of audio here), so one sentence is a
  short, bounded wait in our worker thread.
- Its own playback (`say`) ends in `os.system("aplay …")` inside the synth callback: it
  cannot be interrupted. Measured: `stop()` 0.3 s into a 3 s utterance blocked 2.7 s and
  the whole utterance played on. So playback is ours (`output.py`), killable at once.
- Its queued commands report failures only through the "error" topic, so we listen
  to it and turn any error into `SpeechError`.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import sys
import tempfile
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hardware.errors import HardwareError

# espeak-ng voice languages we accept for each UI language, best first. MBROLA voices
# ("mb/…") need separate diphone databases, so they are never picked automatically.
VOICE_PREFERENCE: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "en": ("en-gb", "en-us", "en"),
}
LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}
EMBEDDED_COMMAND = "\x01"   # espeak-ng: ctrl-A, a number and a letter, inside the text
SYNTH_TIMEOUT_S = 10.0   # one sentence takes milliseconds; this only catches a wedged engine

_ENGINE_LOCK = threading.Lock()
_ENGINE: Any = None


class SpeechError(HardwareError):
    """Speech synthesis or playback failed."""


class OutputBusy(SpeechError):
    """The sound card is held by another player (a card without a mixer plays one
    stream at a time): on a kiosk, the kiosk app's own speech worker."""


class SpeechWedged(SpeechError):
    """espeak-ng stopped answering in the middle of a sentence: this process's engine
    cannot be trusted any more (the speech worker exits and is started afresh)."""


class SpeechUnavailable(SpeechError):
    """espeak-ng (the library or a voice) is missing."""


@dataclass(frozen=True)
class Pcm:
    """Mono signed 16-bit little-endian samples."""

    frames: bytes
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.frames) / 2 / self.rate


def _engine() -> Any:
    """The process's one pyttsx3 espeak engine. Call with `_ENGINE_LOCK` held."""
    global _ENGINE  # noqa: PLW0603 - espeak-ng can only be initialised once per process
    if _ENGINE is None:
        try:
            import pyttsx3

            _ENGINE = pyttsx3.init("espeak")
        except (ImportError, OSError, RuntimeError) as exc:
            raise SpeechUnavailable(f"espeak-ng is not usable ({exc}); install espeak-ng "
                                    "and libespeak-ng1") from exc
        # Let pyttsx3 unhook its C callback while Python is still whole; left to
        # interpreter teardown it fails noisily ("'NoneType' has no attribute …").
        atexit.register(_release_engine)
    return _ENGINE


def _release_engine() -> None:
    global _ENGINE  # noqa: PLW0603
    with _ENGINE_LOCK:
        _ENGINE = None


def find_voices(languages: tuple[str, ...]) -> dict[str, str]:
    """{language: espeak voice id} for each of `languages` espeak-ng has a voice for.
    Raises SpeechUnavailable when the library cannot be loaded."""
    with _ENGINE_LOCK:
        voices = _engine().getProperty("voices")
    by_language: dict[str, str] = {}
    for voice in voices:
        if voice.id.startswith("mb/") or not voice.languages:
            continue
        by_language.setdefault(str(voice.languages[0]).lower(), voice.id)
    found = {}
    for lang in languages:
        for wanted in VOICE_PREFERENCE.get(lang, (lang,)):
            if wanted in by_language:
                found[lang] = by_language[wanted]
                break
    return found


class _DropSaveNotices(io.TextIOBase):
    """stdout minus pyttsx3's unconditional "Audio saved to …" print, which would
    otherwise land in the journal each sentence (and corrupt `doctor --json`)."""

    def __init__(self, target: Any) -> None:
        self._target = target
        self._dropped_line = False

    def write(self, s: str) -> int:
        if s.startswith("Audio saved to "):
            self._dropped_line = True
            return len(s)
        if self._dropped_line and s == "\n":
            self._dropped_line = False
            return len(s)
        self._dropped_line = False
        return int(self._target.write(s))

    def flush(self) -> None:
        self._target.flush()


class Synthesizer:
    """Turns one sentence into PCM with a given voice, rate and volume."""

    def __init__(self, rate: int, volume: float) -> None:
        self.rate = rate
        self.volume = volume
        self._dir = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))
        self._errors: list[BaseException] = []
        self._finished = threading.Event()
        with _ENGINE_LOCK:
            engine = _engine()
            self._tokens = [engine.connect("error", self._on_error),
                            engine.connect("finished-utterance", self._on_finished)]

    def _on_error(self, name: Any = None, exception: BaseException | None = None) -> None:
        self._errors.append(exception or SpeechError("unknown pyttsx3 error"))
        self._finished.set()

    def _on_finished(self, name: Any = None, completed: bool = True) -> None:
        self._finished.set()   # called from espeak-ng's thread once the WAV is closed

    def synthesize(self, text: str, voice_id: str) -> Pcm:
        path = self._dir / "sentence.wav"
        path.unlink(missing_ok=True)
        self._errors.clear()
        self._finished.clear()
        with _ENGINE_LOCK, contextlib.redirect_stdout(_DropSaveNotices(sys.stdout)):
            engine = _engine()
            engine.setProperty("voice", voice_id)
            engine.save_to_file(self._with_rate_and_volume(text), str(path))
            try:
                engine.runAndWait()
            except Exception as exc:
                # A failure inside the loop leaves pyttsx3 believing its loop still
                # runs; end it, or every later sentence would fail too.
                with contextlib.suppress(Exception):
                    engine.endLoop()
                raise SpeechError(f"espeak-ng failed: {exc}") from exc
            if not self._finished.wait(SYNTH_TIMEOUT_S):
                engine.stop()
                raise SpeechWedged(f"espeak-ng did not finish within {SYNTH_TIMEOUT_S:.0f} s")
        if self._errors:
            raise SpeechError(f"espeak-ng failed: {self._errors[0]}")
        try:
            with wave.open(str(path), "rb") as w:
                return Pcm(w.readframes(w.getnframes()), w.getframerate())
        except (OSError, EOFError, wave.Error) as exc:
            raise SpeechError(f"espeak-ng wrote no audio: {exc}") from exc

    def _with_rate_and_volume(self, text: str) -> str:
        """`text` led by espeak-ng embedded commands for speed (S, words per minute)
        and amplitude (A, 0-200, 100 = normal). Not `setProperty`: in this async mode
        a rate set that way was measured to land one utterance late, now and then."""
        # Control characters in the prompt itself must not become commands.
        clean = text.replace(EMBEDDED_COMMAND, " ")
        return (f"{EMBEDDED_COMMAND}{self.rate}S"
                f"{EMBEDDED_COMMAND}{round(self.volume * 100)}A{clean}")

    def close(self) -> None:
        with _ENGINE_LOCK:
            if _ENGINE is not None:
                for token in self._tokens:
                    _ENGINE.disconnect(token)
        for child in self._dir.glob("*"):
            child.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self._dir.rmdir()
