"""Voice guidance applied to the window: *touch once to hear, touch again to choose*.

While voice guidance is on by the visitor's choice (`Settings.touch_to_hear`), the
first touch on any public control says its name and
what it does, and marks it (a dashed outline); a second touch on the same control
does it (core.flow.guidance.TouchToHear). Keyboard keys type at once and say their
character, or typing would take two touches a letter. A screen, when it appears,
is read with every option on it (`MainWindow.spoken_screen`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton

from core.flow import Flow
from ui.screens.base import repolish, spoken_name

PRESS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick})
RELEASE = QEvent.Type.MouseButtonRelease


class TouchGuide(QObject):
    def __init__(self, flow: Flow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self._swallowed: QAbstractButton | None = None
        self._armed: QAbstractButton | None = None

    def watch(self, button: QAbstractButton) -> None:
        button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QAbstractButton):
            return False
        kind = event.type()
        if kind == RELEASE and watched is self._swallowed:
            self._swallowed = None
            return True
        settings = self.flow.settings
        if kind not in PRESS or not (settings.voice and settings.touch_to_hear) \
                or not watched.isEnabled():
            return False
        if watched.property("role") == "key":
            self.flow.speak(spoken_name(watched))
            return False
        if self.flow.guide.touch(id(watched)):
            self._mark(None)
            return False
        self._mark(watched)
        self._swallowed = watched
        self.flow.announce(self.describe(watched))
        return True

    def describe(self, button: QAbstractButton) -> str:
        parts = [spoken_name(button)]
        if button.isCheckable():
            parts.append(self.tr("chosen") if button.isChecked() else self.tr("not chosen"))
        if button.accessibleDescription():
            parts.append(button.accessibleDescription())
        parts.append(self.tr("Touch again to choose."))
        return ". ".join(p.rstrip(".") for p in parts if p) + "."

    def _mark(self, button: QAbstractButton | None) -> None:
        if self._armed is not None and self._armed is not button:
            self._armed.setProperty("armed", False)
            repolish(self._armed)
        self._armed = button
        if button is not None:
            button.setProperty("armed", True)
            repolish(button)

    def reset(self) -> None:
        self._mark(None)
        self._swallowed = None
        self.flow.guide.reset()
