"""Buttons with a role (colour and size from the theme), an icon and an accessible name."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from ui import theme
from ui.widgets.icons import glyph_icon


class KioskButton(QPushButton):
    """A touch button: role-styled, at least 60 px, never takes keyboard focus away
    from a text field, and keeps its accessible name equal to its visible text."""

    def __init__(self, role: str, glyph: str | None = None, *, min_height: int = theme.NAV_PX,
                 icon_px: int = 48, checkable: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setCheckable(checkable)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(max(min_height, theme.MIN_TOUCH_PX))
        self.setMinimumWidth(theme.MIN_TOUCH_PX)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAutoDefault(False)
        if glyph:
            self.setIcon(glyph_icon(glyph, theme.BUTTON_ROLES[role], icon_px))
            self.setIconSize(QSize(icon_px, icon_px))

    def set_label(self, text: str, description: str = "") -> None:
        self.setText(text)
        # Screen readers (AT-SPI) read the accessible name; keep it in the active language.
        self.setAccessibleName(text.replace("\n", " "))
        self.setAccessibleDescription(description)


class HoldButton(KioskButton):
    """Emits `activated` on a tap, or only after a hold of `hold_s` when required."""

    activated = Signal()
    hold_progress = Signal(float)   # 0..1 while held

    def __init__(self, role: str, glyph: str | None = None, **kw: object) -> None:
        super().__init__(role, glyph, **kw)  # type: ignore[arg-type]
        self.hold_s = 0.0
        self._held_ms = 0
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)
        self.pressed.connect(self._pressed)
        self.released.connect(self._released)
        self.clicked.connect(self._clicked)

    def _pressed(self) -> None:
        if self.hold_s > 0:
            self._held_ms = 0
            self._timer.start()

    def _tick(self) -> None:
        self._held_ms += self._timer.interval()
        self.hold_progress.emit(min(1.0, self._held_ms / (self.hold_s * 1000)))
        if self._held_ms >= self.hold_s * 1000:
            self._timer.stop()
            self.activated.emit()

    def _released(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.hold_progress.emit(0.0)

    def _clicked(self) -> None:
        if self.hold_s <= 0:
            self.activated.emit()


def label(role: str, parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A text label with a theme role; plain text only, so no links can open."""
    lab = QLabel(parent)
    lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    lab.setOpenExternalLinks(False)
    return lab
