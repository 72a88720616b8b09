"""What every simulated serial device shares: its pseudo-terminal and its lifecycle.

The simulator holds the master end; the driver opens `port`, the slave's path, as it
would /dev/ttyUSB0. The slave is in raw mode until the driver opens it (pyserial sets
raw too): no echo of our answers back to us, no newline translation of the data.
"""

from __future__ import annotations

import contextlib
import os
import tty
from typing import Self


class PtyDevice:
    def __init__(self) -> None:
        self.port = ""
        self._master = self._slave = -1

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _open_pty(self) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)

    def _close_pty(self) -> None:
        """Close both ends (the driver's port then fails, as when a cable is pulled)."""
        for fd in (self._master, self._slave):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = -1
