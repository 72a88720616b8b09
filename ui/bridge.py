"""The message bridge between driver threads and the Qt UI thread.

Device listeners (kiosk.ports) are called on driver threads; Qt widgets may only be
touched on the UI thread. `Bridge` re-emits each callback as a queued Qt signal, and
`post()` runs any callable on the UI thread (kiosk.jobs uses it to deliver results).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.ports import CallStatus, HookSwitch, Phone


class Bridge(QObject):
    hook_changed = Signal(bool)
    call_status = Signal(object)   # CallStatus
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

    def _on_call(self, status: CallStatus) -> None:
        self.call_status.emit(status)

    def _on_hook(self, off_hook: bool) -> None:
        self.hook_changed.emit(off_hook)
