"""The kiosk's voice: a worker thread that speaks the latest prompt and nothing else.

`say` only records the request and wakes the worker, so the UI never waits. A new
prompt cancels the one being spoken: the worker notices within one pacing step (it
waits on the request's cancel event, which wakes it at once), cuts the output, and
starts the new one. Text is synthesised sentence by sentence, so the part that cannot
be interrupted (one espeak-ng call) stays a few milliseconds long.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.health import Condition, Health, Level
from core.ports import notify
from hardware.speech.engine import (
    LANGUAGE_NAMES,
    OutputBusy,
    Pcm,
    SpeechError,
    SpeechWedged,
    Synthesizer,
)
from hardware.speech.output import AudioOutput, OutputChoice
from wire.logs import event

log = logging.getLogger(__name__)

CHUNK_S = 0.02          # pacing step: the worst-case delay before a cancel is seen
MAX_SENTENCE_CHARS = 160
PROBE_RATE = 22050
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+")


@dataclass(frozen=True)
class Spoken:
    """What happened to one prompt. Times are `time.monotonic()`."""

    seq: int
    language: str
    completed: bool            # False: replaced, stopped, or failed
    seconds: float             # audio actually played
    requested_at: float
    first_audio_at: float | None
    ended_at: float            # output silent (player killed / file closed)
    path: Path | None = None   # the WAV written, with a file output
    error: str = ""


SpokenListener = Callable[[Spoken], None]


@dataclass
class _Request:
    seq: int
    text: str
    language: str
    requested_at: float
    cancel: threading.Event = field(default_factory=threading.Event)


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Sentences of `text`; over-long ones are cut at clause ends, then at spaces."""
    out: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        pieces = [sentence] if len(sentence) <= max_chars else _CLAUSE_END.split(sentence)
        for piece in pieces:
            rest = piece
            while len(rest) > max_chars:
                cut = rest.rfind(" ", 0, max_chars)
                cut = cut if cut > 0 else max_chars
                out.append(rest[:cut])
                rest = rest[cut:].lstrip()
            if rest.strip():
                out.append(rest)
    return out


class _Pacer:
    """Feeds one utterance's audio to its output no faster than real time (plus the
    output's lead), waiting on the cancel event so an interrupt is seen at once."""

    def __init__(self, output: AudioOutput, cancel: threading.Event) -> None:
        self._output = output
        self._cancel = cancel
        self._start: float | None = None
        self.seconds = 0.0
        self.first_audio_at: float | None = None

    def play(self, pcm: Pcm) -> bool:
        """Play `pcm`; False when cancelled part-way."""
        if self._start is None:
            self._output.open(pcm.rate)
            self._start = time.monotonic()
        step = max(2, int(pcm.rate * CHUNK_S) * 2)
        for offset in range(0, len(pcm.frames), step):
            if not self._wait_until(self._start + self.seconds - self._output.lead_s):
                return False
            piece = pcm.frames[offset:offset + step]
            self._output.write(piece)
            if self.first_audio_at is None:
                self.first_audio_at = time.monotonic()
            self.seconds += len(piece) / 2 / pcm.rate
        return True

    def drain(self) -> bool:
        """Wait until the audio written so far has been heard; False when cancelled."""
        if self._start is None:
            return not self._cancel.is_set()
        return self._wait_until(self._start + self.seconds)

    def _wait_until(self, due: float) -> bool:
        assert self._start is not None
        now = time.monotonic()
        if now > due + self._output.lead_s + CHUNK_S:
            # We fell behind (a loaded machine, a slow sentence): the listener heard a
            # gap, so move the clock instead of rushing to catch up.
            self._start += now - due
        remaining = due - now
        if remaining > 0:
            return not self._cancel.wait(remaining)
        return not self._cancel.is_set()


