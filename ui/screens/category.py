"""Step 1 of a report: what kind, grouped, each with its own pictogram.

Emergencies come first, in amber (urgent — red is only the call itself); the theft
and loss journey ("phone / wallet stolen or lost") has one wide button of its own
beside the crime categories.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QVBoxLayout, QWidget

from core.flow import Flow, Screen
from ui import theme
from ui.screens.base import ScreenBase
from ui.widgets.buttons import KioskButton, label
from ui.widgets.icons import CATEGORY_ICONS
from wire import categories
from wire.categories import Group

GROUP_ROLES = {Group.EMERGENCY: "cat-emergency", Group.CRIME: "cat-crime",
               Group.LOST_ITEM: "choice", Group.INFORMATION: "choice"}


def two_lines(text: str, longer_than: int = 12) -> str:
    """Break a long label at the space nearest its middle: buttons do not wrap text,
    and in larger-text mode a long name would otherwise be cut off."""
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
        self.columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.gap_layout(self.columns, theme.SPACING_PX * 2)
        for group in (Group.EMERGENCY, Group.CRIME):
            box = QVBoxLayout()
            self.gap_layout(box)
            head = label("muted")
            self.group_labels[group] = head
            box.addWidget(head)
            grid = QGridLayout()
            self.gap_layout(grid)
            self.grids[group] = grid
            box.addLayout(grid)
            box.addStretch(1)
            self.columns.addLayout(box, 1)
        for cat in categories.CATEGORIES:
            button = KioskButton(GROUP_ROLES[cat.group], CATEGORY_ICONS[cat.code],
                                 min_height=104, icon_px=52)
            button.clicked.connect(lambda _=False, c=cat.code: flow.choose_category(c))
            self.buttons[cat.code] = button
        self.body.addLayout(self.columns)
        self.others_label = label("muted")
        self.body.addWidget(self.others_label)
        self.others = QGridLayout()
        self.gap_layout(self.others)
        self.journey_button = KioskButton("choice", "journey", min_height=104, icon_px=52)
        self.journey_button.clicked.connect(lambda: flow.choose_category("theft"))
        self.body.addLayout(self.others)
        self._place(portrait=True)

    def _place(self, portrait: bool) -> None:
        # Landscape has room for three columns, unless large text makes names wider.
        columns = 2 if portrait or self.flow.settings.large_text else 3
        for grid in (*self.grids.values(), self.others):
            while grid.count():
                grid.takeAt(0)
            for c in range(4):   # equal columns: no name gets less room than another
                grid.setColumnStretch(c, 1 if c < columns else 0)
        for group in (Group.EMERGENCY, Group.CRIME):
            for i, cat in enumerate(categories.in_group(group)):
                self.grids[group].addWidget(self.buttons[cat.code], i // columns,
                                            i % columns)
        # The theft/loss journey is the commonest report here: a wide button of its own.
        rest = [self.buttons["lost_item"], self.buttons["information"]]
        if columns == 2:
            self.others.addWidget(self.journey_button, 0, 0, 1, 2)
            for i, button in enumerate(rest):
                self.others.addWidget(button, 1, i)
        else:
            self.others.addWidget(self.journey_button, 0, 0)
            for i, button in enumerate(rest):
                self.others.addWidget(button, 0, 1 + i)

    def retranslate_body(self) -> None:
        lang = self.flow.language
        self.title.setText(self.tr("What do you want to report?"))
        self.group_labels[Group.EMERGENCY].setText(
            self.tr("Emergency now — call or alert at once"))
        self.group_labels[Group.CRIME].setText(categories.GROUP_LABELS[Group.CRIME][lang])
        self.others_label.setText(self.tr("Theft, loss and information"))
        for code, button in self.buttons.items():
            button.set_label(two_lines(categories.get(code).label(lang)))
        self.journey_button.set_label(
            two_lines(self.tr("Phone or wallet stolen or lost"), 24),
            self.tr("Report what was taken and get the next steps on paper"))

    def prompt(self) -> str:
        return self.tr("What do you want to report? Emergencies are at the top.")

    def reflow(self, portrait: bool) -> None:
        self._place(portrait)

    def apply_scale(self, scale: float) -> None:
        super().apply_scale(scale)
        if hasattr(self, "others"):
            self._place(self.portrait)
