"""Our own small on-screen keyboard, inside the kiosk window.

Why not Qt Virtual Keyboard: it is GPLv3 and ships in PySide6-Addons, which we do not
install (we use PySide6-Essentials); it runs as an input-method plugin with its own
layouts, settings and word prediction menus — more surface to lock down and more to
download. The kiosk needs three layouts (letters, numbers/symbols, a numeric pad for
phone and NIK), big keys and no way out of the app, which is ~250 lines we fully own.

The keyboard owns its size: every key is `KEY_HEIGHT_MM` tall on the kiosk's panel on
every screen, in both orientations and with large text, and the keyboard's height is
fixed (four rows on every page, so switching from letters to the phone pad moves
nothing). Screens lay out around it. Each row is centred on the widest row, so a
shorter row sits in the middle, not against the left edge. Keys never take focus, so
the text field being edited keeps its cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
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

SHIFT, BACKSPACE, SPACE, ENTER, TO_SYMBOLS, TO_LETTERS = "⇧", "⌫", "␣", "↵", "123", "abc"

# The kiosk's panel: 21.5-inch 16:9 at 1920 x 1080, 476 x 268 mm, 4.03 px/mm (the
# theme's 60 px minimum target is its 15 mm).
PANEL_PX_PER_MM = 1920 / 476.0
KEY_HEIGHT_MM = 18.0      # twice the 9 mm a gloved finger needs
KEY_GAP_MM = 2.5          # > the 8 px (2 mm) the screens keep between any two targets
KEY_PX = round(KEY_HEIGHT_MM * PANEL_PX_PER_MM)       # 73
GAP_PX = round(KEY_GAP_MM * PANEL_PX_PER_MM)          # 10
ROWS = 4
HEIGHT_PX = ROWS * KEY_PX + (ROWS - 1) * GAP_PX       # the keyboard's fixed height

Row = Sequence[tuple[str, float]]   # (key, width in keys)


def _keys(chars: str) -> list[tuple[str, float]]:
    return [(c, 1.0) for c in chars]


LETTER_ROWS: list[Row] = [
    _keys("qwertyuiop"),
    _keys("asdfghjkl"),
    [(SHIFT, 1.5), *_keys("zxcvbnm"), (BACKSPACE, 1.5)],
    [(TO_SYMBOLS, 1.5), (",", 1), (SPACE, 4), (".", 1), ("-", 1), (ENTER, 1.5)],
]
SYMBOL_ROWS: list[Row] = [
    _keys("1234567890"),
    _keys("@/:;()\"'&"),
    [*_keys("#?!+=%*_"), (BACKSPACE, 2)],
    [(TO_LETTERS, 1.5), (",", 1), (SPACE, 4), (".", 1), ("-", 1), (ENTER, 1.5)],
]
# A phone pad (digits as on a phone), with what a phone number is written with:
# "+62 812-3456-7890".
NUMPAD_ROWS: list[Row] = [
    [*_keys("123"), (BACKSPACE, 1)],
    [*_keys("456"), (SPACE, 1)],
    [*_keys("789"), ("-", 1)],
    [*_keys("+0"), (ENTER, 2)],
]


class Mode(StrEnum):
    LETTERS = "letters"
    SYMBOLS = "symbols"
    NUMPAD = "numpad"


def key_names() -> dict[str, str]:
    """Accessible names of the special keys, in the active language."""
    return {SHIFT: QCoreApplication.translate("Keyboard", "Shift"),
            BACKSPACE: QCoreApplication.translate("Keyboard", "Delete"),
            SPACE: QCoreApplication.translate("Keyboard", "Space"),
            ENTER: QCoreApplication.translate("Keyboard", "Enter"),
            TO_SYMBOLS: QCoreApplication.translate("Keyboard", "Numbers and symbols"),
            TO_LETTERS: QCoreApplication.translate("Keyboard", "Letters")}


class KeyPage(QWidget):
    """One layout: keys placed by hand, each row centred on the widest one, the block
    centred in the keyboard. A key `w` keys wide spans `w` key widths and the gaps
    between them, so a 1.5-wide shift and a 4-wide space line up with the rows above."""

    def __init__(self, rows: Sequence[Row], max_key_width: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = [list(row) for row in rows]
        self.units = max(sum(width for _, width in row) for row in rows)
        self.max_key_width = max_key_width    # in key heights: a pad is not stretched
        self.buttons: list[list[KioskButton]] = []
        for row in self.rows:
            line = []
            for key, _width in row:
                button = KioskButton("key", min_height=KEY_PX, parent=self)
                button.setMinimumSize(0, 0)   # sized by place(), never by its label
                button.setProperty("key", key)
                button.setText(key)
                line.append(button)
            self.buttons.append(line)

    @property
    def keys(self) -> list[KioskButton]:
        return [button for line in self.buttons for button in line]

    def minimum_width(self) -> int:
        """The width at which the narrowest key is still a comfortable target."""
        narrowest = min(width for row in self.rows for _, width in row)
        return round(self.units * theme.MIN_TOUCH_PX / narrowest
                     + (self.units - 1) * GAP_PX)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place()

    def place(self) -> None:
        block_gaps = (self.units - 1) * GAP_PX
        unit = min((self.width() - block_gaps) / self.units, self.max_key_width * KEY_PX)
        block = self.units * unit + block_gaps
        for r, (row, line) in enumerate(zip(self.rows, self.buttons, strict=True)):
            widths = [width * unit + (width - 1) * GAP_PX for _, width in row]
            x = (self.width() - block) / 2 + (block - sum(widths) - (len(row) - 1) * GAP_PX) / 2
            for button, w in zip(line, widths, strict=True):
                button.setGeometry(round(x), r * (KEY_PX + GAP_PX), round(x + w) - round(x),
                                   KEY_PX)
                x += w + GAP_PX


class OnScreenKeyboard(QWidget):
    """Letters, symbols and a phone pad for one target field at a time.

    `enter` is emitted after Enter was delivered to the target (a line edit then emits
    its own `returnPressed`; a multi-line field gets a new line)."""

    enter = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OnScreenKeyboard")
        self._target: Target | None = None
        self._shift = False
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._pages = {Mode.LETTERS: KeyPage(LETTER_ROWS, 2.0),
                       Mode.SYMBOLS: KeyPage(SYMBOL_ROWS, 2.0),
                       Mode.NUMPAD: KeyPage(NUMPAD_ROWS, 2.6)}
        self._keys: list[KioskButton] = []
        for page in self._pages.values():
            self._stack.addWidget(page)
            for button in page.keys:
                key = str(button.property("key"))
                button.clicked.connect(lambda _=False, k=key: self._pressed(k))
                self._keys.append(button)
                if key == SHIFT:
                    button.setCheckable(True)
        self.mode = Mode.LETTERS
        self.setFixedHeight(HEIGHT_PX)
        self.setMinimumWidth(max(p.minimum_width() for p in self._pages.values()))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def sizeHint(self) -> QSize:
        page = self._pages[Mode.LETTERS]
        width = page.units * page.max_key_width * KEY_PX + (page.units - 1) * GAP_PX
        return QSize(round(width), HEIGHT_PX)

    @property
    def key_height(self) -> int:
        return KEY_PX

    @property
    def shift(self) -> bool:
        return self._shift

    def key_buttons(self, mode: Mode | None = None) -> list[KioskButton]:
        """The key buttons of `mode`'s page (default: the page shown)."""
        return self._pages[mode or self.mode].keys

    def retranslate(self) -> None:
        names = key_names()
        for button in self._keys:
            key = str(button.property("key"))
            button.setAccessibleName(names.get(key, key))
        self._apply_shift()

    def set_target(self, target: Target | None) -> None:
        self._target = target

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode
        self._stack.setCurrentWidget(self._pages[mode])

    def _apply_shift(self) -> None:
        """Letter keycaps show what a touch types: capitals while shift is on."""
        for button in self._keys:
            key = str(button.property("key"))
            if key == SHIFT:
                button.setChecked(self._shift)
            elif len(key) == 1 and key.isalpha():
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
        elif key == ENTER:
            self._enter()
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

    def _enter(self) -> None:
        # A real key event, so the field does what it does for a plugged-in keyboard.
        if self._target is not None:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QCoreApplication.sendEvent(self._target, QKeyEvent(
                    kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"))
        self.enter.emit()


def centred(keyboard: OnScreenKeyboard) -> QHBoxLayout:
    """A row that gives the keyboard the full width; its pages centre their keys."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(keyboard, 1)
    return row
