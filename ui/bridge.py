"""The message bridge between driver threads and the Qt UI thread.

Device listeners (core.ports) are called on driver threads; Qt widgets may only be
touched on the UI thread. `Bridge` re-emits each callback as a queued Qt signal, and
`post()` runs any callable on the UI thread (kiosk.jobs uses it to deliver results).

One exception to "everything through the UI thread": lifting the handset dials 110
right here on the hook driver's thread (when `lift_dials` says so), so a UI thread busy
painting or stuck cannot delay the emergency call. The queued `hook_changed` is emitted
*before* dialling, so the UI hears of the lift before any status of the call it started.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from core.ports import CallStatus, HookSwitch, Phone


class Bridge(QObject):
    hook_changed = Signal(bool, bool)   # off hook, already dialled
    call_status = Signal(object)   # CallStatus
    _posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lift_dials: Callable[[bool], bool] = lambda _off_hook: False
        self._phone: Phone | None = None
        self._posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the UI thread (safe to call from any thread)."""
        self._posted.emit(fn)

    def _run(self, fn: Callable[[], None]) -> None:
        fn()

    def set_lift_dials(self, lift_dials: Callable[[bool], bool]) -> None:
        """`lift_dials(off_hook)` (called on the hook thread): dial 110 right now?"""
        self._lift_dials = lift_dials

    def attach(self, phone: Phone, hook: HookSwitch) -> None:
        self._phone = phone
        phone.subscribe(self._on_call)
        hook.subscribe(self._on_hook)

    def _on_call(self, status: CallStatus) -> None:
        self.call_status.emit(status)

    def _on_hook(self, off_hook: bool) -> None:
        dial = self._phone is not None and self._lift_dials(off_hook)
        self.hook_changed.emit(off_hook, dial)
        if dial and self._phone is not None:
            self._phone.call_emergency()
