"""The one bridge between driver threads and the Qt UI thread.

Device listeners (core.ports) are called on driver threads; Qt widgets may only be
touched on the UI thread. `Bridge` re-emits each device callback as a queued Qt signal
(the public flow, the maintenance pages and anything else connect to these signals),
and `post()` runs any callable on the UI thread (core.jobs delivers results with it).

Only one thing ever crosses threads through Qt here: an argument-less wake-up signal,
queued to a `@Slot()` method. The callables wait in a locked deque, and the public
signals are emitted on the UI thread, so every slot connected to them is called there,
directly. A Python object carried by a signal emitted from a plain Python thread, to a
slot PySide does not know as one, can crash the process (PYSIDE-3124, seen here as a
segfault in the maintenance printer test under load).

It dials nothing: `core.emergency.EmergencyLine` dials on the hook driver's thread
before the lift ever reaches this bridge. Devices have `subscribe` but no unsubscribe,
so the composition root makes one bridge per app, attached once, living as long as the
devices.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from core.ports import CallStatus, HookSwitch, Phone


class Bridge(QObject):
    hook_changed = Signal(bool)    # True = handset lifted (off hook)
    call_status = Signal(object)   # CallStatus, for every call (emergency or test)
    key_switch = Signal(bool)      # True = the maintenance key turned on
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the UI thread, after what was posted before it (safe to call
        from any thread)."""
        with self._lock:
            self._pending.append(fn)
        self._wake.emit()   # one wake-up per callable: one that raises stalls none

    @Slot()
    def _drain(self) -> None:
        with self._lock:
            if not self._pending:
                return
            fn = self._pending.popleft()
        fn()

    def attach(self, phone: Phone, hook: HookSwitch) -> None:
        phone.subscribe(self._on_call)
        hook.subscribe(self._on_hook)

    def attach_key_switch(self, switch: HookSwitch) -> None:
        switch.subscribe(self._on_key)

    # Called on driver threads: the signals are emitted on the UI thread.
    def _on_call(self, status: CallStatus) -> None:
        self.post(lambda: self.call_status.emit(status))

    def _on_hook(self, off_hook: bool) -> None:
        self.post(lambda: self.hook_changed.emit(off_hook))

    def _on_key(self, turned_on: bool) -> None:
        self.post(lambda: self.key_switch.emit(turned_on))
