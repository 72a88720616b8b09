"""Step 2: what happened, typed on the on-screen keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from core.flow import Flow, Screen
from ui.screens.base import ScreenBase
from ui.widgets.buttons import label
from ui.widgets.keyboard import Mode, OnScreenKeyboard, centred
from wire import categories
from wire.report import MAX_DESCRIPTION


class DescribeScreen(ScreenBase):
    kind = Screen.DESCRIBE

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.category = label("muted")
        self.text = QPlainTextEdit()
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.text.setMinimumHeight(150)
        self.text.textChanged.connect(self._changed)
        self.counter = label("muted")
        self.error = label("error")
        self.error.hide()
        self.keyboard = OnScreenKeyboard()
        self.keyboard.set_target(self.text)
        self.keyboard.set_mode(Mode.LETTERS)
        for w in (self.category, self.text, self.counter, self.error):
            self.body.addWidget(w)
        self.body.addLayout(centred(self.keyboard))
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(self._next)

    def _changed(self) -> None:
        text = self.text.toPlainText()
        if len(text) > MAX_DESCRIPTION:
            self.text.setPlainText(text[:MAX_DESCRIPTION])
            self.text.moveCursor(self.text.textCursor().MoveOperation.End)
            return
        self.flow.session.description = text
        self.counter.setText(f"{len(text)} / {MAX_DESCRIPTION}")
        if text.strip():
            self.error.hide()

    def _next(self) -> None:
        if not self.flow.session.description.strip():
            self.error.setText(self.tr("Please write a few words about what happened."))
            self.error.show()
            return
        self.flow.go(Screen.WHERE_WHEN)

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("What happened?"))
        self.text.setPlaceholderText(self.tr("Write here, for example: my bag was taken "
                                             "on the platform"))
        self.text.setAccessibleName(self.tr("What happened"))
        self.next_button.set_label(self.tr("Next"))
        self.keyboard.retranslate()
        self._category_text()
        if self.error.isVisible():
            self.error.setText(self.tr("Please write a few words about what happened."))

    def _category_text(self) -> None:
        code = self.flow.session.category
        name = categories.get(code).label(self.flow.language) if code else ""
        self.category.setText(self.tr("Report: %1").replace("%1", name))

    def prompt(self) -> str:
        return self.tr("Write what happened, then touch Next.")

    def entered(self) -> None:
        if self.text.toPlainText() != self.flow.session.description:
            self.text.setPlainText(self.flow.session.description)
        self._category_text()
        self.counter.setText(f"{len(self.text.toPlainText())} / {MAX_DESCRIPTION}")
        self.text.setFocus()

    def reset(self) -> None:
        self.text.clear()
        self.error.hide()

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
