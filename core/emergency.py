"""The one path from a lifted handset (or the *Panggil 110* button) to the modem's ATD.

`EmergencyLine` listens to the hook switch on the hook driver's own thread and asks the
phone to dial there and then: no event loop, screen, speech or network sits between
the lift and the dial. In production it lives in the phone process (`phone/`), which
owns the modem and the hook; the UI only observes through `phone.client`.

It decides from the phone's own status and the hook's own events, never from a copy
another thread keeps, and that closes the windows a copy leaves open:
- putting the handset back always hangs up here, on the hook thread (a copy that had
  not yet heard "dialling" would leave 110 ringing with the handset on the hook);
- a lift while the previous call is still being hung up dials again (the driver runs
  the new dial right after the hang-up) instead of being taken for "already in a call";
- a technician's test call owns the handset only while it lasts: its end, published by
  the driver, gives the handset back at once, whoever was meant to say so later.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from core.ports import CallPhase, CallStatus, HookSwitch, Phone
from wire.logs import event

log = logging.getLogger(__name__)

# Technician mode that never saw its test call go live (the tool that asked for it
# died between the two steps) stops owning the handset after this long.
TECHNICIAN_GRACE_S = 30.0


class EmergencyLine:
    """`core.ports.CallLine` over a local phone and hook switch."""

    def __init__(self, phone: Phone, hook: HookSwitch,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._phone = phone
        self._clock = clock
        self._lock = threading.RLock()   # a lift and a tap at once dial once
        # Written without the lock (listeners run on driver threads that must never
        # wait for one another); a bool, float or reference assignment is atomic.
        self._technician_since: float | None = None
        self._status_at_begin: CallStatus | None = None
        self._hanging_up = False
        phone.subscribe(self._call_changed)
        hook.subscribe(self._hook_changed)   # replays a handset already lifted

    # ------------------------------------------------------------ CallLine

    @property
    def technician_call(self) -> bool:
        """The handset is the technician's: from `begin_technician_call` while their
        test call is live, and no longer once the phone's own status says it ended
        (read from the phone, not from a listener that may not have run yet)."""
        since = self._technician_since
        if since is None:
            return False
        status = self._phone.status()
        if status.phase.is_live:
            return not status.emergency
        if status is not self._status_at_begin:
            return False        # a call ended since the session began: the test is over
        return self._clock() - since < TECHNICIAN_GRACE_S   # its dial is on its way

    def begin_technician_call(self) -> None:
        self._status_at_begin = self._phone.status()
        self._technician_since = self._clock()
        event(log, "call.technician_begin")

    def end_technician_call(self) -> None:
        was = self._technician_since is not None
        self._technician_since = None
        if was:
            event(log, "call.technician_end")

    def call(self, trigger: str) -> bool:
        """Dial the emergency numbers unless a call is already up; True if dialled."""
        with self._lock:
            if self._phone.status().phase.is_live and not self._hanging_up:
                return False
            self._hanging_up = False
            self._phone.call_emergency()
        event(log, "call.dial_requested", trigger=trigger)
        return True

    def hang_up(self) -> None:
        """End the call (the caller put the handset back, or tapped End)."""
        self._hanging_up = self._phone.status().phase.is_live
        self._phone.hang_up()

    # ------------------------------------------------------------ driver threads

    def _hook_changed(self, off_hook: bool) -> None:   # on the hook driver's thread
        if self.technician_call:
            return   # the technician's own test call owns the handset
        if off_hook:
            self.call("handset")
        else:
            # Always, even when no call is visible yet: a dial may still be queued.
            self.hang_up()

    def _call_changed(self, status: CallStatus) -> None:   # on the modem's thread
        if status.phase is CallPhase.ENDED:
            self._hanging_up = False
            if not status.emergency and self.technician_call is False \
                    and self._technician_since is not None:
                # The test call is over: the handset is the public's again (already,
                # by `technician_call`); forget the session too.
                self.end_technician_call()
