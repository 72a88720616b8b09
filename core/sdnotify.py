"""sd_notify(3) in a few lines of the standard library.

systemd passes `NOTIFY_SOCKET` (a path, or '@name' for the abstract namespace) to a
`Type=notify` service; we send it `READY=1` once ready and `WATCHDOG=1` at no more than
half of `WATCHDOG_USEC`. Without `NOTIFY_SOCKET` every call is a no-op.
"""

from __future__ import annotations

import os
import socket


class Notifier:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        env = dict(os.environ) if env is None else env
        addr = env.get("NOTIFY_SOCKET", "")
        self._addr = "\0" + addr[1:] if addr.startswith("@") else addr
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        wanted = not pid or pid == str(os.getpid())
        self.watchdog_interval_s: float | None = (
            int(usec) / 1e6 / 2 if usec.isdigit() and int(usec) > 0 and wanted else None)

    @property
    def enabled(self) -> bool:
        return bool(self._addr)

    def notify(self, state: str) -> bool:
        """Send `state` (e.g. 'READY=1'); False when there is no socket or it failed."""
        if not self._addr:
            return False
        try:
            # Non-blocking: with systemd's queue full (or a stuck listener) a blocking
            # send would stop the loop that sends it — the one thing a watchdog must
            # never cause. A ping dropped now is sent again at the next interval.
            kind = socket.SOCK_DGRAM | socket.SOCK_CLOEXEC | socket.SOCK_NONBLOCK
            with socket.socket(socket.AF_UNIX, kind) as s:
                s.connect(self._addr)
                s.sendall(state.encode("utf-8"))
        except OSError:   # includes BlockingIOError: the queue is full
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")
