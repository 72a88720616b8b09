"""The printer's serial transport: opens the port on demand and only moves bytes.

The port is configuration (`hardware.serialport.open_port`): a device path, a pty, or
a pyserial URL such as `spy:///dev/ttyUSB0?file=/tmp/printer.hex` for a field hexdump.
Local ports are held exclusively, so a technician's `test-print` gets DeviceBusy while
the kiosk app owns the printer. A port that cannot be opened, or that fails mid-write
(unplugged), is closed and reopened by the next call: the kiosk heals by itself when
the cable comes back.
"""

from __future__ import annotations

import contextlib
import termios
import time
from collections.abc import Callable

import serial

from hardware.errors import DeviceBusy, DeviceMissing, HardwareError
from hardware.printer.constants import realtime_status
from hardware.printer.status import is_status_byte
from hardware.serialport import open_port

# Short reads so a status wait re-checks its deadline often.
READ_SLICE_S = 0.05
Opener = Callable[..., serial.Serial]


class SerialLink:
    def __init__(self, url: str, baudrate: int, opener: Opener = open_port) -> None:
        self.url = url
        self.baudrate = baudrate
        self._opener = opener
        self._port: serial.Serial | None = None
        self.last_error = ""
        self.busy = False   # the last open failed because another process holds it

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def ensure_open(self) -> serial.Serial:
        """The open port; raises DeviceBusy or DeviceMissing (and remembers why)."""
        if self._port is None:
            try:
                self._port = self._opener(self.url, self.baudrate, timeout=READ_SLICE_S,
                                          what="printer")
            except HardwareError as exc:
                self.last_error = str(exc)
                self.busy = isinstance(exc, DeviceBusy)
                raise
            self.last_error = ""
            self.busy = False
        return self._port

    def write(self, data: bytes) -> None:
        """Send `data` and wait until the OS has handed it to the line."""
        port = self.ensure_open()
        try:
            port.write(data)
            port.flush()
        except (serial.SerialException, OSError, termios.error) as exc:
            self._lost(exc)

    def ask_status(self, n: int, timeout_s: float) -> int | None:
        """Send DLE EOT n; the status byte, or None when none came within `timeout_s`."""
        port = self.ensure_open()
        deadline = time.monotonic() + timeout_s
        try:
            port.reset_input_buffer()   # a stale answer must not pass for this one
            port.write(realtime_status(n))
            port.flush()
            while time.monotonic() < deadline:
                got = port.read(1)
                if got and is_status_byte(got[0]):
                    return got[0]
        except (serial.SerialException, OSError, termios.error) as exc:
            self._lost(exc)
        return None

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            # A port that is already gone has nothing left to release.
            with contextlib.suppress(serial.SerialException, OSError, termios.error):
                port.close()

    def _lost(self, exc: Exception) -> None:
        self.close()
        self.last_error = f"the printer port {self.url} failed: {exc}"
        raise DeviceMissing(self.last_error) from exc
