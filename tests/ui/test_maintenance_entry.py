"""Getting in and out: gesture or key switch → PIN pad → pages; wrong PINs, delays and
the lockout in words; no way past the PIN pad without the PIN; auto-exit when idle.

Devices here are the stand-ins of tests/ui/maint_rig.py (the entry path does not
touch them); the outbox is the real SQLite outbox, so queued events are real rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from core.config import Config
from core.maintenance import LOCKOUT_AFTER, PinResult
from tests.kiosk.maint_support import GOOD_PIN, WRONG_PIN
from tests.support.now import now
from tests.ui.maint_rig import Rig, make_rig
from ui.maintenance.mode import MaintenanceMode, Stage


@pytest.fixture
def mode(qtbot: QtBot, rig: Rig) -> Iterator[MaintenanceMode]:
    mode = MaintenanceMode(rig.services, tick_ms=60_000)  # the tests call check_idle
    qtbot.addWidget(mode.widget)
    mode.requested.connect(mode.widget.show)
    mode.finished.connect(mode.widget.hide)
    yield mode
    mode.leave("test_end")
    mode.uninstall_gesture()   # a failed test must not leave its filter on the app


def type_pin(qtbot: QtBot, mode: MaintenanceMode, pin: str) -> PinResult:
    for digit in pin:
        QTest.mouseClick(mode.pin_pad.keys[digit], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(mode.pin_pad.checked, timeout=10_000) as blocker:
        QTest.mouseClick(mode.pin_pad.ok_key, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert isinstance(result, PinResult)
    return result


def test_gesture_opens_the_pin_pad_and_the_right_pin_opens_status(
        qtbot: QtBot, rig: Rig, mode: MaintenanceMode) -> None:
    public = QWidget()
    public.resize(1080, 1920)
    qtbot.addWidget(public)
    public.show()
    mode.install_gesture(public)
    for corner, held in (((20, 20), 3.1), ((1060, 20), 0.1), ((1060, 1900), 0.1),
                         ((20, 1900), 0.1)):
        QTest.mousePress(public, Qt.MouseButton.LeftButton, pos=QPoint(*corner))
        rig.clock.advance(held)
        QTest.mouseRelease(public, Qt.MouseButton.LeftButton, pos=QPoint(*corner))
        rig.clock.advance(0.3)
    assert mode.stage is Stage.PIN
    assert mode.widget.currentWidget() is mode.pin_pad
    with qtbot.waitSignal(mode.entered, timeout=10_000):
        type_pin(qtbot, mode, GOOD_PIN)
    assert now(lambda: mode.stage) is Stage.INSIDE
    assert mode.widget.currentWidget() is mode.view
    assert mode.view.tabs.currentWidget() is mode.view.status
    assert rig.event_types() == ["maintenance.entered"]
    app, gesture = QApplication.instance(), mode.gesture
    assert app is not None and gesture is not None
    app.removeEventFilter(gesture)


def test_wrong_pin_says_so_and_keeps_the_pad(qtbot: QtBot, rig: Rig,
                                             mode: MaintenanceMode) -> None:
    mode.begin("gesture")
    result = type_pin(qtbot, mode, WRONG_PIN)
    assert result.outcome.value == "wrong"
    assert mode.stage is Stage.PIN and mode.widget.currentWidget() is mode.pin_pad
    assert "Wrong PIN" in mode.pin_pad.message.text()
    assert "Tries left before maintenance locks: 9" in mode.pin_pad.message.text()
    assert mode.pin_pad.dots.text() == "○"   # the digits are gone
    assert rig.event_types() == ["maintenance.pin_failed"]


def test_delays_are_shown_in_words_with_keys_disabled_then_lockout(
        qtbot: QtBot, rig: Rig, mode: MaintenanceMode) -> None:
    mode.begin("gesture")
    for _ in range(3):
        type_pin(qtbot, mode, WRONG_PIN)
    pad = mode.pin_pad
    assert "Wait 5 s, then try again" in pad.message.text()
    assert not pad.keys["1"].isEnabled() and not pad.ok_key.isEnabled()
    assert pad.cancel.isEnabled()   # the way home stays open
    rig.wall.advance(2)
    pad.show_gate()
    assert "Wait 3 s, then try again" in pad.message.text()
    for _ in range(LOCKOUT_AFTER - 3):
        rig.wall.advance(pad.show_gate().wait_s + 0.1)
        pad.show_gate()
        type_pin(qtbot, mode, WRONG_PIN)
    assert "locked" in pad.message.text() and "unlock-maintenance" in pad.message.text()
    assert not pad.keys["4"].isEnabled()
    rig.wall.advance(7 * 86_400)
    pad.reset()
    assert not pad.ok_key.isEnabled()
    types = rig.event_types()
    assert types.count("maintenance.pin_failed") == LOCKOUT_AFTER
    assert types[0] == "maintenance.lockout"   # urgent: listed (and sent) first


def test_no_button_on_the_pin_pad_leads_inside_without_the_pin(
        qtbot: QtBot, rig: Rig, mode: MaintenanceMode) -> None:
    mode.begin("gesture")
    entered: list[bool] = []
    mode.entered.connect(lambda: entered.append(True))
    buttons = [b for b in mode.pin_pad.findChildren(QPushButton) if b is not mode.pin_pad.cancel]
    assert len(buttons) == 12
    for b in buttons:
        QTest.mouseClick(b, Qt.MouseButton.LeftButton)
    QTest.mouseClick(mode.pin_pad.ok_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Checking" not in mode.pin_pad.message.text(), timeout=10_000)
    assert entered == [] and mode.stage is Stage.PIN
    assert not mode.view.isVisible()
    with qtbot.waitSignal(mode.finished):
        QTest.mouseClick(mode.pin_pad.cancel, Qt.MouseButton.LeftButton)
    assert now(lambda: mode.stage) is Stage.OFF


def test_key_switch_opens_only_the_pin_pad_and_turning_it_back_leaves(
        qtbot: QtBot, rig: Rig, mode: MaintenanceMode) -> None:
    mode.key_switch_changed(True)
    assert mode.stage is Stage.PIN and mode.widget.currentWidget() is mode.pin_pad
    type_pin(qtbot, mode, GOOD_PIN)
    assert now(lambda: mode.stage) is Stage.INSIDE
    with qtbot.waitSignal(mode.finished):
        mode.key_switch_changed(False)
    assert rig.event_types() == ["maintenance.entered", "maintenance.left"]


def test_leaves_by_itself_after_two_minutes_without_a_touch(
        qtbot: QtBot, rig: Rig, mode: MaintenanceMode) -> None:
    assert rig.services.config.maintenance.auto_exit_s == 120
    mode.begin("gesture")
    type_pin(qtbot, mode, GOOD_PIN)
    rig.clock.advance(100)
    QTest.mouseClick(mode.view.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=mode.view.tabs.tabBar().tabRect(1).center())   # a touch
    assert mode.view.tabs.currentWidget() is mode.view.printer
    rig.clock.advance(100)
    mode.check_idle()
    assert mode.stage is Stage.INSIDE
    rig.clock.advance(20)
    with qtbot.waitSignal(mode.finished):
        mode.check_idle()
    assert now(lambda: mode.stage) is Stage.OFF and mode.widget.currentWidget() is mode.pin_pad
    assert rig.event_types() == ["maintenance.entered", "maintenance.left"]
    assert any('"maintenance.left"' in line and '"idle"' in line for line in
               rig.services.log_lines())


def test_an_abandoned_pin_pad_goes_home(qtbot: QtBot, rig: Rig,
                                        mode: MaintenanceMode) -> None:
    mode.begin("gesture")
    QTest.mouseClick(mode.pin_pad.keys["4"], Qt.MouseButton.LeftButton)
    rig.clock.advance(31)
    with qtbot.waitSignal(mode.finished):
        mode.check_idle()
    mode.begin("gesture")
    assert mode.pin_pad.dots.text() == "○"   # the digit typed before is forgotten


def test_leave_button_ends_the_session_and_is_recorded(
        qtbot: QtBot, rig: Rig, mode: MaintenanceMode) -> None:
    mode.begin("gesture")
    type_pin(qtbot, mode, GOOD_PIN)
    rig.clock.advance(42)
    with qtbot.waitSignal(mode.finished):
        QTest.mouseClick(mode.view.leave_button, Qt.MouseButton.LeftButton)
    assert rig.event_types() == ["maintenance.entered", "maintenance.left"]
    assert any('"leave_button"' in line and '"duration_s": 42' in line
               for line in rig.services.log_lines())


def test_without_a_pin_set_the_pad_says_how_to_set_one(
        qtbot: QtBot, config: Config, tmp_path: Path, log_lines: list[str]) -> None:
    rig = make_rig(config, tmp_path, log_lines, pin="")
    mode = MaintenanceMode(rig.services, tick_ms=60_000)
    qtbot.addWidget(mode.widget)
    mode.begin("key_switch")
    assert "set-pin" in mode.pin_pad.message.text()
    assert not mode.pin_pad.ok_key.isEnabled()
    mode.leave("test_end")
    rig.close()


def test_no_pin_digits_or_personal_data_reach_any_log_line(
        qtbot: QtBot, rig: Rig, mode: MaintenanceMode, log_lines: list[str]) -> None:
    mode.begin("gesture")
    type_pin(qtbot, mode, WRONG_PIN)
    type_pin(qtbot, mode, GOOD_PIN)
    mode.leave("leave_button")
    produced = [line for line in log_lines if "maintenance." in line]
    assert len(produced) >= 4   # pin pad shown, pin failed, entered, left
    for line in log_lines:
        assert GOOD_PIN not in line and WRONG_PIN not in line
