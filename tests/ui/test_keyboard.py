"""The on-screen keyboard: centred rows, Enter, shift-aware keycaps, a space on the phone
pad, and one key size (a property of the keyboard, in mm) on every screen, in both
languages and orientations."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from devtools.kiosk_screens import SIZES, STATES, build
from tests.support.now import now
from tests.ui.kiosk_support import screen_of
from ui import theme
from ui.main_window import MainWindow
from ui.screens.contact import ContactScreen
from ui.screens.describe import DescribeScreen
from ui.screens.where_when import WhereScreen
from ui.widgets.keyboard import (
    BACKSPACE,
    ENTER,
    GAP_PX,
    HEIGHT_PX,
    KEY_PX,
    PANEL_PX_PER_MM,
    SHIFT,
    SPACE,
    TO_LETTERS,
    TO_SYMBOLS,
    Mode,
    OnScreenKeyboard,
)
from wire.identity import phone_problem

GLOVED_FINGER_MM = 9.0
KEYBOARD_SCREENS: dict[str, type[DescribeScreen | WhereScreen | ContactScreen]] = {
    "describe": DescribeScreen, "where": WhereScreen, "contact-errors": ContactScreen}


def keyboard_of_width(qtbot: QtBot, width: int) -> OnScreenKeyboard:
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keyboard)
    keyboard.resize(width, HEIGHT_PX)
    keyboard.show()
    QApplication.processEvents()
    return keyboard


def tap(qtbot: QtBot, keyboard: OnScreenKeyboard, key: str) -> None:
    button = next(b for b in keyboard.key_buttons() if b.property("key") == key)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def rows(keyboard: OnScreenKeyboard, mode: Mode) -> list[list[QRect]]:
    by_row: dict[int, list[QRect]] = {}
    for button in keyboard.key_buttons(mode):
        by_row.setdefault(button.geometry().y(), []).append(button.geometry())
    return [sorted(r, key=QRect.x) for _, r in sorted(by_row.items())]


@pytest.mark.parametrize("width", [700, 900, 1000, 1400, 1872])
@pytest.mark.parametrize("mode", list(Mode))
def test_every_row_is_centred_and_full_rows_share_both_edges(qtbot: QtBot, mode: Mode,
                                                            width: int) -> None:
    keyboard = keyboard_of_width(qtbot, width)
    keyboard.set_mode(mode)
    QApplication.processEvents()
    page = rows(keyboard, mode)
    assert len(page) == 4
    left = min(r[0].left() for r in page)
    right = max(r[-1].right() for r in page)
    assert abs(left - (width - 1 - right)) <= 1            # the block is centred
    for row in page:
        assert abs((row[0].left() - left) - (right - row[-1].right())) <= 1, row
        gaps = [b.left() - a.right() - 1 for a, b in itertools.pairwise(row)]
        assert all(abs(g - GAP_PX) <= 1 for g in gaps)
    full = [row for row in page if abs(row[0].left() - left) <= 1]
    assert len(full) >= 3 and all(abs(r[-1].right() - right) <= 1 for r in full)


def test_the_shorter_letter_row_sits_half_a_key_in(qtbot: QtBot) -> None:
    keyboard = keyboard_of_width(qtbot, 1000)
    top, middle = rows(keyboard, Mode.LETTERS)[:2]
    assert len(top) == 10 and len(middle) == 9
    assert abs(middle[0].left() - (top[0].left() + (top[0].width() + GAP_PX) / 2)) <= 1


def test_letter_keycaps_follow_shift_and_shift_is_one_shot(qtbot: QtBot) -> None:
    keyboard = keyboard_of_width(qtbot, 1000)
    field = QLineEdit()
    qtbot.addWidget(field)
    keyboard.set_target(field)
    caps = {str(b.property("key")): b for b in keyboard.key_buttons()}
    assert caps["a"].text() == "a" and not caps[SHIFT].isChecked()
    tap(qtbot, keyboard, SHIFT)
    assert keyboard.shift and caps[SHIFT].isChecked()
    assert all(b.text() == str(b.property("key")).upper() for k, b in caps.items()
               if k.isalpha() and len(k) == 1)
    assert caps["q"].accessibleName() == "Q"
    tap(qtbot, keyboard, "b")
    tap(qtbot, keyboard, "u")
    assert field.text() == "Bu"
    assert not keyboard.shift and caps["a"].text() == "a" and not caps[SHIFT].isChecked()
    tap(qtbot, keyboard, SHIFT)
    tap(qtbot, keyboard, SHIFT)     # a second touch takes it back
    tap(qtbot, keyboard, "d")
    assert field.text() == "Bud"


def test_enter_is_a_return_for_the_field_and_a_signal_for_the_screen(qtbot: QtBot) -> None:
    keyboard = keyboard_of_width(qtbot, 1000)
    line, text = QLineEdit(), QPlainTextEdit()
    qtbot.addWidget(line)
    qtbot.addWidget(text)
    keyboard.set_target(line)
    with qtbot.waitSignal(line.returnPressed, timeout=2000), \
            qtbot.waitSignal(keyboard.enter, timeout=2000):
        tap(qtbot, keyboard, ENTER)
    keyboard.set_target(text)
    for key in ("a", ENTER, "b"):
        tap(qtbot, keyboard, key)
    assert text.toPlainText() == "a\nb"
    keyboard.set_mode(Mode.NUMPAD)
    assert ENTER in {b.property("key") for b in keyboard.key_buttons()}


def test_the_phone_pad_types_its_own_example_with_spaces(qtbot: QtBot) -> None:
    keyboard = keyboard_of_width(qtbot, 900)
    keyboard.set_mode(Mode.NUMPAD)
    field = QLineEdit()
    qtbot.addWidget(field)
    keyboard.set_target(field)
    for ch in "+62 812-3456-78900":
        tap(qtbot, keyboard, SPACE if ch == " " else ch)
    tap(qtbot, keyboard, BACKSPACE)
    assert field.text() == "+62 812-3456-7890"
    assert phone_problem(field.text()) is None


def test_the_mode_keys_switch_pages(qtbot: QtBot) -> None:
    keyboard = keyboard_of_width(qtbot, 1000)
    tap(qtbot, keyboard, TO_SYMBOLS)
    assert keyboard.mode is Mode.SYMBOLS
    tap(qtbot, keyboard, TO_LETTERS)
    assert now(lambda: keyboard.mode) is Mode.LETTERS


def test_the_key_size_is_set_in_mm_and_fits_a_gloved_finger() -> None:
    assert KEY_PX / PANEL_PX_PER_MM >= 2 * GLOVED_FINGER_MM
    assert GAP_PX >= 8
    assert HEIGHT_PX == 4 * KEY_PX + 3 * GAP_PX


def _keyboard_on(state: str, language: str, orientation: str,
                 large: bool) -> tuple[MainWindow, OnScreenKeyboard]:
    flow, window = build(language)
    window.resize(*SIZES[orientation])
    window.show()
    if large:
        flow.toggle_large_text()
    STATES[state](flow)
    QApplication.processEvents()
    keyboard = screen_of(window, KEYBOARD_SCREENS[state]).keyboard
    assert isinstance(keyboard, OnScreenKeyboard) and keyboard.isVisibleTo(window)
    return window, keyboard


def test_every_screen_in_both_languages_and_orientations_has_the_same_keys(qtbot: QtBot) -> None:
    seen: dict[tuple[str, str, bool], list[tuple[str, str]]] = {}
    for state in KEYBOARD_SCREENS:
        for orientation in SIZES:
            for language in ("id", "en"):
                for large in (False, True):
                    window, keyboard = _keyboard_on(state, language, orientation, large)
                    qtbot.addWidget(window)
                    assert keyboard.height() == HEIGHT_PX
                    for button in keyboard.key_buttons():
                        assert button.height() == KEY_PX, (state, orientation, language)
                        assert button.width() >= theme.MIN_TOUCH_PX
                        assert button.width() / PANEL_PX_PER_MM >= GLOVED_FINGER_MM
                        assert isinstance(button, QPushButton)
                        assert button.focusPolicy() is Qt.FocusPolicy.NoFocus
                    labels = [(str(b.property("key")), b.text()) for b in keyboard.key_buttons()]
                    seen.setdefault((state, orientation, large), labels)
                    # The same keycaps whatever the language: only accessible names differ.
                    assert seen[state, orientation, large] == labels
                    window.shutdown()
                    window.deleteLater()
    QApplication.processEvents()
