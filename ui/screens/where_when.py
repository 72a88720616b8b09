"""Step 3: where (this station by default, or elsewhere) and when (now or earlier)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QGridLayout, QLineEdit, QVBoxLayout, QWidget

from core.flow import Flow, Screen
from core.session import MAX_WHERE, When
from ui import theme
from ui.screens.base import ScreenBase
from ui.widgets.buttons import KioskButton, label
from ui.widgets.icons import GLYPHS
from ui.widgets.keyboard import Mode, OnScreenKeyboard, centred


class WhereWhenScreen(ScreenBase):
    kind = Screen.WHERE_WHEN

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.columns.setSpacing(theme.SPACING_PX * 2)
        where = QVBoxLayout()
        where.setSpacing(theme.SPACING_PX)
        self.where_label = label("body")
        self.here_button = KioskButton("choice", GLYPHS["place"], checkable=True)
        self.elsewhere_button = KioskButton("choice", GLYPHS["place"], checkable=True)
        group = QButtonGroup(self)
        group.addButton(self.here_button)
        group.addButton(self.elsewhere_button)
        self.here_button.clicked.connect(lambda: self._where(True))
        self.elsewhere_button.clicked.connect(lambda: self._where(False))
        self.where_text = QLineEdit()
        self.where_text.setMaxLength(MAX_WHERE)
        self.where_text.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.where_text.textChanged.connect(self._where_typed)
        for w in (self.where_label, self.here_button, self.elsewhere_button, self.where_text):
            where.addWidget(w)
        where.addStretch(1)
        when = QVBoxLayout()
        when.setSpacing(theme.SPACING_PX)
        self.when_label = label("body")
        when.addWidget(self.when_label)
        grid = QGridLayout()
        grid.setSpacing(theme.SPACING_PX)
        self.when_buttons: dict[When, KioskButton] = {}
        when_group = QButtonGroup(self)
        for i, choice in enumerate(When):
            button = KioskButton("choice", GLYPHS["clock"], checkable=True)
            button.clicked.connect(lambda _=False, c=choice: self._when(c))
            when_group.addButton(button)
            self.when_buttons[choice] = button
            if i == 0:   # "now" is the usual answer: a full-width first row
                grid.addWidget(button, 0, 0, 1, 2)
            else:
                grid.addWidget(button, (i + 1) // 2, (i + 1) % 2)
        when.addLayout(grid)
        when.addStretch(1)
        self.columns.addLayout(where, 1)
        self.columns.addLayout(when, 1)
        self.body.addLayout(self.columns, 1)
        self.error = label("error")
        self.error.hide()
        self.body.addWidget(self.error)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.set_target(self.where_text)
        self.keyboard.set_mode(Mode.LETTERS)
        self.body.addLayout(centred(self.keyboard))
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(self._next)

    def _where(self, here: bool) -> None:
        self.flow.session.at_kiosk = here
        self._sync()
        if not here:
            self.where_text.setFocus()

    def _where_typed(self, text: str) -> None:
        self.flow.session.where_text = text
        if text.strip():
            self.error.hide()

    def _when(self, choice: When) -> None:
        self.flow.session.when = choice
        self._label_choices()

    def _sync(self) -> None:
        s = self.flow.session
        self.here_button.setChecked(s.at_kiosk)
        self.elsewhere_button.setChecked(not s.at_kiosk)
        self.where_text.setVisible(not s.at_kiosk)
        self.keyboard.setVisible(not s.at_kiosk)
        self.when_buttons[s.when].setChecked(True)
        self._label_choices()

    def _label_choices(self) -> None:
        # A tick says "chosen" in shape too, not only by the colour change.
        s = self.flow.session
        tick = GLYPHS["tick"] + " "
        here = self.tr("Here, at %1").replace("%1", self.flow.kiosk.station)
        self.here_button.set_label(tick + here if s.at_kiosk else here)
        other = self.tr("Somewhere else")
        self.elsewhere_button.set_label(other if s.at_kiosk else tick + other)
        for choice, button in self.when_buttons.items():
            text = self.when_text(choice)
            button.set_label(tick + text if choice is s.when else text)

    def _next(self) -> None:
        s = self.flow.session
        if not s.at_kiosk and not s.where_text.strip():
            self.error.setText(self.tr("Please write where it happened, or choose "
                                       "this station."))
            self.error.show()
            return
        self.flow.go(Screen.CONTACT)

    def when_text(self, choice: When) -> str:
        return {When.NOW: self.tr("Now / just now"),
                When.MIN_30: self.tr("About 30 minutes ago"),
                When.HOURS_2: self.tr("About 2 hours ago"),
                When.HOURS_6: self.tr("About 6 hours ago"),
                When.YESTERDAY: self.tr("Yesterday")}[choice]

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Where and when?"))
        self.where_label.setText(self.tr("Where did it happen?"))
        self.where_text.setPlaceholderText(self.tr("Place, e.g. the train to Lebak Bulus"))
        self.where_text.setAccessibleName(self.tr("Where it happened"))
        self.when_label.setText(self.tr("When did it happen?"))
        self._label_choices()
        self.next_button.set_label(self.tr("Next"))
        self.keyboard.retranslate()

    def prompt(self) -> str:
        return self.tr("Where and when did it happen? Then touch Next.")

    def entered(self) -> None:
        if self.where_text.text() != self.flow.session.where_text:
            self.where_text.setText(self.flow.session.where_text)
        self._sync()

    def reset(self) -> None:
        self.where_text.clear()
        self.error.hide()

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.columns.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                  else QBoxLayout.Direction.LeftToRight)
