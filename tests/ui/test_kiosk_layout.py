"""Layouts hold at every supported panel size, portrait and landscape, normal and
large text, in both languages (issue 10 item 2): every public screen state is built
once per size and its widget geometry checked (devtools.layout_check) — controls
inside the window, ≥ 9 mm, 8 px apart, never on a label, no clipped words."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from core.flow import Screen
from devtools.kiosk_screens import STATES, build, prepare, settle
from devtools.layout_check import (
    PANELS,
    REACH_BAND_MM,
    check,
    height_above_floor,
    panel_for,
)
from ui import theme

LANDSCAPE = list(PANELS)
SIZES = LANDSCAPE + [(h, w) for w, h in LANDSCAPE]   # 1080x1920 is 1920x1080's portrait
# Long content may scroll in normal text (the action stays fixed below the scroll);
# with large text any screen may scroll on a small panel, never clip.
MAY_SCROLL = {"review-long", "done-theft-steps", "contact-errors", "call-assist"}


def test_every_supported_size_is_checked() -> None:
    assert {(1024, 768), (1280, 720), (1280, 800), (1366, 768), (1280, 1024),
            (1920, 1080), (1080, 1920)} <= set(SIZES)
    assert len(SIZES) == 12


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_holds_at_this_size(qapp: QApplication, size: tuple[int, int],
                                         large: bool) -> None:
    width, height = size
    panel = panel_for(width, height)
    failures: list[str] = []
    for language in ("id", "en"):
        flow, window = build(language)
        window.resize(width, height)
        window.show()
        try:
            for state, drive in STATES.items():
                prepare(flow, large_text=large)
                drive(flow)
                settle()
                assert (window.width(), window.height()) == size
                layout = check(window)
                failures += [f"{language} {state}: {p}" for p in layout.problems]
                if layout.scrolls and not large and state not in MAY_SCROLL:
                    failures.append(f"{language} {state}: scrolls in normal text")
                for name, rect in layout.controls.items():
                    mm = min(rect.width(), rect.height()) * panel.mm_per_px
                    if mm < 9.0:
                        failures.append(f"{language} {state}: {name!r} is {mm:.1f} mm")
        finally:
            window.shutdown()
            window.deleteLater()
            QApplication.processEvents()
    assert not failures, "\n".join(failures[:40])


def test_the_smallest_target_is_at_least_9_mm_on_every_assumed_panel() -> None:
    for size in SIZES:
        assert theme.MIN_TOUCH_PX * panel_for(*size).mm_per_px >= 9.0, size


def test_in_portrait_every_control_is_within_reach(qapp: QApplication) -> None:
    """docs/ui.md: the visible area's lower edge 800 mm above the floor; every control
    between 800 and 1,220 mm (ADA 308 high reach) on the 21.5" portrait panel."""
    flow, window = build("id")
    window.resize(1080, 1920)
    window.show()
    panel = panel_for(1080, 1920)
    low_mm, high_mm = REACH_BAND_MM
    try:
        for state, drive in STATES.items():
            prepare(flow)
            drive(flow)
            settle()
            for name, full in check(window).controls.items():
                seen = full.intersected(window.rect())
                if seen.isEmpty():
                    continue   # below the fold of a scrolling body
                low, high = height_above_floor(seen, 1920, panel)
                assert low >= low_mm and high <= high_mm, (state, name, low, high)
        # The bar itself (Back, Home, settings, Panggil 110) is the lowest band.
        flow.start_report()
        settle()
        bar_low, bar_high = height_above_floor(
            window.bar.geometry(), 1920, panel)
        assert bar_low >= low_mm and bar_high <= low_mm + 200
        assert flow.screen is Screen.CATEGORY
    finally:
        window.shutdown()
        window.deleteLater()


def test_home_and_the_call_screen_come_first_and_the_rest_right_after_the_first_paint(
        qtbot: Any) -> None:
    """A kiosk shows Home sooner by building the other screens after its first paint; a
    lift at start-up still finds the call screen built. Built late, a screen is in the
    window's present state: its orientation, scale and place in the stack."""
    _flow, window = build("id", all_screens=False)
    qtbot.addWidget(window)
    assert set(window.screens.built) == {Screen.HOME, Screen.CALL}
    window.resize(1280, 720)   # landscape, scaled below 1.0
    window.show()
    qtbot.waitUntil(lambda: len(window.screens.built) == len(Screen), timeout=10_000)
    review = window.screens[Screen.REVIEW]
    assert review.parent() is window.stack
    assert window.stack.indexOf(window.screens[Screen.HOME]) == 0
    assert review.portrait is False
    assert review.scale == window.screens[Screen.HOME].scale < 1.0
