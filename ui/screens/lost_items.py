"""The theft/loss journey's first step: stolen or lost, and what (several may be
ticked). The next steps shown on the done screen and printed follow what is ticked."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QWidget

from core.flow import Flow, Screen
from ui.screens.base import AnswerScreen, place_in_grid
from ui.screens.category import two_lines
from ui.widgets.buttons import KioskButton, label
from ui.widgets.icons import GLYPHS, LOST_ITEM_ICONS
from wire import categories


class LostItemsScreen(AnswerScreen):
    kind = Screen.LOST_ITEMS

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.how_label = label("body")
        self.body.addWidget(self.how_label)
        how = QHBoxLayout()
        self.gap_layout(how)
        self.stolen_button = KioskButton("choice", "stolen", checkable=True, min_height=96)
        self.lost_button = KioskButton("choice", "lost", checkable=True, min_height=96)
        group = QButtonGroup(self)
        group.addButton(self.stolen_button)
        group.addButton(self.lost_button)
        self.stolen_button.clicked.connect(lambda: self._how(True))
        self.lost_button.clicked.connect(lambda: self._how(False))
        how.addWidget(self.stolen_button)
        how.addWidget(self.lost_button)
        self.body.addLayout(how)
        self.intro = label("body")
        self.body.addWidget(self.intro)
        self.grid = QGridLayout()
        self.gap_layout(self.grid)
        self.buttons: dict[str, KioskButton] = {}
        for code in categories.LOST_ITEMS:
            button = KioskButton("choice", LOST_ITEM_ICONS[code], checkable=True,
                                 min_height=104, icon_px=56)
            button.clicked.connect(lambda _=False, c=code: self._toggle(c))
            self.buttons[code] = button
        self._place(2)
        self.body.addLayout(self.grid)
        self.body.addWidget(self.error)
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(self.next_if_answered)

    def _place(self, columns: int) -> None:
        place_in_grid(self.grid, self.buttons.values(), columns)

    def _how(self, stolen: bool) -> None:
        self.flow.set_stolen(stolen)
        self._sync()

    def _toggle(self, code: str) -> None:
        self.flow.session.toggle_lost_item(code)
        self._sync()

    def _sync(self) -> None:
        s = self.flow.session
        chosen = s.lost_items
        lang = self.flow.language
        tick = GLYPHS["tick"] + " "
        for code, button in self.buttons.items():
            name = categories.LOST_ITEMS[code][lang]
            selected = code in chosen
            # The tick says "chosen" in words and shape, not only by the colour change.
            name = two_lines(name, 12)
            button.set_label(tick + name if selected else name,
                             self.tr("chosen") if selected else self.tr("not chosen"))
            button.setChecked(selected)
        stolen = not s.is_lost_item
        stolen_text, lost_text = self.tr("Stolen"), self.tr("Lost")
        self.stolen_button.set_label(tick + stolen_text if stolen else stolen_text,
                                     self.tr("Someone took it, e.g. a pickpocket"))
        self.lost_button.set_label(lost_text if stolen else tick + lost_text,
                                   self.tr("You lost it or left it somewhere"))
        self.stolen_button.setChecked(stolen)
        self.lost_button.setChecked(not stolen)
        if chosen:
            self.error.hide()

    def answer_missing(self) -> bool:
        return not self.flow.session.lost_items

    def missing_text(self) -> str:
        return self.tr("Please touch at least one thing that was taken or lost.")

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Phone or wallet stolen or lost"))
        self.how_label.setText(self.tr("What happened to it?"))
        self.intro.setText(self.tr("What is missing? Touch everything that applies."))
        self.next_button.set_label(self.tr("Next"))
        self._sync()

    def prompt(self) -> str:
        return self.tr("Was it stolen or lost? Then touch everything that is missing, "
                       "and touch Next.")

    def entered(self) -> None:
        self.retranslate_body()

    def reset(self) -> None:
        self.error.hide()
        for button in self.buttons.values():
            button.setChecked(False)
        self.scroll_to_top()

    def reflow(self, portrait: bool) -> None:
        self._place(2 if portrait else 3)

