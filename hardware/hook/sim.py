"""The kiosk side of the simulated hook switch (`simulators.hook.HookSimulator`).

The simulator owns a pty and writes one state byte: b"1" off hook (lifted), b"0" on
hook, on every change, again periodically, and at once when asked (b"?"). This
backend reads that pty in its own thread, so the handset can be lifted from outside
the kiosk process.
"""

from __future__ import annotations

import contextlib
import logging

import serial

from core.config import HandsetSection
from hardware.burstlog import BurstLog
from hardware.errors import DeviceBusy, DeviceMissing
from hardware.hook.base import PortHook
from hardware.serialport import open_port

log = logging.getLogger("hardware.hook.sim")

OFF_HOOK = ord("1")
ON_HOOK = ord("0")
QUERY = b"?"        # "what is the state?": answered at once by the simulator
REOPEN_S = 1.0


class SimHook(PortHook[serial.Serial]):
    reopen_s = REOPEN_S

    def __init__(self, section: HandsetSection) -> None:
        super().__init__("sim", "hook-sim")
        if not section.port:
            raise ValueError("SimHook needs [handset] port (the simulator's pty)")
        self._url = section.port
        self._stray = BurstLog(log, "hook_sim_stray_byte")

    def _read(self) -> None:
        assert self._port is not None
        try:
            data = self._port.read(self._port.in_waiting or 1)
        except (serial.SerialException, OSError) as exc:
            self._lost(exc)
            return
        for byte in data:
            self._byte(byte)

    def _byte(self, byte: int) -> None:
        if byte in (OFF_HOOK, ON_HOOK):
            self._stray.flush()
            self._set(byte == OFF_HOOK)
        else:
            self._stray.note(hex=f"{byte:02x}")

    def open_port(self) -> bool:
        try:
            port = open_port(self._url, 9600, timeout=0.1, what="hook simulator")
        except (DeviceBusy, DeviceMissing) as exc:
            return self._cannot_open(exc)
        # Bytes queued before we opened are old news: ask for the state now (the
        # simulator also repeats it periodically).
        port.reset_input_buffer()
        with contextlib.suppress(serial.SerialException, OSError):
            port.write(QUERY)
        self._port = port
        self._set_problem("")
        return True

    def _lost(self, exc: BaseException) -> None:
        self._close_port()
        self._set_problem(f"hook simulator port lost: {exc}")
