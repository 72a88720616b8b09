"""The voice call as the screens see it: its state, the handset, prank friction.

Dialling and hanging up are not done here: the emergency line (`core.ports.CallLine`:
`core.emergency.EmergencyLine` in the phone process, or its client here) dials on the
hook driver's thread the moment the handset is lifted, hangs up when it goes back, and
dials for the *Panggil 110* button. This part keeps what the screens show (the call's
latest status, whether the handset is up) and records the `call.started` event for the
command centre. Statuses and hook changes reach it on the UI thread, in whichever order
they happened to arrive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from core.abuse import CallAbuseGuard
from core.flow.navigation import Navigator, Screen
from core.ports import CallLine, CallPhase, CallStatus, EndReason, Phone
from wire.logs import event

log = logging.getLogger("core.flow")


class CallView(Protocol):
    def call_changed(self, status: CallStatus) -> None: ...


class CallFlow:
    def __init__(self, nav: Navigator, view: Callable[[], CallView], phone: Phone, *,
                 line: CallLine, emergency_numbers: tuple[str, ...],
                 abuse: CallAbuseGuard, clock: Callable[[], float],
                 call_started: Callable[[str], None]) -> None:
        self._nav = nav
        self._view = view
        self.phone = phone
        self.line = line
        self.emergency_numbers = emergency_numbers
        self.abuse = abuse
        self._clock = clock
        self._call_started = call_started   # records the call.started event
        self.call = CallStatus(CallPhase.IDLE)
        self.started_at = 0.0
        self.off_hook = False

    @property
    def in_call(self) -> bool:
        return self.call.phase.is_live

    @property
    def technician_call(self) -> bool:
        return self.line.technician_call

    @property
    def can_redial(self) -> bool:
        """The call failed (not hung up by anyone) and the handset is still lifted:
        the caller is waiting with it at their ear; one touch dials again."""
        return (self.call.phase is CallPhase.ENDED and self.off_hook
                and self.call.reason not in (EndReason.LOCAL_HANGUP,
                                             EndReason.REMOTE_HANGUP))

    def adopt(self) -> None:
        """At start-up: show a call the modem adopted after a crash or restart."""
        status = self.phone.status()
        if status.phase.is_live:
            event(log, "call.recovered", phase=status.phase.value)
            self.started_at = self._clock()
            self.call = status
            self._nav.go(Screen.CALL)
            self._view().call_changed(status)

    def call_button(self) -> None:
        if self.in_call:
            self._nav.go(Screen.CALL)
        elif self.line.call("button"):
            self._began("button")

    def hook_changed(self, off_hook: bool) -> None:
        """The handset was lifted or replaced (UI thread; the line has already dialled,
        or hung up, on the hook driver's thread)."""
        self.off_hook = off_hook
        if self.technician_call:
            return   # the technician's own test call owns the handset
        if off_hook:
            if self.in_call:
                self._nav.go(Screen.CALL)
            else:
                self._began("handset")

    def end_call(self) -> None:
        if self.in_call:
            self.phone.hang_up()

    def _began(self, trigger: str, status: CallStatus | None = None) -> None:
        self.started_at = self._clock()
        self.call = status or CallStatus(CallPhase.DIALLING, number=self.emergency_numbers[0],
                                         attempts=len(self.emergency_numbers))
        self._nav.go(Screen.CALL)
        self._view().call_changed(self.call)
        event(log, "call.started", trigger=trigger)
        self._call_started(trigger)

    def call_status(self, status: CallStatus) -> None:
        """A status from the modem driver (delivered on the UI thread)."""
        if self.technician_call:
            return
        was_live = self.in_call
        if status.phase.is_live and not was_live:
            # A call this flow has not seen begin: the handset's, whose lift is still
            # on its way to this thread (the button's call began in `call_button`).
            self._began("handset", status)
            return
        self.call = status
        if status.phase is CallPhase.ENDED and was_live:
            self.abuse.call_ended(self.started_at, status)
            event(log, "call.ended", reason=status.reason.value if status.reason else "")
        self._view().call_changed(status)
