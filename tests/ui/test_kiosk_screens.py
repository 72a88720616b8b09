"""Every screen in both orientations and languages: fits, big targets, spacing,
accessible names, contrast, and translations complete."""

from __future__ import annotations

import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from kiosk_support import visible_texts
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from core.flow import Screen
from devtools.kiosk_screens import SIZES, STATES, build
from ui import theme, translations
from ui.screens.contact import IDENTITY_MESSAGES
from wire import identity

# Texts that are the same in both languages on purpose.
SAME_IN_BOTH = {"Bahasa Indonesia", "English", "NIK", "Rp", "110", "112"}


def _render(state: str, language: str, orientation: str, large: bool = False):
    flow, window = build(language)
    window.resize(*SIZES[orientation])
    window.show()
    if large:
        flow.toggle_large_text()
    STATES[state](flow)
    QApplication.processEvents()
    return flow, window


def _buttons(window: QWidget) -> list[QAbstractButton]:
    return [b for b in window.findChildren(QAbstractButton) if b.isVisibleTo(window)]


def _rect(w: QWidget, window: QWidget) -> QRect:
    return QRect(w.mapTo(window, w.rect().topLeft()), w.size())


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
@pytest.mark.parametrize("orientation", list(SIZES))
@pytest.mark.parametrize("state", ["home", "category", "describe", "where-when",
                                   "contact-errors", "review", "lost-items", "call-connected",
                                   "call-ended-busy", "done-printed", "done-store-failed"])
def test_each_screen_fits_with_big_spaced_touch_targets(qtbot, state, orientation, large):
    _flow, window = _render(state, "id", orientation, large)
    qtbot.addWidget(window)
    assert (window.width(), window.height()) == SIZES[orientation]
    buttons = _buttons(window)
    assert buttons
    area = window.rect()
    for b in buttons:
        r = _rect(b, window)
        assert area.contains(r), f"{b.text()!r} is outside the window"
        assert r.width() >= theme.MIN_TOUCH_PX and r.height() >= theme.MIN_TOUCH_PX, b.text()
        # Keyboard keys may shrink a little in large-text landscape (still >= 60 px).
        if not (large and b.property("role") == "key"):
            assert b.height() >= b.minimumSizeHint().height(), f"{b.text()!r} is squeezed"
        assert b.accessibleName(), f"a button without an accessible name: {b.text()!r}"
    # At least 8 px between any two targets: grow each by 4 px, none may overlap.
    for a, b in itertools.combinations(buttons, 2):
        ra, rb = _rect(a, window).adjusted(-4, -4, 4, 4), _rect(b, window).adjusted(-4, -4, 4, 4)
        assert not ra.intersects(rb), f"{a.text()!r} and {b.text()!r} are too close"
    window.shutdown()
    window.deleteLater()


@pytest.mark.parametrize("orientation", list(SIZES))
def test_the_two_main_actions_are_far_larger(qtbot, orientation):
    _flow, window = _render("home", "id", orientation)
    qtbot.addWidget(window)
    home = window.screens[Screen.HOME]
    for big in (home.call_button, home.report_button):
        assert big.height() >= 300 and big.width() >= 500
        assert big.height() * big.width() >= 4 * home.voice_button.height() * \
            home.voice_button.width()
    window.shutdown()
    window.deleteLater()