class EspeakSpeaker:
    """`core.ports.Speaker` on pyttsx3 + espeak-ng. Build it with `hardware.speech.build`."""

    def __init__(self, synth: Synthesizer, voices: dict[str, str], output: OutputChoice,
                 base_health: Health) -> None:
        self._synth = synth
        self._max_volume = synth.volume   # the configured loudness: the commuter's 100 %
        self._voices = voices
        self._output = output
        self._base_health = base_health
        self._fault = ""
        self._condition = Condition.NONE   # of the fault, when there is one
        self._listeners: list[SpokenListener] = []
        self._cond = threading.Condition()
        self._pending: _Request | None = None
        self._dropped: list[_Request] = []
        self._current: _Request | None = None
        self._closing = False
        self._seq = 0
        self.last_spoken: Spoken | None = None
        self.wedged = False   # the engine hung once: only a new process can speak again
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ the Speaker port

    def say(self, text: str, language: str) -> None:
        with self._cond:
            if self._closing:
                return
            self._cancel_locked()
            if not text.strip():
                return
            self._seq += 1
            self._pending = _Request(self._seq, text, language, time.monotonic())
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._cancel_locked()

    def set_volume(self, volume: float) -> None:
        # Read by the worker at the next sentence (a float assignment is atomic).
        self._synth.volume = self._max_volume * min(1.0, max(0.0, volume))

    def health(self) -> Health:
        base = self._base_health
        if self._fault:
            return Health("speech", Level.FAIL, self._fault, dict(base.details),
                          condition=self._condition)
        return base

    def subscribe(self, listener: SpokenListener) -> None:
        """`listener(Spoken)` after each prompt ends, from the worker thread."""
        self._listeners.append(listener)

    def probe_output(self) -> Health:
        """Play 0.1 s of silence (inaudible) to prove the player and the sound card
        work, as `doctor` does; the health afterwards. Blocks for about 0.1 s."""
        if self._output.wav_dir is None:
            output: AudioOutput | None = None
            try:
                output = self._output.make(0, "probe")
                output.open(PROBE_RATE)
                output.write(bytes(PROBE_RATE // 10 * 2))
                output.close(True)
                self._fault = ""
            except SpeechError as exc:
                self._fault = f"cannot play sound: {exc}"
                self._condition = (Condition.PORT_BUSY if isinstance(exc, OutputBusy)
                                   else Condition.NONE)
                if output is not None:
                    with contextlib.suppress(SpeechError):
                        output.close(False)
        return self.health()

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cancel_locked()
            self._cond.notify()
        self._thread.join(timeout=5.0)
        self._synth.close()

    # ------------------------------------------------------------ the worker

    def _cancel_locked(self) -> None:
        if self._pending is not None:
            # Never started: still reported (as not completed), so every `say` gets
            # exactly one Spoken record.
            self._dropped.append(self._pending)
            self._pending = None
            self._cond.notify()
        if self._current is not None:
            self._current.cancel.set()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._dropped and not self._closing:
                    self._cond.wait()
                dropped, self._dropped = self._dropped, []
                if self._closing:
                    return
                request, self._pending = self._pending, None
                self._current = request
            for never_started in dropped:
                self._finished(self._spoken(never_started, None, None))
            if request is None:
                continue
            try:
                spoken = self._speak(request)
            except Exception as exc:  # a bug must not leave the kiosk mute for good
                log.exception("speech worker failed")
                self._fault = f"speech failed: {exc}"
                spoken = self._spoken(request, None, None, error=str(exc))
            finally:
                with self._cond:
                    self._current = None
            self._finished(spoken)

    def _speak(self, request: _Request) -> Spoken:
        voice = self._voices.get(request.language)
        if voice is None:
            name = LANGUAGE_NAMES.get(request.language, request.language)
            return self._spoken(request, None, None, error=f"no {name} voice in espeak-ng")
        output: AudioOutput | None = None
        pacer: _Pacer | None = None
        try:
            output = self._output.make(request.seq, request.language, request.cancel)
            pacer = _Pacer(output, request.cancel)
            completed = self._play_sentences(request, voice, pacer) and pacer.drain()
            path = output.close(completed)
            self._fault = ""
            return self._spoken(request, pacer, path, completed=completed)
        except SpeechError as exc:
            if output is not None:
                with contextlib.suppress(SpeechError):
                    output.close(False)
            self._fault = f"cannot speak: {exc}"
            self._condition = (Condition.PORT_BUSY if isinstance(exc, OutputBusy)
                               else Condition.NONE)
            self.wedged = self.wedged or isinstance(exc, SpeechWedged)
            return self._spoken(request, pacer, None, error=str(exc))

    def _play_sentences(self, request: _Request, voice: str, pacer: _Pacer) -> bool:
        for sentence in split_sentences(request.text):
            if request.cancel.is_set():
                return False
            pcm = self._synth.synthesize(sentence, voice)
            if request.cancel.is_set() or not pacer.play(pcm):
                return False
        return True

    def _spoken(self, request: _Request, pacer: _Pacer | None, path: Path | None,
                completed: bool = False, error: str = "") -> Spoken:
        return Spoken(seq=request.seq, language=request.language, completed=completed,
                      seconds=pacer.seconds if pacer else 0.0,
                      requested_at=request.requested_at,
                      first_audio_at=pacer.first_audio_at if pacer else None,
                      ended_at=time.monotonic(), path=path, error=error)

    def _finished(self, spoken: Spoken) -> None:
        self.last_spoken = spoken
        level = logging.WARNING if spoken.error else logging.INFO
        event(log, "speech_ended", level, seq=spoken.seq, language=spoken.language,
              completed=spoken.completed, seconds=round(spoken.seconds, 2),
              error=spoken.error)
        notify(self._listeners, spoken, log, "speech listener failed")


class SilentSpeaker:
    """Says nothing; its health says why (disabled, or espeak-ng unusable)."""

    def __init__(self, health: Health) -> None:
        self._health = health

    def say(self, text: str, language: str) -> None:
        return None

    def stop(self) -> None:
        return None

    def set_volume(self, volume: float) -> None:
        return None

    def health(self) -> Health:
        return self._health

    def subscribe(self, listener: SpokenListener) -> None:
        return None

    def close(self) -> None:
        return None
