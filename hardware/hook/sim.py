"""The kiosk side of the simulated hook switch (`simulators.hook.HookSimulator`).

The simulator owns a pty and writes one state byte: b"1" off hook (lifted), b"0" on
hook, on every change and again periodically. This backend reads that pty in its own
thread, so the handset can be lifted from outside the kiosk process.
"""

from __future__ import annotations

import contextlib
import logging
import threading

import serial

from core.config import HandsetSection
from core.health import Condition
from hardware.errors import DeviceBusy, DeviceMissing
from hardware.hook.base import HookBase
from hardware.serialport import open_port
from wire.logs import event

log = logging.getLogger("hardware.hook.sim")

OFF_HOOK = ord("1")
ON_HOOK = ord("0")
REOPEN_S = 1.0


class SimHook(HookBase):
    def __init__(self, section: HandsetSection) -> None:
        super().__init__("sim")
        if not section.port:
            raise ValueError("SimHook needs [handset] port (the simulator's pty)")
        self._url = section.port
        self._stop = threading.Event()
        self._port: serial.Serial | None = None
        self._thread = threading.Thread(target=self._run, name="hook-sim", daemon=True)

    def start(self) -> SimHook:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._port is None and not self._open():
                self._stop.wait(REOPEN_S)
                continue
            assert self._port is not None
            try:
                data = self._port.read(self._port.in_waiting or 1)
            except (serial.SerialException, OSError) as exc:
                self._lost(exc)
                continue
            for byte in data:
                self._byte(byte)
        self._close_port()

    def _byte(self, byte: int) -> None:
        if byte in (OFF_HOOK, ON_HOOK):
            self._set(byte == OFF_HOOK)
        else:
            event(log, "hook_sim_stray_byte", logging.WARNING, hex=f"{byte:02x}")

    def _open(self) -> bool:
        try:
            port = open_port(self._url, 9600, timeout=0.1, what="hook simulator")
        except (DeviceBusy, DeviceMissing) as exc:
            self._set_problem(str(exc), Condition.PORT_BUSY if isinstance(exc, DeviceBusy)
                              else Condition.NONE)
            return False
        # Bytes queued before we opened are old news; the simulator repeats its state.
        port.reset_input_buffer()
        self._port = port
        self._set_problem("")
        return True

    def _lost(self, exc: BaseException) -> None:
        self._close_port()
        self._set_problem(f"hook simulator port lost: {exc}")

    def _close_port(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()
