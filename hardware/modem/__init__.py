"""The GSM/LTE modem (3GPP TS 27.007 AT commands) as a `core.ports.Phone`.

`build(section)` never raises: without a port it returns a phone that says it is not
installed; with a port it returns a started `ModemPhone` that keeps trying to open and
initialise the modem and reports what is wrong through `health()`.
"""

from __future__ import annotations

import logging
import threading

from core.config import ModemSection
from core.health import Condition, Health, Level
from core.ports import CallListener, CallPhase, CallStatus, EndReason, Phone, notify
from hardware.modem.errors import ModemError, ModemGone, ModemTimeout
from hardware.modem.modem import ModemPhone

log = logging.getLogger("hardware.modem")

__all__ = ["ModemError", "ModemGone", "ModemPhone", "ModemTimeout", "NotInstalledPhone",
           "build"]


class NotInstalledPhone:
    """No modem configured: every call ends at once with reason NOT_INSTALLED."""

    def __init__(self) -> None:
        self._listeners: list[CallListener] = []
        self._status = CallStatus(CallPhase.IDLE)
        self._lock = threading.Lock()

    def call_emergency(self) -> None:
        self._end("")

    def call(self, number: str) -> None:
        self._end(number, emergency=False)

    def hang_up(self) -> None:
        pass

    def status(self) -> CallStatus:
        return self._status

    def subscribe(self, listener: CallListener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def health(self) -> Health:
        return Health("modem", Level.FAIL, "no modem configured", {"port": None},
                      condition=Condition.NOT_INSTALLED)

    def alive(self) -> bool:
        return True

    def close(self) -> None:
        pass

    def _end(self, number: str, emergency: bool = True) -> None:
        self._status = CallStatus(CallPhase.ENDED, number, reason=EndReason.NOT_INSTALLED,
                                  detail="no modem configured", emergency=emergency)
        with self._lock:
            listeners = list(self._listeners)
        notify(listeners, self._status, log, "call_listener_failed")


def build(section: ModemSection) -> Phone:
    if not section.port:
        return NotInstalledPhone()
    return ModemPhone(section).start()
