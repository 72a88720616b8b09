"""Voice guidance (issue 13): every option of every screen is read, touch once to hear
and again to choose, *Dengarkan lagi*, the volume control, languages per visit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.flow import Flow, Screen
from devtools.kiosk_screens import STATES, prepare, settle
from devtools.standins import SilentSpeaker
from tests.support.now import now
from tests.ui.kiosk_support import KioskWindow, screen_of, shown_window
from ui.screens.category import CategoryScreen


@pytest.fixture(scope="module")
def voiced(qapp: QApplication) -> Iterator[KioskWindow]:
    with shown_window() as shown:
        yield shown


def _speaker(flow: Flow) -> SilentSpeaker:
    assert isinstance(flow.speaker, SilentSpeaker)
    return flow.speaker


@pytest.mark.parametrize("state", [s for s in STATES if s not in ("still-there",
                                                                   "confirm-home")])
def test_voice_mode_reads_every_option_of_every_screen(voiced: KioskWindow, state: str) -> None:
    flow, window = voiced
    prepare(flow)
    STATES[state](flow)
    settle()
    assert flow.settings.voice
    window.show_screen(flow.screen)   # as when the screen appears
    said, language = _speaker(flow).said[-1]
    assert language == flow.language
    options = window.current_screen.options() + window.bar_options()
    assert options
    for option in options:
        assert option in said, f"{state}: {option!r} is not read in {said!r}"


def test_touch_once_to_hear_touch_again_to_choose(voiced: KioskWindow, qtbot: QtBot) -> None:
    flow, window = voiced
    prepare(flow)
    flow.start_report()
    settle()
    fire = screen_of(window, CategoryScreen).buttons["fire"]
    # Voice on from the configuration reads screens but never asks for two touches.
    QTest.mouseClick(fire, Qt.MouseButton.LeftButton)
    assert flow.screen is Screen.EMERGENCY
    prepare(flow)
    flow.toggle_voice()
    flow.toggle_voice()   # the visitor turned voice guidance on: touch to hear
    assert flow.settings.touch_to_hear
    flow.start_report()
    settle()
    QTest.mouseClick(fire, Qt.MouseButton.LeftButton)
    assert now(lambda: flow.screen) is Screen.CATEGORY
    said = _speaker(flow).said[-1][0]
    assert said.startswith("Kebakaran") and "Sentuh sekali lagi" in said
    assert fire.property("armed") is True
    theft = screen_of(window, CategoryScreen).buttons["theft"]
    QTest.mouseClick(theft, Qt.MouseButton.LeftButton)   # another control: heard, not done
    assert now(lambda: flow.screen) is Screen.CATEGORY and _speaker(flow).said[-1][0].startswith(
        "Pencurian") and fire.property("armed") is False
    QTest.mouseClick(theft, Qt.MouseButton.LeftButton)
    assert now(lambda: flow.screen) is Screen.LOST_ITEMS


def test_listen_again_reads_the_screen_even_with_voice_off(voiced: KioskWindow) -> None:
    flow, window = voiced
    prepare(flow)
    flow.toggle_voice()
    flow.start_report()
    count = _speaker(flow).count
    window.listen_again()
    assert _speaker(flow).count == count + 1
    assert _speaker(flow).said[-1][0].startswith("Apa yang ingin Anda laporkan?")


def test_the_volume_control_reaches_the_speaker_and_resets_for_the_next_person(
        voiced: KioskWindow, qtbot: QtBot) -> None:
    flow, window = voiced
    prepare(flow)
    speaker = _speaker(flow)
    flow.toggle_voice()
    flow.toggle_voice()
    settle()
    for _ in range(2):   # touch to hear, touch to choose
        QTest.mouseClick(window.bar.volume_button, Qt.MouseButton.LeftButton)
    assert speaker.volume == 0.5 and "pelan" in window.bar.volume_button.accessibleDescription()
    flow.end_session()
    assert speaker.volume == 1.0


def test_the_language_stays_for_the_visit_and_only_the_end_of_it_resets_it(
        voiced: KioskWindow) -> None:
    flow, window = voiced
    prepare(flow)
    window.bar.language_button.click()
    assert flow.language == "en"
    flow.start_report()
    flow.choose_category("threat")
    flow.session.description = "x"
    window.request_home()          # asks first
    assert window.confirm_home.isVisible() and flow.screen is Screen.DESCRIBE
    window.confirm_home.keep.click()
    assert flow.screen is Screen.DESCRIBE and flow.session.description == "x"
    window.request_home()
    window.confirm_home.leave.click()
    assert now(lambda: flow.screen) is Screen.HOME and flow.language == "en"
    assert flow.session.is_empty
    flow.end_session()
    assert flow.language == "id"
