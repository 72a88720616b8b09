"""sd_notify never blocks its caller: a full notify queue drops the ping, it does not
stop the loop that sends it (that loop is what the watchdog watches)."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from core.sdnotify import Notifier


def test_a_full_notify_queue_drops_pings_instead_of_blocking(tmp_path: Path) -> None:
    path = str(tmp_path / "notify")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(path)   # bound, never read: the queue fills up
    try:
        notifier = Notifier({"NOTIFY_SOCKET": path})
        done = threading.Event()
        results: list[bool] = []

        def ping_a_lot() -> None:
            results.extend(notifier.watchdog() for _ in range(5000))
            done.set()

        threading.Thread(target=ping_a_lot, daemon=True).start()
        assert done.wait(30), "notify blocked on a full queue"
        assert results[0] is True and False in results   # the queue did fill up
    finally:
        listener.close()
