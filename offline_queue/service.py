"""The uploader as a systemd service: one instance per outbox, SIGTERM, sd_notify.

The loop runs in a worker thread so the main thread stays free for signals: SIGTERM
only sets the stop flag (the loop finishes the request in flight and returns). If that
request hangs past the grace period we exit anyway; its claim stays in the outbox and
the next start recovers it, and the server's idempotency makes the resend harmless.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import threading
import time
from pathlib import Path
from types import FrameType

from core.config import Config
from core.sdnotify import Notifier
from offline_queue.errors import OutboxError, StorageReadOnly, UploaderLocked
from offline_queue.outbox import Outbox
from offline_queue.uploader import Uploader
from wire.logs import event

log = logging.getLogger("offline_queue.service")

LOCK_FILE = "uploader.lock"
STOP_GRACE_S = 8.0  # systemd's stop timeout is 10 s: leave room for the exit itself


def acquire_lock(data_dir: Path) -> int:
    """Hold an exclusive lock on the data dir's uploader lock for the process lifetime.

    `recover()` turns every claim back to pending, which is only right if no other
    uploader is working on the same outbox.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise StorageReadOnly(f"cannot create the uploader lock in {data_dir}: "
                              f"{exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise UploaderLocked(f"another uploader is already running on {data_dir}") from None
    return fd


def run_process(cfg: Config, *, until_empty: bool = False) -> int:
    lock_fd = acquire_lock(cfg.storage.data_dir)
    outbox = Outbox.for_config(cfg)
    uploader = Uploader(cfg, outbox, notifier=Notifier())

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        event(log, "uploader.signal", signal=signal.Signals(signum).name)
        uploader.stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    result: list[int] = []

    def work() -> None:
        try:
            result.append(uploader.run(until_empty=until_empty))
        except OutboxError as exc:  # e.g. the disk died: say so, let systemd restart us
            event(log, "uploader.storage_error", logging.ERROR, error=str(exc))
            result.append(1)

    worker = threading.Thread(target=work, name="uploader", daemon=True)
    worker.start()
    stop_deadline: float | None = None
    while worker.is_alive():
        worker.join(0.2)
        if uploader.stop.is_set():
            stop_deadline = stop_deadline or time.monotonic() + STOP_GRACE_S
            if time.monotonic() > stop_deadline:
                event(log, "uploader.abandoned_request", logging.WARNING,
                      note="request in flight left claimed; recovered at next start")
                return 1
    outbox.close()
    os.close(lock_fd)
    return result[0] if result else 1
