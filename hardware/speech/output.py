"""Where synthesised speech goes: a sound player process, or WAV files for tests.

Both receive PCM in small chunks, paced to real time by the speaker's worker, so an
interrupted utterance stops at once: the player process is killed (dropping whatever
the sound card still buffers) and a WAV file simply ends where the listener stopped
hearing — a cut prompt leaves a short file, which is what the tests check.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from hardware.speech.engine import OutputBusy, SpeechError

# Raw mono S16_LE from stdin, per player. aplay (alsa-utils) is what a kiosk has;
# paplay and sox's play cover desktops used for development.
PLAYER_COMMANDS: dict[str, tuple[str, ...]] = {
    "aplay": ("aplay", "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", "{rate}", "-"),
    "paplay": ("paplay", "--raw", "--format=s16le", "--channels=1", "--rate={rate}"),
    "play": ("play", "-q", "-t", "raw", "-e", "signed", "-b", "16", "-c", "1",
             "-r", "{rate}", "-"),
}
TAIL_S = 2.0   # longest wait for a player to finish after its last sample


class AudioOutput(Protocol):
    """One utterance's destination. `open` comes before the first `write`."""

    # Seconds of audio written ahead of the wall clock: keeps a sound card fed when the
    # worker is late on a loaded machine. Costs nothing on interrupt (we kill the player).
    lead_s: float

    def open(self, rate: int) -> None: ...

    def write(self, frames: bytes) -> None: ...

    def close(self, completed: bool) -> Path | None:
        """Finish (completed) or cut off at once; the file written, if any."""


@dataclass(frozen=True)
class OutputChoice:
    """How utterances leave the kiosk; `make(seq, language)` gives one utterance's."""

    name: str
    wav_dir: Path | None = None
    player: tuple[str, ...] | None = None   # argv; "{rate}" is filled in

    def make(self, seq: int, language: str, cancel: threading.Event | None = None,
             ) -> AudioOutput:
        """`cancel` set means "silence now", also while the player drains its tail."""
        if self.wav_dir is not None:
            return WavFileOutput(self.wav_dir / f"{seq:04d}-{language}.wav")
        if self.player is None:
            raise SpeechError("no audio player found (install alsa-utils for aplay)")
        return PlayerOutput(self.player, cancel or threading.Event())


def choose_output(wav_dir: Path | None) -> OutputChoice | None:
    """WAV files when `wav_dir` is given, else the first player installed, else None."""
    if wav_dir is not None:
        return OutputChoice(name=f"WAV files in {wav_dir}", wav_dir=wav_dir)
    for name, argv in PLAYER_COMMANDS.items():
        if shutil.which(name):
            return OutputChoice(name=name, player=argv)
    return None


class PlayerOutput:
    """Streams raw PCM into a player process's stdin; killing it means silence now."""

    lead_s = 0.25

    def __init__(self, argv: tuple[str, ...], cancel: threading.Event) -> None:
        self._argv = argv
        self._player = argv[0]
        self._cancel = cancel
        self._proc: subprocess.Popen[bytes] | None = None

    def open(self, rate: int) -> None:
        argv = [a.format(rate=rate) for a in self._argv]
        try:
            self._proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            raise SpeechError(f"cannot start {self._player}: {exc.strerror}") from exc

    def write(self, frames: bytes) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None:
            raise SpeechError("audio output written before it was opened")
        if proc.poll() is not None:
            raise self._failure(proc)
        try:
            proc.stdin.write(frames)
            proc.stdin.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise self._failure(proc) from exc

    def close(self, completed: bool) -> Path | None:
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        if completed and proc.poll() is None and proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
            # The worker already waited out the audio; this is the sound card's tail,
            # still cut at once by a new prompt.
            deadline = time.monotonic() + TAIL_S
            while proc.poll() is None and time.monotonic() < deadline \
                    and not self._cancel.wait(0.01):
                pass
        killed = proc.poll() is None
        if killed:
            proc.kill()
        proc.wait()
        failed = completed and not killed and proc.returncode != 0
        failure = self._failure(proc) if failed else None
        _close_pipes(proc.stdin, proc.stderr)
        if failure is not None:
            raise failure
        return None

    def _failure(self, proc: subprocess.Popen[bytes]) -> SpeechError:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err = b""
        if proc.stderr is not None:
            try:
                err = proc.stderr.read() or b""
            except (OSError, ValueError):
                err = b""
        lines = err.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {proc.returncode}"
        # The player's stderr is all an external process tells; EBUSY's strerror is
        # read here, once, and becomes a type (and so Condition.PORT_BUSY) from here on.
        busy = "resource busy" in detail.lower()
        return (OutputBusy if busy else SpeechError)(f"{self._player} failed: {detail}")


def _close_pipes(*pipes: IO[bytes] | None) -> None:
    for pipe in pipes:
        if pipe is not None:
            with contextlib.suppress(OSError, ValueError):
                pipe.close()


class WavFileOutput:
    """Writes what a listener would have heard to a WAV file (tests, listen-checks)."""

    lead_s = 0.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self._wav: wave.Wave_write | None = None

    def open(self, rate: int) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._wav = wave.open(str(self.path), "wb")  # noqa: SIM115 - closed in close()
        except OSError as exc:
            raise SpeechError(f"cannot write {self.path}: {exc.strerror}") from exc
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)

    def write(self, frames: bytes) -> None:
        if self._wav is None:
            raise SpeechError("audio output written before it was opened")
        try:
            self._wav.writeframes(frames)
        except OSError as exc:
            raise SpeechError(f"cannot write {self.path}: {exc.strerror}") from exc

    def close(self, completed: bool) -> Path | None:
        wav, self._wav = self._wav, None
        if wav is None:
            return None
        try:
            wav.close()
        except OSError as exc:
            raise SpeechError(f"cannot write {self.path}: {exc.strerror}") from exc
        return self.path
