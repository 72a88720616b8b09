"""Processes under test: the uploader and the UI as subprocesses, cleaned up for sure."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.systemd.units import REPO

DEAD_SERVER = "http://127.0.0.1:9/api/v1"  # the discard port: nothing listens there


@contextmanager
def running(argv: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The process under test, in its own process group, killed with its children."""
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, env={**os.environ, **env}, stdout=out,
                                stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True)
        try:
            yield proc
        finally:
            _kill_group(proc.pid, signal.SIGTERM)  # also children left by a dead parent
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                _kill_group(proc.pid, signal.SIGKILL)
                proc.wait(5)


def stop_like_systemd(proc: subprocess.Popen[bytes], timeout_s: float) -> int | None:
    """SIGTERM to every process of the service (KillMode=control-group); the exit code,
    or None when it is still running after `timeout_s` (systemd would SIGKILL it)."""
    _kill_group(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        return None


def _kill_group(pgid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def enqueue_one_report(cfg: Path, umask: str = "022") -> None:
    line = json.dumps({"category": "theft", "language": "id",
                       "description": "Tas dicopet di peron", "incident":
                       {"where": "at_kiosk", "when": "now"}})
    argv = [sys.executable, "-m", "offline_queue", "--config", str(cfg), "enqueue"]
    subprocess.run(["/bin/sh", "-c", f'umask {umask}; exec "$@"', "sh", *argv],
                   input=line.encode(), check=True, capture_output=True, timeout=60)
