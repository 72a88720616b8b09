"""Hook switch wired to a serial port's modem-status line (CTS, DSR, DCD or RI).

The handset's switch closes a contact between a driven line (DTR/RTS) and one input
line. There are no interrupts for these lines on USB adapters, so a thread polls them
every few milliseconds and debounces the contact.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import serial

from core.config import HandsetSection
from hardware.errors import DeviceBusy, DeviceMissing
from hardware.hook.base import Debouncer, PortHook
from hardware.serialport import open_port

POLL_S = 0.005       # status-line poll period: well under the debounce time
REOPEN_S = 2.0       # retry period while the port is missing

# pyserial's attribute for each line name used in [handset] line.
LINE_ATTRIBUTES = {"CTS": "cts", "DSR": "dsr", "DCD": "cd", "RI": "ri"}


class StatusLines(Protocol):
    """The part of a serial port this backend uses: the narrowest seam to fake."""

    @property
    def cts(self) -> bool: ...
    @property
    def dsr(self) -> bool: ...
    @property
    def cd(self) -> bool: ...
    @property
    def ri(self) -> bool: ...
    def close(self) -> None: ...


Opener = Callable[[str], StatusLines]


def _default_opener(url: str) -> StatusLines:
    port = open_port(url, 9600, timeout=0.1, what="hook switch")
    try:
        # Drive DTR and RTS so a switch wired from either of them reads as asserted.
        port.dtr = True
        port.rts = True
    except (serial.SerialException, OSError) as exc:
        port.close()
        raise DeviceMissing(f"cannot drive DTR/RTS on the hook switch port {url}: "
                            f"{exc}") from exc
    return port


class StatusLineHook(PortHook[StatusLines]):
    reopen_s = REOPEN_S

    def __init__(self, section: HandsetSection, opener: Opener = _default_opener,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(f"serial {section.line}", "hook-lines")
        if not section.port:
            raise ValueError("StatusLineHook needs [handset] port")
        self.section = section
        self._attr = LINE_ATTRIBUTES[section.line]
        self._opener = opener
        self._debounce = Debouncer(section.debounce_ms / 1000, clock)

    def open_port(self) -> bool:
        assert self.section.port is not None
        try:
            self._port = self._opener(self.section.port)
        except (DeviceBusy, DeviceMissing) as exc:
            return self._cannot_open(exc)
        self._set_problem("")
        return True

    def poll_once(self) -> None:
        """Read the line once and feed the debouncer (the thread calls this; tests
        call it directly with a fake port and a fake clock)."""
        if self._port is None:
            return
        try:
            asserted = bool(getattr(self._port, self._attr))
        except (serial.SerialException, OSError, ValueError) as exc:
            # Keep the last state: a flaky cable must not hang up a call in progress.
            self._close_port()
            self._set_problem(f"hook switch port failed: {exc}")
            return
        stable = self._debounce.feed(asserted != self.section.active_low)
        if stable is not None:
            self._set(stable)

    def _read(self) -> None:
        self.poll_once()
        self._stop.wait(POLL_S)
