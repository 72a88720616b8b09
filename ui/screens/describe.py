"""What happened, typed on the on-screen keyboard (optional in the theft/loss journey,
where the checklist already says what was taken)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

from core.flow import Flow, Screen
from ui.screens.base import AnswerScreen, reset_keyboard, wipe_text
from ui.widgets.buttons import label
from wire import categories
from wire.report import MAX_DESCRIPTION


class TextBox(QPlainTextEdit):
    """A multi-line field that asks for little height and grows into any spare: the
    scroll area measures preferred heights, and QPlainTextEdit's own (~190 px) would
    make the screen scroll on a 1080 px landscape panel."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class DescribeScreen(AnswerScreen):
    kind = Screen.DESCRIBE

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.category = label("muted")
        self.text = TextBox()
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.text.setMinimumHeight(120)
        self.text.textChanged.connect(self._changed)
        self.counter = label("muted")
        for w in (self.category, self.text, self.counter, self.error):
            self.body.addWidget(w)
        self.keyboard = self.add_keyboard(self.text)
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(self.next_if_answered)

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

    def answer_missing(self) -> bool:
        s = self.flow.session
        return s.description_required and not s.description.strip()

    def missing_text(self) -> str:
        return self.tr("Please write a few words about what happened. If you cannot "
                       "type, touch Call 110 below and talk to the police.")

    def retranslate_body(self) -> None:
        optional = not self.flow.session.description_required
        self.title.setText(self.tr("Tell us what happened (optional)") if optional
                           else self.tr("What happened?"))
        self.text.setPlaceholderText(self.tr("For example: my bag was taken on the platform "
                                             "towards Lebak Bulus"))
        self.text.setAccessibleName(self.tr("What happened"))
        self.next_button.set_label(self.tr("Next"))
        self.keyboard.retranslate()
        self._category_text()

    def _category_text(self) -> None:
        code = self.flow.session.category
        name = categories.get(code).label(self.flow.language) if code else ""
        self.category.setText(self.tr("Report: %1").replace("%1", name))

    def prompt(self) -> str:
        if not self.flow.session.description_required:
            return self.tr("You may write what happened, or touch Next to skip.")
        return self.tr("Write what happened, then touch Next.")

    def entered(self) -> None:
        if self.text.toPlainText() != self.flow.session.description:
            self.text.setPlainText(self.flow.session.description)
        self.retranslate_body()
        self.counter.setText(f"{len(self.text.toPlainText())} / {MAX_DESCRIPTION}")
        self.text.setFocus()

    def reset(self) -> None:
        reset_keyboard(self.keyboard)
        wipe_text(self.text)
        self.error.hide()
        self.scroll_to_top()

