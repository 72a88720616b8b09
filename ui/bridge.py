"""The one bridge between driver threads and the Qt UI thread.

Device listeners (core.ports) are called on driver threads; Qt widgets may only be
touched on the UI thread. `Bridge` re-emits each device callback as a queued Qt signal
(the public flow, the maintenance pages and anything else connect to these signals),
and `post()` runs any callable on the UI thread (core.jobs delivers results with it).

It dials nothing: `core.emergency.EmergencyLine` dials on the hook driver's thread
before the lift ever reaches this bridge. Devices have `subscribe` but no unsubscribe,
so the composition root makes one bridge per app, attached once, living as long as the
devices.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from core.ports import CallStatus, HookSwitch, Phone


class Bridge(QObject):
    hook_changed = Signal(bool)    # True = handset lifted (off hook)
    call_status = Signal(object)   # CallStatus, for every call (emergency or test)
    key_switch = Signal(bool)      # True = the maintenance key turned on
    _posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the UI thread (safe to call from any thread)."""
        self._posted.emit(fn)

    def _run(self, fn: Callable[[], None]) -> None:
        fn()

    def attach(self, phone: Phone, hook: HookSwitch) -> None:
        phone.subscribe(self._on_call)
        hook.subscribe(self._on_hook)

    def attach_key_switch(self, switch: HookSwitch) -> None:
        switch.subscribe(self._on_key)

    # Emitting from a driver thread on an object living in the UI thread queues the
    # signal: connected slots always run on the UI thread.
    def _on_call(self, status: CallStatus) -> None:
        self.call_status.emit(status)

    def _on_hook(self, off_hook: bool) -> None:
        self.hook_changed.emit(off_hook)

    def _on_key(self, turned_on: bool) -> None:
        self.key_switch.emit(turned_on)
