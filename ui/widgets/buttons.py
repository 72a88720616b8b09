"""Buttons with a role (colour and size from the theme), an icon and an accessible name."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from ui import theme
from ui.widgets.icons import icon, icon_gap


class KioskButton(QPushButton):
    """A touch button: role-styled, never below `MIN_TOUCH_PX`, never takes keyboard
    focus away from a text field, and keeps its accessible name equal to its visible
    text. Its design sizes (`min_height`, `icon_px`) are scaled to the panel by
    `apply_scale`, which the window calls on every resize."""

    def __init__(self, role: str, icon_name: str | None = None, *,
                 min_height: int = theme.NAV_PX, icon_px: int = 44,
                 checkable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setProperty("kiosk_button", True)
        self.setCheckable(checkable)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAutoDefault(False)
        self.design_height = min_height
        self.design_icon = icon_px
        self.icon_name = icon_name
        self.scale = 0.0
        self.apply_scale(1.0)

    def apply_scale(self, scale: float) -> None:
        if scale == self.scale:
            return
        self.scale = scale
        self.setMinimumHeight(max(theme.MIN_TOUCH_PX, round(self.design_height * scale)))
        self.setMinimumWidth(theme.MIN_TOUCH_PX)
        if self.icon_name:
            px = max(24, round(self.design_icon * scale))
            self.setIcon(icon(self.icon_name, theme.BUTTON_ROLES[str(self.property("role"))],
                              px))
            self.setIconSize(QSize(px + icon_gap(px), px))

    def set_icon_name(self, name: str) -> None:
        if name != self.icon_name:
            self.icon_name = name
            scale, self.scale = self.scale, 0.0
            self.apply_scale(scale)

    def set_design_height(self, height: int) -> None:
        self.design_height = height
        scale, self.scale = self.scale, 0.0
        self.apply_scale(scale)

    def set_label(self, text: str, description: str = "") -> None:
        self.setText(text)
        # Screen readers (AT-SPI) read the accessible name; keep it in the active language.
        self.setAccessibleName(text.replace("\n", " "))
        self.setAccessibleDescription(description)


class HoldButton(KioskButton):
    """Emits `activated` on a tap, or only after a hold of `hold_s` when required;
    a tap that was too short emits `too_short` (the screen says what to do)."""

    activated = Signal()
    too_short = Signal()
    hold_progress = Signal(float)   # 0..1 while held

    def __init__(self, role: str, icon_name: str | None = None, **kw: object) -> None:
        super().__init__(role, icon_name, **kw)  # type: ignore[arg-type]
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
            self.too_short.emit()

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


def centred_label(role: str, parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    lab = label(role, parent, wrap=wrap)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return lab