def test_every_stylesheet_rule_has_at_least_7_to_1_contrast():
    for large in (False, True):
        sheet = theme.stylesheet(large)
        checked = 0
        for rule in re.findall(r"\{([^}]*)\}", sheet):
            fg = re.search(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", rule)
            bg = re.search(r"background-color:\s*(#[0-9A-Fa-f]{6})", rule)
            assert fg and bg, f"a rule without both colours: {rule}"
            ratio = theme.contrast(fg.group(1), bg.group(1))
            assert ratio >= 7.0, f"{ratio:.2f}:1 in {rule}"
            checked += 1
        assert checked >= 20


def test_large_text_mode_scales_fonts():
    small = [int(x) for x in re.findall(r"font-size: (\d+)px", theme.stylesheet(False))]
    large = [int(x) for x in re.findall(r"font-size: (\d+)px", theme.stylesheet(True))]
    assert all(b >= a * 1.25 for a, b in zip(small, large, strict=True))


def _catalogue(language: str) -> dict[str, str]:
    root = ET.parse(translations.ts_path(language)).getroot()
    out = {}
    for m in root.iter("message"):
        tr = m.find("translation")
        forms = [n.text or "" for n in tr.iter("numerusform")] or [tr.text or ""]
        out[m.findtext("source") or ""] = forms[0]
    return out


def test_the_catalogues_cover_every_string_in_the_code(tmp_path):
    copies = []
    for lang in translations.LANGUAGES:
        copy = tmp_path / translations.ts_path(lang).name
        shutil.copy(translations.ts_path(lang), copy)
        copies.append(copy)
    translations.lupdate(copies)   # merges the strings the code has now
    for copy in copies:
        root = ET.parse(copy).getroot()
        for m in root.iter("message"):
            tr = m.find("translation")
            assert tr.get("type") not in ("unfinished", "vanished", "obsolete"), \
                f"{copy.name}: not translated: {m.findtext('source')!r}"
            assert (tr.text or "").strip() or list(tr.iter("numerusform")), m.findtext("source")


def test_compiled_catalogues_are_regenerated_and_load(tmp_path):
    for lang in translations.LANGUAGES:
        qm = tmp_path / f"{lang}.qm"
        translations.lrelease(translations.ts_path(lang), qm)
        assert qm.stat().st_size > 1000
        assert translations.qm_path(lang).stat().st_mtime >= \
            translations.ts_path(lang).stat().st_mtime - 1, "commit the regenerated .qm"


@pytest.mark.parametrize("state", list(STATES))
def test_no_english_is_left_on_any_indonesian_screen(qtbot, state):
    indonesian = _catalogue("id")
    english_only = {src.strip() for src, tr in indonesian.items()
                    if tr.strip() != src.strip() and src.strip() not in SAME_IN_BOTH}
    _flow, window = _render(state, "id", "portrait")
    qtbot.addWidget(window)
    for text in visible_texts(window):
        core = text.strip().lstrip("✓✗⚠⎙ ").strip()
        assert core not in english_only, f"untranslated on {state}: {core!r}"
    window.shutdown()
    window.deleteLater()


def test_switching_language_changes_every_screen(qtbot):
    flow, window = _render("home", "id", "portrait")
    qtbot.addWidget(window)
    before = {k: visible_texts(s) for k, s in window.screens.items()}
    flow.set_language("en")
    after = {k: visible_texts(s) for k, s in window.screens.items()}
    for screen in window.screens:
        assert before[screen] != after[screen], f"{screen} did not change language"
    assert window.screens[Screen.HOME].report_button.accessibleName() == "Make a report"
    window.shutdown()
    window.deleteLater()


def test_every_identity_problem_has_a_translation():
    problems = {identity.nik_problem(n) for n in (
        "12", "9912345678901234", "3100345678901234", "3171234513901234",
        "3171233202901234", "3171234502900000")}
    problems.add(identity.phone_problem("12345"))
    assert None not in problems
    assert problems <= set(IDENTITY_MESSAGES)
    indonesian = _catalogue("id")
    assert all(indonesian[p] and indonesian[p] != p for p in problems)


def test_every_icon_glyph_exists_in_the_icon_font():
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.widgets.icons import CATEGORY_GLYPHS, GLYPHS, ICON_FONT, LOST_ITEM_GLYPHS

    metrics = QFontMetrics(QFont(ICON_FONT))
    for glyph in [*GLYPHS.values(), *CATEGORY_GLYPHS.values(), *LOST_ITEM_GLYPHS.values()]:
        for ch in glyph:
            assert metrics.inFontUcs4(ord(ch)), f"U+{ord(ch):04X} is missing"


def test_translation_files_are_in_the_repository():
    for lang in translations.LANGUAGES:
        assert Path(translations.qm_path(lang)).is_file()


def test_the_qt_binding_keeps_none_alive_for_a_long_running_kiosk():
    """PySide6 6.12.0 under Python 3.11 decref'd None on every void call, aborting the
    kiosk after a few thousand screen updates ("none_dealloc")."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.clear()
    assert sys.getrefcount(None) >= before - 10
