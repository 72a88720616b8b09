"""Our own small on-screen keyboard, inside the kiosk window.

Why not Qt Virtual Keyboard: it is GPLv3 and ships in PySide6-Addons, which we do not
install (we use PySide6-Essentials); it runs as an input-method plugin with its own
layouts, settings and word prediction menus — more surface to lock down and more to
download. The kiosk needs three layouts (letters, numbers/symbols, a numeric pad for
phone and NIK), big keys and no way out of the app, which is ~200 lines we fully own.

Keys never take focus, so the text field being edited keeps its cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStackedLayout,
    QWidget,
)

from ui import theme
from ui.widgets.buttons import KioskButton

Target = QLineEdit | QPlainTextEdit

SHIFT, BACKSPACE, SPACE, TO_SYMBOLS, TO_LETTERS = "⇧", "⌫", "␣", "123", "abc"

LETTER_ROWS = ["qwertyuiop", "asdfghjkl", "⇧zxcvbnm⌫", ["123", ",", "␣", ".", "-"]]
SYMBOL_ROWS = ["1234567890", "@/:;()\"'&", "#?!+=%*_⌫", ["abc", ",", "␣", ".", "-"]]
NUMPAD_ROWS = ["123", "456", "789", "+0⌫"]


class Mode(StrEnum):
    LETTERS = "letters"
    SYMBOLS = "symbols"
    NUMPAD = "numpad"


def key_names() -> dict[str, str]:
    """Accessible names of the special keys, in the active language."""
    return {SHIFT: QCoreApplication.translate("Keyboard", "Shift"),
            BACKSPACE: QCoreApplication.translate("Keyboard", "Delete"),
            SPACE: QCoreApplication.translate("Keyboard", "Space"),
            TO_SYMBOLS: QCoreApplication.translate("Keyboard", "Numbers and symbols"),
            TO_LETTERS: QCoreApplication.translate("Keyboard", "Letters")}


class OnScreenKeyboard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OnScreenKeyboard")
        self._target: Target | None = None
        self._shift = False
        self._stack = QStackedLayout(self)
        self._keys: list[KioskButton] = []
        self._pages = {Mode.LETTERS: self._page(LETTER_ROWS, 10),
                       Mode.SYMBOLS: self._page(SYMBOL_ROWS, 10),
                       Mode.NUMPAD: self._page(NUMPAD_ROWS, 3)}
        self.mode = Mode.LETTERS
        self.setMaximumWidth(1500)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.retranslate()

    def _page(self, rows: Sequence[Sequence[str]], columns: int) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        for r, row in enumerate(rows):
            keys = list(row)
            # The bottom row is laid out by hand: a wide space bar in the middle.
            spans = [2, 1, 4, 1, 2] if len(keys) == 5 and SPACE in keys else [1] * len(keys)
            c = 0
            offset = (columns - len(keys)) // 2 if columns == 10 and r == 1 else 0
            for key, span in zip(keys, spans, strict=True):
                button = KioskButton("key", min_height=theme.KEY_PX)
                button.setProperty("key", key)
                button.setText(key)
                button.clicked.connect(lambda _=False, k=key: self._pressed(k))
                grid.addWidget(button, r, c + offset, 1, span)
                self._keys.append(button)
                c += span
        self._stack.addWidget(page)
        return page

    def retranslate(self) -> None:
        names = key_names()
        for button in self._keys:
            key = str(button.property("key"))
            button.setAccessibleName(names.get(key, key))
        self._apply_shift()

    def set_key_height(self, px: int) -> None:
        for button in self._keys:
            button.setMinimumHeight(max(px, theme.MIN_TOUCH_PX))

    def set_target(self, target: Target | None) -> None:
        self._target = target

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode
        self._stack.setCurrentWidget(self._pages[mode])

    def _apply_shift(self) -> None:
        for button in self._keys:
            key = str(button.property("key"))
            if len(key) == 1 and key.isalpha():
                button.setText(key.upper() if self._shift else key)
                button.setAccessibleName(button.text())

    def _pressed(self, key: str) -> None:
        if key == SHIFT:
            self._shift = not self._shift
            self._apply_shift()
        elif key == TO_SYMBOLS:
            self.set_mode(Mode.SYMBOLS)
        elif key == TO_LETTERS:
            self.set_mode(Mode.LETTERS)
        elif key == BACKSPACE:
            self._backspace()
        else:
            text = " " if key == SPACE else key
            if self._shift and text.isalpha():
                text = text.upper()
                self._shift = False   # one-shot, like a phone keyboard
                self._apply_shift()
            self._insert(text)

    def _insert(self, text: str) -> None:
        target = self._target
        if isinstance(target, QLineEdit):
            target.insert(text)
        elif isinstance(target, QPlainTextEdit):
            target.insertPlainText(text)

    def _backspace(self) -> None:
        target = self._target
        if isinstance(target, QLineEdit):
            target.backspace()
        elif isinstance(target, QPlainTextEdit):
            target.textCursor().deletePreviousChar()


def centred(keyboard: OnScreenKeyboard) -> QHBoxLayout:
    """A row that gives the keyboard the full width, up to its maximum, centred."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(keyboard, 100)
    row.addStretch(1)
    return row
