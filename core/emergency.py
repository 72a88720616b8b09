"""The one path from a lifted handset (or the *Panggil 110* button) to the modem's ATD.

`EmergencyLine` listens to the hook switch on the hook driver's own thread and asks the
phone to dial there and then: no event loop, screen, speech or network sits between
the lift and the dial. The screens only observe (they hear the lift and the call's
statuses through the Qt bridge). It decides from the phone's own status, not from a
copy the UI keeps, so a lift during a live call never dials over it.

A technician's test call owns the handset while it lasts (`technician_call`): lifting
then is the technician's, not a 110 call.
"""

from __future__ import annotations

import logging
import threading

from core.ports import HookSwitch, Phone
from wire.logs import event

log = logging.getLogger(__name__)


class EmergencyLine:
    def __init__(self, phone: Phone, hook: HookSwitch) -> None:
        self._phone = phone
        self._technician = threading.Event()
        self._lock = threading.Lock()   # a lift and a tap at once dial once
        hook.subscribe(self._hook_changed)

    @property
    def technician_call(self) -> bool:
        return self._technician.is_set()

    def begin_technician_call(self) -> None:
        self._technician.set()

    def end_technician_call(self) -> None:
        self._technician.clear()

    def call(self, trigger: str) -> bool:
        """Dial the emergency numbers unless a call is already up; True if dialled."""
        with self._lock:
            if self._phone.status().phase.is_live:
                return False
            self._phone.call_emergency()
        event(log, "call.dial_requested", trigger=trigger)
        return True

    def _hook_changed(self, off_hook: bool) -> None:   # on the hook driver's thread
        if off_hook and not self._technician.is_set():
            self.call("handset")
