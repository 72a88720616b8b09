"""Step 4 (optional): name, phone and NIK, each checked with a plain message."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from core.flow import Flow, Screen
from core.session import MAX_NAME, ContactField
from ui import theme
from ui.screens.base import ScreenBase
from ui.widgets.buttons import label
from ui.widgets.keyboard import Mode, OnScreenKeyboard, centred

# wire.identity's messages, marked here so Qt Linguist collects them for translation.
IDENTITY_MESSAGES = (
    QT_TRANSLATE_NOOP("Identity", "must be exactly 16 digits"),
    QT_TRANSLATE_NOOP("Identity", "the first two digits are not an Indonesian province code"),
    QT_TRANSLATE_NOOP("Identity", "the regency and district digits (3-6) must not be 00"),
    QT_TRANSLATE_NOOP("Identity", "digits 9-10 are not a birth month"),
    QT_TRANSLATE_NOOP("Identity", "digits 7-8 are not a valid day of birth"),
    QT_TRANSLATE_NOOP("Identity", "the last four digits must not be 0000"),
    QT_TRANSLATE_NOOP("Identity", "must be an Indonesian number such as 0812 3456 7890 or "
                      "+62 21 1234 5678"),
    QT_TRANSLATE_NOOP("Identity", "must be at most 100 characters"),
    QT_TRANSLATE_NOOP("Identity", "contains characters that cannot be printed"),
)
MODES = {ContactField.NAME: Mode.LETTERS, ContactField.PHONE: Mode.NUMPAD,
         ContactField.NIK: Mode.NUMPAD}


def identity_message(problem: str) -> str:
    return QCoreApplication.translate("Identity", problem)


class ContactScreen(ScreenBase):
    kind = Screen.CONTACT

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.intro = label("muted")
        self.columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.columns.setSpacing(theme.SPACING_PX * 2)
        left = QVBoxLayout()
        left.addWidget(self.intro)
        grid = QGridLayout()
        grid.setSpacing(theme.SPACING_PX)
        self.fields: dict[ContactField, QLineEdit] = {}
        self.labels: dict[ContactField, QLabel] = {}
        self.errors: dict[ContactField, QLabel] = {}
        for row, which in enumerate(ContactField):
            edit = QLineEdit()
            edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            edit.setMinimumHeight(theme.NAV_PX)
            edit.setMaxLength({ContactField.NAME: MAX_NAME, ContactField.PHONE: 20,
                               ContactField.NIK: 16}[which])
            edit.installEventFilter(self)
            edit.textChanged.connect(lambda text, w=which: self._typed(w, text))
            caption = label("body")
            caption.setBuddy(edit)
            error = label("error")
            error.hide()
            grid.addWidget(caption, row * 2, 0)
            grid.addWidget(edit, row * 2, 1)
            grid.addWidget(error, row * 2 + 1, 1)
            self.fields[which], self.labels[which], self.errors[which] = edit, caption, error
        grid.setColumnStretch(1, 1)
        left.addLayout(grid)
        left.addStretch(1)
        self.keyboard = OnScreenKeyboard()
        self.columns.addLayout(left, 1)
        self.columns.addLayout(centred(self.keyboard), 1)
        self.body.addLayout(self.columns, 1)
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(self._next)
        self._select(ContactField.NAME)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for which, edit in self.fields.items():
                if edit is watched:
                    self._select(which, focus=False)
        return super().eventFilter(watched, event)

    def _select(self, which: ContactField, focus: bool = True) -> None:
        self.keyboard.set_target(self.fields[which])
        self.keyboard.set_mode(MODES[which])
        if focus:
            self.fields[which].setFocus()

    def _typed(self, which: ContactField, text: str) -> None:
        setattr(self.flow.session, which.value, text)
        self.errors[which].hide()

    def _next(self) -> None:
        problems = self.flow.session.contact_problems()
        for which, error in self.errors.items():
            if which in problems:
                error.setText(f"⚠ {self.field_name(which)}: {identity_message(problems[which])}")
            error.setVisible(which in problems)
        if problems:
            self._select(next(iter(problems)))
            return
        self.flow.go(Screen.REVIEW)

    def field_name(self, which: ContactField) -> str:
        return {ContactField.NAME: self.tr("Name"), ContactField.PHONE: self.tr("Phone number"),
                ContactField.NIK: self.tr("NIK (KTP number)")}[which]

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Your contact details (optional)"))
        self.intro.setText(self.tr("So the police can contact you. You may leave these "
                                   "empty and touch Next."))
        for which, caption in self.labels.items():
            caption.setText(self.field_name(which))
            self.fields[which].setAccessibleName(self.field_name(which))
        self.next_button.set_label(self.tr("Next"))
        self.keyboard.retranslate()

    def prompt(self) -> str:
        return self.tr("Your name and phone number are optional. Touch Next to continue.")

    def entered(self) -> None:
        s = self.flow.session
        for which, edit in self.fields.items():
            value = getattr(s, which.value)
            if edit.text() != value:
                edit.setText(value)
        self._select(ContactField.NAME)

    def reset(self) -> None:
        for edit in self.fields.values():
            edit.clear()
        for error in self.errors.values():
            error.hide()

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.columns.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                  else QBoxLayout.Direction.LeftToRight)
