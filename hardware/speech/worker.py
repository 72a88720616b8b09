"""`python -m hardware.speech.worker`: pyttsx3 + espeak-ng in a process of their own.

libespeak-ng can take its whole process down: missing voice data makes it call
exit(1), a truncated `phondata` makes it segfault (at start, or at the first prompt).
In this process that costs speech only; `hardware.speech.process.WorkerSpeaker` in
the kiosk app sees it die and starts it again.

Protocol, one JSON object per line. In, on stdin: {"cmd": "say", "text", "language"},
{"cmd": "stop"}, {"cmd": "volume", "volume"}, {"cmd": "probe"}, {"cmd": "health"}.
Out, on the original stdout
(anything else the engine prints goes to stderr): {"type": "ready"|"health",
"health": {...}} and {"type": "spoken", ...} once per prompt (`Spoken` as a dict).
It exits when stdin closes, when its parent dies (PR_SET_PDEATHSIG: a worker stuck in
libespeak-ng must not outlive the kiosk app), and with EXIT_WEDGED when the engine hung
in a sentence (then only a new process can speak).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from core.config import SpeechSection
from core.health import Health
from hardware.speech.speaker import Spoken

EXIT_WEDGED = 3
HEARTBEAT_S = 1.0
PR_SET_PDEATHSIG = 1   # prctl(2)


def die_with_parent(parent: int) -> None:
    """SIGKILL this process when its parent ends (Linux prctl), or now if it already has."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return   # not Linux: stdin closing still ends the worker
    if os.getppid() != parent:
        os._exit(1)


def spoken_to_dict(spoken: Spoken) -> dict[str, Any]:
    return {"seq": spoken.seq, "language": spoken.language, "completed": spoken.completed,
            "seconds": spoken.seconds, "requested_at": spoken.requested_at,
            "first_audio_at": spoken.first_audio_at, "ended_at": spoken.ended_at,
            "path": str(spoken.path) if spoken.path else None, "error": spoken.error}


def spoken_from_dict(d: dict[str, Any]) -> Spoken:
    return Spoken(seq=int(d["seq"]), language=str(d["language"]),
                  completed=bool(d["completed"]), seconds=float(d["seconds"]),
                  requested_at=float(d["requested_at"]),
                  first_audio_at=None if d.get("first_audio_at") is None
                  else float(d["first_audio_at"]),
                  ended_at=float(d["ended_at"]),
                  path=Path(d["path"]) if d.get("path") else None,
                  error=str(d.get("error", "")))


class _Out:
    """The protocol channel: the real stdout, kept for us alone."""

    def __init__(self) -> None:
        self._file: IO[str] = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)                  # the engine's own prints go to stderr from now on
        sys.stdout = sys.stderr
        self._lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        line = json.dumps(message, separators=(",", ":"))
        with self._lock:
            self._file.write(line + "\n")
            self._file.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hardware.speech.worker")
    parser.add_argument("--rate", type=int, default=150)
    parser.add_argument("--volume", type=float, default=1.0)
    parser.add_argument("--wav-dir", type=Path, default=None)
    parser.add_argument("--parent", type=int, default=0, help="the supervisor's pid")
    args = parser.parse_args(argv)
    if args.parent:
        die_with_parent(args.parent)
    out = _Out()

    from hardware.speech import build_in_process

    speaker = build_in_process(SpeechSection(rate=args.rate, volume=args.volume),
                               wav_dir=args.wav_dir)
    subscribe = getattr(speaker, "subscribe", None)
    def spoken(said: Spoken) -> None:
        out.send({"type": "spoken", **spoken_to_dict(said)})
        if getattr(speaker, "wedged", False):
            os._exit(EXIT_WEDGED)

    if callable(subscribe):
        subscribe(spoken)

    def health(kind: str, h: Health) -> None:
        out.send({"type": kind, "health": h.to_dict()})

    health("ready", speaker.health())

    def heartbeat() -> None:   # stops if libespeak-ng ever holds the interpreter
        while True:
            time.sleep(HEARTBEAT_S)
            out.send({"type": "alive"})

    threading.Thread(target=heartbeat, name="speech-heartbeat", daemon=True).start()
    for raw in sys.stdin:
        try:
            message = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(message, dict):
            continue
        cmd = message.get("cmd")
        if cmd == "say":
            speaker.say(str(message.get("text", "")), str(message.get("language", "")))
        elif cmd == "stop":
            speaker.stop()
        elif cmd == "volume":
            try:
                speaker.set_volume(float(message.get("volume", 1.0)))
            except (TypeError, ValueError):
                continue
        elif cmd == "probe":
            probe = getattr(speaker, "probe_output", None)
            health("health", probe() if callable(probe) else speaker.health())
        elif cmd == "health":
            health("health", speaker.health())
    speaker.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
