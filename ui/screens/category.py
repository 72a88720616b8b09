"""Step 1 of a report: what kind, grouped, with icons and big targets."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.flow import Flow, Screen
from ui import theme
from ui.screens.base import ScreenBase
from ui.widgets.buttons import KioskButton, label
from ui.widgets.icons import CATEGORY_GLYPHS
from wire import categories
from wire.categories import Group

GROUP_ROLES = {Group.EMERGENCY: "cat-emergency", Group.CRIME: "cat-crime",
               Group.LOST_ITEM: "choice",
               Group.INFORMATION: "choice"}


def two_lines(text: str, longer_than: int = 14) -> str:
    """Break a long label at the space nearest its middle: buttons do not wrap text,
    and in larger-text mode a long category name would be cut off."""
    if len(text) <= longer_than or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


class CategoryScreen(ScreenBase):
    kind = Screen.CATEGORY

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.group_labels: dict[Group, QLabel] = {}
        self.buttons: dict[str, KioskButton] = {}
        self.grids: dict[Group, QGridLayout] = {}
        side = QHBoxLayout()
        side.setSpacing(theme.SPACING_PX * 2)
        for group in Group:
            box = QVBoxLayout()
            box.setSpacing(theme.SPACING_PX)
            head = label("muted")
            self.group_labels[group] = head
            box.addWidget(head)
            grid = QGridLayout()
            grid.setSpacing(theme.SPACING_PX)
            self.grids[group] = grid
            for cat in categories.in_group(group):
                button = KioskButton(GROUP_ROLES[group], CATEGORY_GLYPHS[cat.code],
                                     min_height=110, icon_px=56)
                button.clicked.connect(lambda _=False, c=cat.code: flow.choose_category(c))
                self.buttons[cat.code] = button
            box.addLayout(grid)
            if group in (Group.LOST_ITEM, Group.INFORMATION):
                side.addLayout(box, 1)
            else:
                self.body.addLayout(box)
        self.body.addLayout(side)
        self.body.addStretch(1)
        self._place(columns=2)

    def _place(self, columns: int) -> None:
        for group, grid in self.grids.items():
            for cat in categories.in_group(group):
                grid.removeWidget(self.buttons[cat.code])
            for i, cat in enumerate(categories.in_group(group)):
                grid.addWidget(self.buttons[cat.code], i // columns, i % columns)

    def retranslate_body(self) -> None:
        lang = self.flow.language
        self.title.setText(self.tr("What do you want to report?"))
        for group, head in self.group_labels.items():
            head.setText(categories.GROUP_LABELS[group][lang])
        for code, button in self.buttons.items():
            text = categories.get(code).label(lang)
            # Portrait columns are narrow: long names go on two lines there.
            button.set_label(two_lines(text) if self.portrait else text)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self._place(columns=2 if portrait else 3)
        self.retranslate_body()
