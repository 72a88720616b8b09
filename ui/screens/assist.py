"""The call screen's text channel, for a caller who cannot speak or hear.

Shows that the operator was told (and lets the caller say it again), the operator's
replies as they arrive, pre-set answers to touch, and a typed answer on the
on-screen keyboard. Everything sent is an event through the outbox (core.flow.assist).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from core.conversation import MAX_TEXT, Phrase, Sender
from core.flow import Flow
from ui.screens.base import place_in_grid, wipe_text
from ui.widgets.buttons import KioskButton, label
from ui.widgets.card import Card

SHOWN_LINES = 6


class AssistPanel(QWidget):
    typing_changed = Signal(bool)   # the call screen shows the keyboard while typing

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setProperty("page", True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(12)
        self.told = Card("info", "assist")
        self.repeat_button = KioskButton("choice", "listen", min_height=72)
        self.repeat_button.clicked.connect(flow.request_assist)
        self.no_replies = Card("warn", "message")
        self.chat = QVBoxLayout()
        self.chat.setSpacing(8)
        self.lines = [label("bubble-operator") for _ in range(SHOWN_LINES)]
        for line in self.lines:
            line.hide()
            self.chat.addWidget(line)
        self.phrases_grid = QGridLayout()
        self.phrases_grid.setSpacing(12)
        self.phrases: dict[Phrase, KioskButton] = {}
        for phrase in Phrase:
            button = KioskButton("choice", "message", min_height=80, icon_px=32)
            button.clicked.connect(lambda _=False, p=phrase: self._phrase(p))
            self.phrases[phrase] = button
        self.place(columns=2)
        typed = QHBoxLayout()
        typed.setSpacing(12)
        self.type_button = KioskButton("choice", "keyboard", min_height=80)
        self.type_button.clicked.connect(self._start_typing)
        self.field = QLineEdit()
        self.field.setMaxLength(MAX_TEXT)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.setMinimumHeight(60)
        self.field.returnPressed.connect(self._send)   # Enter on the keyboard sends
        self.field.hide()
        self.send_button = KioskButton("primary", "send", min_height=80)
        self.send_button.clicked.connect(self._send)
        self.send_button.hide()
        typed.addWidget(self.type_button)
        typed.addWidget(self.field, 1)
        typed.addWidget(self.send_button)
        for w in (self.told, self.repeat_button, self.no_replies):
            box.addWidget(w)
        box.addLayout(self.chat)
        box.addLayout(self.phrases_grid)
        box.addLayout(typed)

    def place(self, columns: int) -> None:
        place_in_grid(self.phrases_grid, self.phrases.values(), columns)

    def phrase_text(self, phrase: Phrase) -> str:
        return {Phrase.YES: self.tr("Yes"), Phrase.NO: self.tr("No"),
                Phrase.NEED_POLICE: self.tr("I need the police here"),
                Phrase.NEED_AMBULANCE: self.tr("I need an ambulance"),
                Phrase.IN_DANGER: self.tr("I am in danger"),
                Phrase.SAFE_NOW: self.tr("I am safe now"),
                Phrase.INJURED: self.tr("Someone is injured"),
                Phrase.STILL_HERE: self.tr("I am still at the kiosk")}[phrase]

    def _phrase(self, phrase: Phrase) -> None:
        self.flow.assist.send_phrase(phrase, self.phrase_text(phrase), self.flow.language)

    def _start_typing(self) -> None:
        typing = not self.field.isVisible()
        self.field.setVisible(typing)
        self.send_button.setVisible(typing)
        if typing:
            self.field.setFocus()
        self.typing_changed.emit(typing)

    def _send(self) -> None:
        if self.flow.assist.send_text(self.field.text(), self.flow.language) is None:
            wipe_text(self.field)

    def retranslate(self) -> None:
        self.told.setText(self.tr("The operator has been told that you cannot speak or "
                                  "hear, and where you are. Answer with the buttons."))
        self.repeat_button.set_label(self.tr("Tell the operator again"))
        self.no_replies.setText(self.tr("The operator's replies cannot be shown at this "
                                        "kiosk yet. The operator sees every answer you "
                                        "send. Keep the handset near you."))
        for phrase, button in self.phrases.items():
            button.set_label(self.phrase_text(phrase))
        self.type_button.set_label(self.tr("Type"), self.tr("Type your own answer"))
        self.send_button.set_label(self.tr("Send"))
        self.field.setAccessibleName(self.tr("Your answer"))
        self.refresh()

    def refresh(self) -> None:
        assist = self.flow.assist
        self.no_replies.setVisible(not assist.replies_available)
        shown = assist.lines[-SHOWN_LINES:]
        for line, message in zip(self.lines, [*shown, *[None] * SHOWN_LINES], strict=False):
            if message is None:
                line.hide()
                continue
            operator = message.sender is Sender.OPERATOR
            who = self.tr("Operator") if operator else self.tr("You")
            line.setProperty("role", "bubble-operator" if operator else "bubble-caller")
            line.style().unpolish(line)
            line.style().polish(line)
            line.setAlignment(Qt.AlignmentFlag.AlignLeft if operator
                              else Qt.AlignmentFlag.AlignRight)
            line.setText(f"{who}: {message.text}")
            line.show()

    def latest_operator_line(self) -> str:
        for message in reversed(self.flow.assist.lines):
            if message.sender is Sender.OPERATOR:
                return message.text
        return ""

    def reset(self) -> None:
        wipe_text(self.field)
        self.field.hide()
        self.send_button.hide()
        for line in self.lines:
            line.clear()
            line.hide()
