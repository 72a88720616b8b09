"""Lockdown: no way out of the app from the touchscreen or a plugged-in keyboard.

One application-wide event filter swallows context menus (right click, long press,
text-selection menus), drag and drop, What's This, and every key combination that
could close, switch or escape a window (Alt+F4, Alt+Tab, Ctrl+Q/W, Esc, F-keys, the
Menu and Meta keys). Ordinary typing still reaches text fields. Maintenance mode
adds hooks that see events first (its hidden gesture), so nothing else needs to change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

Hook = Callable[[QObject, QEvent], bool]   # True = the event was consumed

BLOCKED_EVENTS = frozenset({
    QEvent.Type.ContextMenu, QEvent.Type.DragEnter, QEvent.Type.DragMove,
    QEvent.Type.DragLeave, QEvent.Type.Drop, QEvent.Type.WhatsThis,
    QEvent.Type.QueryWhatsThis, QEvent.Type.EnterWhatsThisMode,
})
KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                        QEvent.Type.ShortcutOverride})
BLOCKED_KEYS = frozenset({
    Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Menu,
    Qt.Key.Key_Meta, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L,
    Qt.Key.Key_Hyper_R, Qt.Key.Key_Close, Qt.Key.Key_Exit, Qt.Key.Key_Print,
    Qt.Key.Key_SysReq, Qt.Key.Key_Launch0, Qt.Key.Key_PowerOff, Qt.Key.Key_Sleep,
    Qt.Key.Key_Help, Qt.Key.Key_Context1, Qt.Key.Key_Alt, Qt.Key.Key_AltGr,
})
MODIFIERS = (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
             | Qt.KeyboardModifier.MetaModifier)


def is_blocked_key(event: QKeyEvent) -> bool:
    key = event.key()
    if event.modifiers() & MODIFIERS:
        return True
    if Qt.Key.Key_F1.value <= key <= Qt.Key.Key_F35.value:
        return True
    return Qt.Key(key) in BLOCKED_KEYS if key in Qt.Key._value2member_map_ else False


class Lockdown(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hooks: list[Hook] = []
        self.blocked = 0   # how many events were swallowed (tests, health)

    def add_hook(self, hook: Hook) -> None:
        self.hooks.append(hook)

    def remove_hook(self, hook: Hook) -> None:
        if hook in self.hooks:
            self.hooks.remove(hook)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        for hook in self.hooks:
            if hook(watched, event):
                return True
        kind = event.type()
        if kind in BLOCKED_EVENTS or (kind in KEY_EVENTS
                                      and isinstance(event, QKeyEvent)
                                      and is_blocked_key(event)):
            self.blocked += 1
            event.accept()
            return True
        return False
