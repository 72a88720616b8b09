"""A real sd_notify receiver for tests: an AF_UNIX datagram socket, as systemd makes one.

Each datagram is recorded with its arrival time (time.monotonic) by a reader thread, so
a test can wait for a message and measure the gaps between watchdog pings.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType


@dataclass(frozen=True)
class Datagram:
    at: float  # time.monotonic() on arrival
    fields: dict[str, str]


class NotifyListener:
    """`with NotifyListener() as n:` then give `n.env` to the process under test."""

    def __init__(self) -> None:
        # sun_path holds 108 bytes: pytest's tmp_path can be longer, so a short dir.
        self._dir = Path(tempfile.mkdtemp(prefix="k110n-"))
        self.path = self._dir / "notify"
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(str(self.path))
        self._sock.settimeout(0.1)
        self._lock = threading.Condition(threading.RLock())  # re-entered by times_of()
        self._messages: list[Datagram] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="notify-listener", daemon=True)

    def env(self, watchdog_usec: int) -> dict[str, str]:
        return {"NOTIFY_SOCKET": str(self.path), "WATCHDOG_USEC": str(watchdog_usec)}

    def __enter__(self) -> NotifyListener:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            fields = dict(line.split("=", 1) for line in data.decode().splitlines()
                          if "=" in line)
            with self._lock:
                self._messages.append(Datagram(time.monotonic(), fields))
                self._lock.notify_all()

    @property
    def messages(self) -> list[Datagram]:
        with self._lock:
            return list(self._messages)

    def times_of(self, key: str) -> list[float]:
        return [m.at for m in self.messages if m.fields.get(key) == "1"]

    def wait_until(self, condition: Callable[[], bool], what: str,
                   timeout: float = 60.0) -> None:
        """Wait until `condition()` holds, re-checked on every datagram; AssertionError
        on timeout, with everything received so far."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{what} not received in {timeout} s; "
                                         f"got {[m.fields for m in self._messages]}")
                self._lock.wait(min(left, 0.5))

    def wait_for(self, key: str, count: int = 1, timeout: float = 60.0) -> list[float]:
        """Arrival times of the first `count` messages with `key=1`."""
        self.wait_until(lambda: len(self.times_of(key)) >= count, f"{count} x {key}=1",
                        timeout)
        return self.times_of(key)[:count]
