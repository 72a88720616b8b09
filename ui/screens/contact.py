"""Contact details, all optional: a name, another phone number or an e-mail address
(the victim may have no phone now), and the NIK. Each is checked with a friendly
message, and an invalid field can be cleared with one touch and skipped."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from core.flow import Flow, Screen
from core.session import MAX_NAME, ContactField
from ui import theme
from ui.screens.base import ScreenBase, reset_keyboard, wipe_text
from ui.widgets.buttons import KioskButton, label
from ui.widgets.card import Card
from ui.widgets.keyboard import Mode, OnScreenKeyboard, centred
from wire.identity import MAX_EMAIL

MODES = {ContactField.NAME: Mode.LETTERS, ContactField.PHONE: Mode.NUMPAD,
         ContactField.EMAIL: Mode.LETTERS, ContactField.NIK: Mode.NUMPAD}
MAX_LENGTHS = {ContactField.NAME: MAX_NAME, ContactField.PHONE: 20,
               ContactField.EMAIL: MAX_EMAIL, ContactField.NIK: 16}


class ContactScreen(ScreenBase):
    kind = Screen.CONTACT

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.intro = label("muted")
        self.body.addWidget(self.intro)
        # Box layouts, not a grid: a grid under-measures the height of wrapped messages.
        self.columns = QHBoxLayout()
        self.gap_layout(self.columns, 24)
        self.column_boxes = [QVBoxLayout(), QVBoxLayout()]
        for box in self.column_boxes:
            self.gap_layout(box, 12)
            self.columns.addLayout(box, 1)
        self.fields: dict[ContactField, QLineEdit] = {}
        self.labels: dict[ContactField, QLabel] = {}
        self.errors: dict[ContactField, Card] = {}
        self.clear_buttons: dict[ContactField, KioskButton] = {}
        self.cells: list[QVBoxLayout] = []
        self._one_column = True
        for which in ContactField:
            edit = QLineEdit()
            edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            edit.setMinimumHeight(theme.MIN_TOUCH_PX)
            edit.setMaxLength(MAX_LENGTHS[which])
            edit.installEventFilter(self)
            edit.textChanged.connect(lambda text, w=which: self._typed(w, text))
            caption = label("body")
            caption.setBuddy(edit)
            error = Card("error")
            error.hide()
            clear = KioskButton("choice", "delete", min_height=60, icon_px=32)
            clear.hide()
            clear.clicked.connect(lambda _=False, w=which: self._clear(w))
            entry = QHBoxLayout()   # *Clear* sits beside the field it empties
            self.gap_layout(entry)
            entry.addWidget(edit, 1)
            entry.addWidget(clear, 0)
            cell = QVBoxLayout()
            self.gap_layout(cell, 6)
            cell.addWidget(caption)
            cell.addLayout(entry)
            cell.addWidget(error)
            self.cells.append(cell)
            self.fields[which], self.labels[which], self.errors[which] = edit, caption, error
            self.clear_buttons[which] = clear
        self._place(portrait=True)
        self.body.addLayout(self.columns)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.enter.connect(self._enter)
        self.keyboard_row.addLayout(centred(self.keyboard))
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(self._next)
        self._problems: dict[ContactField, str] = {}
        self._select(ContactField.NAME)

    def _place(self, portrait: bool) -> None:
        """One field a row in a tall portrait window; two columns in landscape and in a
        short portrait one (the keyboard's height leaves little for four rows)."""
        portrait = portrait and self.height() >= 1200
        self._one_column = portrait
        for box in self.column_boxes:
            while box.count():
                box.takeAt(0)
        for i, cell in enumerate(self.cells):
            box = self.column_boxes[0 if portrait or i < 2 else 1]
            box.addLayout(cell)
        for box in self.column_boxes:
            box.addStretch(1)
        self.columns.setStretch(1, 0 if portrait else 1)

    def reflow(self, portrait: bool) -> None:
        self._place(portrait)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if (self.portrait and self.height() >= 1200) != self._one_column:
            self._place(self.portrait)

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

    def _enter(self) -> None:
        """Enter on the keyboard: the next field, then Next."""
        order = list(ContactField)
        current = next((w for w, e in self.fields.items() if e.hasFocus()), order[-1])
        if current is order[-1]:
            self._next()
        else:
            self._select(order[order.index(current) + 1])

    def _typed(self, which: ContactField, text: str) -> None:
        setattr(self.flow.session, which.value, text)
        self._show_problem(which, None)

    def _clear(self, which: ContactField) -> None:
        """Skip an optional field the user cannot get right: empty it, go on."""
        self.flow.session.clear_field(which)
        wipe_text(self.fields[which])
        self._show_problem(which, None)
        self._select(which)

    def _show_problem(self, which: ContactField, problem: str | None) -> None:
        if problem is None:
            self._problems.pop(which, None)
        else:
            self._problems[which] = problem
        self.errors[which].setVisible(problem is not None)
        self.clear_buttons[which].setVisible(problem is not None)
        if problem is not None:
            self.errors[which].setText(self.friendly(which, problem))

    def _next(self) -> None:
        problems = self.flow.session.contact_problems()
        for which in ContactField:
            self._show_problem(which, problems.get(which))
        if problems:
            first = next(iter(problems))
            self._select(first)
            self.flow.speak(self.friendly(first, problems[first]))
            return
        self.flow.next_step()

    def friendly(self, which: ContactField, problem: str) -> str:
        """What to do about `problem`, kindly; never the value itself."""
        skip = self.tr("It is optional: touch Clear to leave it out.")
        if which is ContactField.NIK:
            if "16 digits" in problem:
                typed = len(self.flow.session.nik.strip())
                text = self.tr("A NIK has 16 digits; this one has %1. Please check it "
                               "on your KTP.").replace("%1", str(typed))
            else:
                text = self.tr("This NIK does not look right. Please check it on your "
                               "KTP.")
        elif which is ContactField.PHONE:
            text = self.tr("This does not look like an Indonesian phone number, e.g. "
                           "0812 3456 7890.")
        elif which is ContactField.EMAIL:
            text = self.tr("This does not look like an e-mail address, e.g. "
                           "nama@contoh.id.")
        elif "characters" in problem and "printed" in problem:
            text = self.tr("The name has signs that cannot be printed. Please type it "
                           "again with letters only.")
        else:
            text = self.tr("Please shorten the name to %1 letters.").replace("%1",
                                                                            str(MAX_NAME))
        return f"{self.field_name(which)}: {text} {skip}"

    def field_name(self, which: ContactField) -> str:
        return {ContactField.NAME: self.tr("Name"),
                ContactField.PHONE: self.tr("Another phone number"),
                ContactField.EMAIL: self.tr("E-mail"),
                ContactField.NIK: self.tr("NIK (KTP number)")}[which]

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("How can the police reach you? (optional)"))
        self.intro.setText(self.tr("You may leave these empty. No phone now? Give another "
                                   "number or an e-mail address."))
        for which, caption in self.labels.items():
            caption.setText(self.field_name(which))
            self.fields[which].setAccessibleName(self.field_name(which))
            self.clear_buttons[which].set_label(self.tr("Clear"),
                                                self.tr("Leave this field out"))
        self.fields[ContactField.PHONE].setPlaceholderText("0812 3456 7890")
        self.fields[ContactField.EMAIL].setPlaceholderText("nama@contoh.id")
        self.next_button.set_label(self.tr("Next"))
        self.keyboard.retranslate()
        for which, problem in self._problems.items():
            self.errors[which].setText(self.friendly(which, problem))

    def prompt(self) -> str:
        return self.tr("Your name and how to reach you are optional. Touch Next to "
                       "continue.")

    def entered(self) -> None:
        s = self.flow.session
        for which, edit in self.fields.items():
            value = getattr(s, which.value)
            if edit.text() != value:
                edit.setText(value)
        self._select(ContactField.NAME)

    def reset(self) -> None:
        for edit in self.fields.values():
            wipe_text(edit)
        reset_keyboard(self.keyboard)
        for which in ContactField:
            self._show_problem(which, None)
        self.scroll_to_top()
        self._select(ContactField.NAME, focus=False)

