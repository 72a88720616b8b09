"""`python -m hardware.speech.worker`: pyttsx3 + espeak-ng in a process of their own.

libespeak-ng can take its whole process down: missing voice data makes it call
exit(1), a truncated `phondata` makes it segfault (at start, or at the first prompt).
In this process that costs speech only; `hardware.speech.process.WorkerSpeaker` in
the kiosk app sees it die and starts it again.

Protocol, one JSON object per line. In, on stdin: {"cmd": "say", "text", "language"},
{"cmd": "stop"}, {"cmd": "probe"}, {"cmd": "health"}. Out, on the original stdout
(anything else the engine prints goes to stderr): {"type": "ready"|"health",
"health": {...}} and {"type": "spoken", ...} once per prompt (`Spoken` as a dict).
It exits when stdin closes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from core.config import SpeechSection
from core.health import Health
from hardware.speech.speaker import Spoken


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
    args = parser.parse_args(argv)
    out = _Out()

    from hardware.speech import build_in_process

    speaker = build_in_process(SpeechSection(rate=args.rate, volume=args.volume),
                               wav_dir=args.wav_dir)
    subscribe = getattr(speaker, "subscribe", None)
    if callable(subscribe):
        subscribe(lambda spoken: out.send({"type": "spoken", **spoken_to_dict(spoken)}))

    def health(kind: str, h: Health) -> None:
        out.send({"type": kind, "health": h.to_dict()})

    health("ready", speaker.health())
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
        elif cmd == "probe":
            probe = getattr(speaker, "probe_output", None)
            health("health", probe() if callable(probe) else speaker.health())
        elif cmd == "health":
            health("health", speaker.health())
    speaker.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
