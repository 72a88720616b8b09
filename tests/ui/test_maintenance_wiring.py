"""Maintenance inside the real public kiosk window (kiosk.app.build): the gesture works
only on the home screen and leads to the PIN pad only; the emergency call keeps working
during maintenance; the technician's test call owns the handset.

Devices are the stand-ins (devtools/standins.py, through tests/ui/maint_rig.py); the outbox is real.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from core.config import Config
from core.flow import Screen
from core.ports import CallPhase, CallStatus, Devices, EndReason
from devtools.standins import StatusLines
from kiosk.app import KioskApp, build
from tests.kiosk.maint_support import GOOD_PIN
from tests.support.config import load_test_config
from tests.ui.maint_rig import Rig, make_rig
from ui.maintenance.mode import MaintenanceMode, Stage
from ui.maintenance.view import MaintenanceView
from ui.maintenance.wiring import MaintenanceWiring


@pytest.fixture
def cfg(tmp_path: Path) -> Config:
    return load_test_config(tmp_path, modem={"test_number": "5550100"})


@pytest.fixture
def kiosk(qtbot: QtBot, cfg: Config, tmp_path: Path,
          log_lines: list[str]) -> Iterator[tuple[KioskApp, MaintenanceWiring, Rig]]:
    rig = make_rig(cfg, tmp_path, log_lines)
    devices = Devices(printer=rig.printer, phone=rig.phone, hook=rig.hook,
                      speaker=rig.speaker)
    app = build(cfg, devices, store=lambda: rig.outbox)
    wiring = MaintenanceWiring(app.window, app.flow, rig.services)
    app.window.resize(1080, 1920)
    app.window.show()
    qtbot.waitExposed(app.window)
    yield app, wiring, rig
    wiring.close()
    app.close()
    rig.outbox.close()


def gesture(qtbot: QtBot, app: KioskApp, rig: Rig) -> None:
    w = app.window
    for (x, y), held in (((10, 10), 3.1), ((1070, 10), 0.1), ((1070, 1910), 0.1),
                         ((10, 1910), 0.1)):
        target = w.childAt(QPoint(x, y)) or w
        pos = target.mapFrom(w, QPoint(x, y))
        QTest.mousePress(target, Qt.MouseButton.LeftButton, pos=pos)
        rig.clock.advance(held)
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, pos=pos)
        rig.clock.advance(0.3)


def enter(qtbot: QtBot, mode: MaintenanceMode) -> None:
    for digit in GOOD_PIN:
        QTest.mouseClick(mode.pin_pad.keys[digit], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(mode.entered, timeout=10_000):
        QTest.mouseClick(mode.pin_pad.ok_key, Qt.MouseButton.LeftButton)


def test_gesture_on_home_shows_the_pin_pad_never_the_pages(
        qtbot: QtBot, kiosk: tuple[KioskApp, MaintenanceWiring, Rig]) -> None:
    app, wiring, rig = kiosk
    mode = wiring.mode
    # The maintenance pages are not part of the public window at all: no public
    # screen, button or back-stack can show them; only the mode pushes them, after
    # the PIN (its pad is the only thing the gesture or the key switch shows).
    for screen in (Screen.CATEGORY, Screen.DESCRIBE, Screen.CONTACT, Screen.CALL):
        app.flow.go(screen)
        assert app.window.findChildren(MaintenanceView) == []
        assert mode.stage is Stage.OFF
    app.flow.home()
    gesture(qtbot, app, rig)
    assert mode.stage is Stage.PIN
    assert app.window.stack.currentWidget() is mode.widget
    assert mode.widget.currentWidget() is mode.pin_pad and not mode.view.isVisible()
    enter(qtbot, mode)
    assert mode.view.isVisible()
    with qtbot.waitSignal(mode.finished):
        QTest.mouseClick(mode.view.leave_button, Qt.MouseButton.LeftButton)
    assert app.flow.screen is Screen.HOME
    assert app.window.stack.currentWidget() is app.window.screens[Screen.HOME]


def test_gesture_does_nothing_away_from_the_home_screen(
        qtbot: QtBot, kiosk: tuple[KioskApp, MaintenanceWiring, Rig]) -> None:
    app, wiring, rig = kiosk
    app.flow.start_report()
    qtbot.waitUntil(lambda: app.flow.screen is not Screen.HOME)
    gesture(qtbot, app, rig)
    assert wiring.mode.stage is Stage.OFF
    assert app.window.stack.currentWidget() is not wiring.mode.widget


def test_a_lifted_handset_still_calls_110_during_maintenance(
        qtbot: QtBot, kiosk: tuple[KioskApp, MaintenanceWiring, Rig]) -> None:
    app, wiring, rig = kiosk
    gesture(qtbot, app, rig)
    enter(qtbot, wiring.mode)
    with qtbot.waitSignal(wiring.mode.finished, timeout=10_000):
        rig.hook.set(True)     # a commuter lifts the handset
    assert app.flow.screen is Screen.CALL
    assert app.window.stack.currentWidget() is app.window.screens[Screen.CALL]
    assert "maintenance.left" in rig.event_types()
    assert any('"emergency_call"' in line for line in rig.services.log_lines())
    assert app.window.stack.indexOf(wiring.mode.widget) == -1
    assert rig.phone.status().emergency and app.flow.in_call


def test_the_test_call_owns_the_handset(
        qtbot: QtBot, kiosk: tuple[KioskApp, MaintenanceWiring, Rig]) -> None:
    app, wiring, rig = kiosk
    gesture(qtbot, app, rig)
    enter(qtbot, wiring.mode)
    page = wiring.mode.view.handset
    wiring.mode.view.show_page(page)
    QTest.mouseClick(page.call_button, Qt.MouseButton.LeftButton)
    assert app.flow.technician_call
    rig.hook.set(True)     # the technician lifts the handset to listen
    qtbot.waitUntil(lambda: page.hook_text.text() == "Handset lifted")
    assert rig.phone.dialled == ["5550100"] and app.flow.screen is not Screen.CALL
    assert wiring.mode.stage is Stage.INSIDE
    rig.phone.publish(CallStatus(CallPhase.ENDED, "5550100", reason=EndReason.REMOTE_HANGUP,
                                 emergency=False))
    qtbot.waitUntil(lambda: not app.flow.technician_call)


def test_app_wiring_with_a_key_switch_on_a_status_line(
        qtbot: QtBot, tmp_path: Path, log_lines: list[str]) -> None:
    from core.config import HandsetSection
    from core.ports import HookSwitch
    from hardware.hook.lines import StatusLineHook
    from kiosk.app_maintenance import AttachedMaintenance, attach_maintenance

    cfg = load_test_config(tmp_path, maintenance={
        "key_switch": "/dev/ttyKEY0:DCD", "pin_hash": "scrypt$n=1024$r=8$p=1$broken$broken"})
    rig = make_rig(cfg, tmp_path, log_lines)
    devices = Devices(printer=rig.printer, phone=rig.phone, hook=rig.hook,
                      speaker=rig.speaker)
    app = build(cfg, devices, store=lambda: rig.outbox)
    lines = StatusLines()
    opened: list[str] = []

    def factory(section: HandsetSection) -> HookSwitch:
        opened.append(f"{section.port}:{section.line}")
        return StatusLineHook(section, opener=lambda url: lines).start()

    attached = attach_maintenance(cfg, app, key_switch_factory=factory)
    assert isinstance(attached, AttachedMaintenance) and opened == ["/dev/ttyKEY0:DCD"]
    mode = attached.wiring.mode
    try:
        lines.cd = True      # the technician turns the key
        qtbot.waitUntil(lambda: mode.stage is Stage.PIN, timeout=10_000)
        assert app.window.stack.currentWidget() is mode.widget
        # the damaged hash: maintenance cannot be entered, the kiosk runs on
        assert "set-pin" in mode.pin_pad.message.text()
        assert any("maintenance.pin_hash_invalid" in line for line in log_lines)
        lines.cd = False     # key turned back
        qtbot.waitUntil(lambda: mode.stage is Stage.OFF, timeout=10_000)
        assert app.flow.screen is Screen.HOME
        assert attached.ring.lines()   # the log ring is collecting
    finally:
        attached.close()
        app.close()
        rig.close()


def test_the_app_attaches_maintenance_after_the_home_screen_painted(
        qtbot: QtBot, cfg: Config, tmp_path: Path, log_lines: list[str]) -> None:
    from kiosk.app_maintenance import AttachedMaintenance, attach_after_first_paint

    rig = make_rig(cfg, tmp_path, log_lines)
    devices = Devices(printer=rig.printer, phone=rig.phone, hook=rig.hook,
                      speaker=rig.speaker)
    app = build(cfg, devices, store=lambda: rig.outbox)
    deferred = attach_after_first_paint(cfg, app)
    try:
        assert deferred.attached is None
        app.window.resize(1080, 1920)
        app.window.show()
        qtbot.waitUntil(lambda: deferred.attached is not None, timeout=10_000)
        assert any('"maintenance.ready"' in line for line in log_lines)
        assert isinstance(deferred.attached, AttachedMaintenance)
        mode = deferred.attached.wiring.mode
        mode.key_switch_changed(True)   # the same path as the gesture, without its hold
        assert app.window.stack.currentWidget() is mode.widget
        mode.key_switch_changed(False)
        assert app.window.stack.currentWidget() is app.window.screens[Screen.HOME]
    finally:
        deferred.close()
        app.close()
        rig.close()


def test_key_switch_never_covers_a_call_and_wipes_a_half_written_report(
        qtbot: QtBot, kiosk: tuple[KioskApp, MaintenanceWiring, Rig]) -> None:
    app, wiring, rig = kiosk
    mode = wiring.mode
    app.flow.start_report()
    qtbot.waitUntil(lambda: app.flow.screen is not Screen.HOME)
    mode.key_switch_changed(True)
    assert app.flow.screen is Screen.HOME and app.flow.session.is_empty
    assert app.window.stack.currentWidget() is mode.widget
    mode.key_switch_changed(False)
    rig.hook.set(True)   # a commuter is calling 110
    qtbot.waitUntil(lambda: app.flow.screen is Screen.CALL)
    mode.key_switch_changed(True)
    assert mode.stage is Stage.OFF
    assert app.window.stack.currentWidget() is app.window.screens[Screen.CALL]


def test_invalid_maintenance_settings_leave_the_kiosk_running(
        qtbot: QtBot, tmp_path: Path, log_lines: list[str]) -> None:
    from kiosk.app_maintenance import MaintenanceDisabled, attach_maintenance

    cfg = load_test_config(tmp_path, maintenance={"gesture": "tap:tl"})
    rig = make_rig(cfg, tmp_path, log_lines)
    devices = Devices(printer=rig.printer, phone=rig.phone, hook=rig.hook,
                      speaker=rig.speaker)
    app = build(cfg, devices, store=lambda: rig.outbox)
    attached = attach_maintenance(cfg, app)
    assert isinstance(attached, MaintenanceDisabled) and "maintenance.gesture" in attached.reason
    assert any("maintenance.config_invalid" in line for line in log_lines)
    attached.close()
    app.close()
    rig.outbox.close()
