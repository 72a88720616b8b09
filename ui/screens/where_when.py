"""Where (this station by default, or elsewhere), then when (now or earlier): one
question per screen, so each fits the smallest panel with the keyboard up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLineEdit, QWidget

from core.flow import Flow, Screen
from core.session import MAX_WHERE, When
from ui.screens.base import AnswerScreen, ScreenBase, place_in_grid, reset_keyboard, wipe_text
from ui.widgets.buttons import KioskButton
from ui.widgets.icons import GLYPHS

TICK = GLYPHS["tick"] + " "


class WhereScreen(AnswerScreen):
    kind = Screen.WHERE

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.here_button = KioskButton("choice", "place", checkable=True, min_height=96)
        self.elsewhere_button = KioskButton("choice", "elsewhere", checkable=True,
                                            min_height=96)
        group = QButtonGroup(self)
        group.addButton(self.here_button)
        group.addButton(self.elsewhere_button)
        self.here_button.clicked.connect(lambda: self._where(True))
        self.elsewhere_button.clicked.connect(lambda: self._where(False))
        self.where_text = QLineEdit()
        self.where_text.setMaxLength(MAX_WHERE)
        self.where_text.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.where_text.setMinimumHeight(60)
        self.where_text.textChanged.connect(self._where_typed)
        for w in (self.here_button, self.elsewhere_button, self.where_text, self.error):
            self.body.addWidget(w)
        self.keyboard = self.add_keyboard(self.where_text)
        self.keyboard.enter.connect(self.next_if_answered)   # Enter on the keyboard = Next
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(self.next_if_answered)

    def _where(self, here: bool) -> None:
        self.flow.session.at_kiosk = here
        self._sync()
        if not here:
            self.where_text.setFocus()

    def _where_typed(self, text: str) -> None:
        self.flow.session.where_text = text
        if text.strip():
            self.error.hide()

    def _sync(self) -> None:
        s = self.flow.session
        self.here_button.setChecked(s.at_kiosk)
        self.elsewhere_button.setChecked(not s.at_kiosk)
        self.where_text.setVisible(not s.at_kiosk)
        self.keyboard.setVisible(not s.at_kiosk)
        self.place_bottom()
        # A tick says "chosen" in shape too, not only by the colour change.
        here, other = self.here_text(), self.tr("Somewhere else")
        self.here_button.set_label(TICK + here if s.at_kiosk else here)
        self.elsewhere_button.set_label(other if s.at_kiosk else TICK + other,
                                        self.tr("Then type the place"))

    def here_text(self) -> str:
        return self.tr("Here, at %1").replace("%1", self.flow.kiosk.station)

    def answer_missing(self) -> bool:
        s = self.flow.session
        return not s.at_kiosk and not s.where_text.strip()

    def missing_text(self) -> str:
        return self.tr("Please write where it happened, or choose this station.")

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Where did it happen?"))
        self.where_text.setPlaceholderText(self.tr("Place, e.g. the train to Lebak Bulus"))
        self.where_text.setAccessibleName(self.tr("Where it happened"))
        self._sync()
        self.next_button.set_label(self.tr("Next"))
        self.keyboard.retranslate()

    def prompt(self) -> str:
        return self.tr("Where did it happen? Then touch Next.")

    def entered(self) -> None:
        if self.where_text.text() != self.flow.session.where_text:
            self.where_text.setText(self.flow.session.where_text)
        self._sync()

    def reset(self) -> None:
        reset_keyboard(self.keyboard)
        wipe_text(self.where_text)
        self.error.hide()
        self.scroll_to_top()


class WhenScreen(ScreenBase):
    kind = Screen.WHEN

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.grid = QGridLayout()
        self.gap_layout(self.grid)
        self.when_buttons: dict[When, KioskButton] = {}
        group = QButtonGroup(self)
        for choice in When:
            button = KioskButton("choice", "clock", checkable=True, min_height=96)
            button.clicked.connect(lambda _=False, c=choice: self._when(c))
            group.addButton(button)
            self.when_buttons[choice] = button
        self._place(portrait=True)
        self.body.addLayout(self.grid)
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(flow.next_step)

    def _place(self, portrait: bool) -> None:
        columns = 2 if portrait or self.flow.settings.large_text else 3
        now, *earlier = self.when_buttons.values()
        self.grid.removeWidget(now)   # "now" is the usual answer: a full-width first row
        self.grid.addWidget(now, 0, 0, 1, columns)
        place_in_grid(self.grid, earlier, columns, first_row=1)
        for c in range(3):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def _when(self, choice: When) -> None:
        self.flow.session.when = choice
        self._sync()

    def _sync(self) -> None:
        s = self.flow.session
        for choice, button in self.when_buttons.items():
            text = self.when_text(choice)
            button.set_label(TICK + text if choice is s.when else text)
            button.setChecked(choice is s.when)

    def when_text(self, choice: When) -> str:
        return {When.NOW: self.tr("Just now"),
                When.MIN_30: self.tr("~30 minutes ago"),
                When.HOURS_2: self.tr("~2 hours ago"),
                When.HOURS_6: self.tr("~6 hours ago"),
                When.YESTERDAY: self.tr("Yesterday")}[choice]

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("When did it happen?"))
        self.next_button.set_label(self.tr("Next"))
        self._sync()

    def prompt(self) -> str:
        return self.tr("When did it happen? Then touch Next.")

    def entered(self) -> None:
        self._sync()

    def reflow(self, portrait: bool) -> None:
        self._place(portrait)

    def apply_scale(self, scale: float) -> None:
        super().apply_scale(scale)
        if hasattr(self, "grid"):
            self._place(self.portrait)
