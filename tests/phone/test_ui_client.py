"""The kiosk app as it runs on a kiosk (`kiosk.app.phone_devices`): the screens follow
the phone process through its client, show connection trouble (a stalled modem, or the
phone process itself gone) instead of "ended", and pick the call up again when the
phone comes back and adopts it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.config import load_config
from core.flow import Screen
from core.ports import CallPhase
from kiosk.app import KioskApp, build, phone_devices
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from tests.phone.support import phone_process, short_dir, ui_and_phone_config, wait_dialled
from ui.screens.call import CallScreen

WAIT_MS = 20_000


@pytest.fixture
def sims() -> Iterator[tuple[ModemSimulator, HookSimulator]]:
    with ModemSimulator() as modem, HookSimulator(repeat_s=0.2) as hook:
        yield modem, hook


def start(qtbot: Any, tmp_path: Path, socket: Path, config: Path) -> KioskApp:
    cfg = load_config(config)
    kiosk = build(cfg, phone_devices(cfg, socket))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    return kiosk


def phase(kiosk: KioskApp) -> CallPhase:
    """Read afresh each time (an assert must not narrow what the next wait reads)."""
    return kiosk.flow.call.phase


def trouble(kiosk: KioskApp) -> bool:
    return kiosk.flow.call.connection_trouble


def kiosk_config(tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> Path:
    return ui_and_phone_config(tmp_path, modem, hook,
                               modem={"command_timeout_s": 0.5, "reopen_s": 0.2})


def test_the_screens_follow_the_phone_process_and_show_connection_trouble(
        qtbot: Any, tmp_path: Path, sims: tuple[ModemSimulator, HookSimulator]) -> None:
    modem, hook = sims
    config = kiosk_config(tmp_path, modem, hook)
    runtime = short_dir("k110u-")
    kiosk = start(qtbot, tmp_path, runtime / "phone.sock", config)   # the UI first
    screen = kiosk.window.screens[Screen.CALL]
    assert isinstance(screen, CallScreen)
    try:
        with phone_process(config, tmp_path / "phone.log", runtime=runtime) as phone:
            hook.lift()
            wait_dialled(modem, hook.last_change_at)
            qtbot.waitUntil(lambda: kiosk.flow.screen is Screen.CALL
                            and phase(kiosk) is CallPhase.ACTIVE, timeout=WAIT_MS)
            modem.stall(3.0)                            # the modem stops answering
            qtbot.waitUntil(lambda: trouble(kiosk), timeout=WAIT_MS)
            assert phase(kiosk) is CallPhase.ACTIVE
            assert "Tetap di telepon" in screen.detail.text()   # Indonesian first
            qtbot.waitUntil(lambda: not trouble(kiosk), timeout=WAIT_MS)
            phone.kill()                                # the phone process dies mid-call
            qtbot.waitUntil(lambda: trouble(kiosk), timeout=WAIT_MS)
            assert phase(kiosk) is CallPhase.ACTIVE
            assert kiosk.devices.phone.health().level.value == "fail"
        with phone_process(config, tmp_path / "phone2.log", runtime=runtime):
            # Restarted: it adopts the call (the modem kept it); the screen is calm again.
            qtbot.waitUntil(lambda: phase(kiosk) is CallPhase.ACTIVE
                            and not trouble(kiosk), timeout=WAIT_MS)
            assert kiosk.flow.call.detail == "call already in progress"
            hook.replace()
            qtbot.waitUntil(lambda: phase(kiosk) is CallPhase.ENDED,
                            timeout=WAIT_MS)
    finally:
        kiosk.close()
    assert [c for c in modem.commands() if c.startswith("ATD")] == ["ATD110;"]


def test_without_the_phone_process_the_call_button_says_why(
        qtbot: Any, tmp_path: Path, sims: tuple[ModemSimulator, HookSimulator]) -> None:
    modem, hook = sims
    config = kiosk_config(tmp_path, modem, hook)
    kiosk = start(qtbot, tmp_path, short_dir("k110n-") / "phone.sock", config)
    try:
        kiosk.flow.call_button()
        qtbot.waitUntil(lambda: phase(kiosk) is CallPhase.ENDED, timeout=WAIT_MS)
        assert kiosk.flow.call.reason is not None
        assert kiosk.flow.call.reason.value == "no_phone_service"
        assert kiosk.devices.phone.health().condition.value == "service_down"
    finally:
        kiosk.close()
