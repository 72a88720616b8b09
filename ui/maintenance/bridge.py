"""Device listeners (called on driver threads) re-emitted as Qt signals.

Devices have `subscribe` but no unsubscribe, so one bridge is made per app and lives as
long as the devices; pages connect to its signals and may come and go.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core.ports import CallStatus, HookSwitch, Phone


class DeviceBridge(QObject):
    call_status = Signal(object)   # CallStatus, for every call (emergency or test)
    hook_changed = Signal(bool)    # True = handset lifted

    def __init__(self, phone: Phone, hook: HookSwitch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Emitting from the driver thread on an object living in the Qt thread queues
        # the signal: slots always run on the Qt thread.
        phone.subscribe(self._on_call)
        hook.subscribe(self._on_hook)

    def _on_call(self, status: CallStatus) -> None:
        self.call_status.emit(status)

    def _on_hook(self, off_hook: bool) -> None:
        self.hook_changed.emit(off_hook)


class KeySwitchBridge(QObject):
    """The maintenance key switch's reader calls `feed` on its thread; `changed` is
    delivered on the Qt thread."""

    changed = Signal(bool)   # True = key turned to maintenance

    def feed(self, turned_on: bool) -> None:
        self.changed.emit(turned_on)
