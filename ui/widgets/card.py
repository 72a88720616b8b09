"""A card: a pictogram and words in an outlined box (a problem, a state, next steps).

Problems are never shown by colour alone, and never in red (red is the emergency
call): an error is an outlined card with a warning pictogram and plain words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ui import theme
from ui.widgets.buttons import label
from ui.widgets.icons import icon_pixmap

CARD_ICONS = {"error": "warning", "info": "info", "good": "tick", "warn": "warning"}


class Card(QFrame):
    def __init__(self, role: str = "error", icon_name: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", role)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._role = role
        self._icon_name = icon_name or CARD_ICONS[role]
        box = QHBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(16)
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = label("card-text")
        box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        box.addWidget(self.text, 1)
        self._px = 0
        self.apply_scale(1.0)

    def apply_scale(self, scale: float) -> None:
        px = max(24, round(44 * scale))
        if px != self._px:
            self._px = px
            self._paint_icon()
        m = max(8, round(16 * scale))
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(m, round(m * 0.75), m, round(m * 0.75))

    def _paint_icon(self) -> None:
        pair = theme.CARD_ROLES[self._role]
        self.icon.setPixmap(icon_pixmap(self._icon_name, pair.fg, self._px))
        self.icon.setFixedSize(self._px, self._px)

    def set_role(self, role: str, icon_name: str | None = None) -> None:
        self._role = role
        self._icon_name = icon_name or CARD_ICONS[role]
        self.setProperty("card", role)
        self.style().unpolish(self)
        self.style().polish(self)
        for child in self.findChildren(QLabel):
            child.style().unpolish(child)
            child.style().polish(child)
        self._paint_icon()

    def setText(self, text: str) -> None:
        self.text.setText(text)
        self.setAccessibleName(text)

    def plain(self) -> str:
        return self.text.text()
