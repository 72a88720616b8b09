"""The technicians' tools while the phone process owns the modem: `test-call` from a
console and the maintenance Handset page go through it, and the handset is the
public's again the moment the test call ends."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.config import load_config
from core.ports import CallPhase
from kiosk.app import build, phone_devices
from kiosk.app_maintenance import AttachedMaintenance, attach_maintenance
from phone.protocol import SOCKET_ENV
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from tests.phone.support import REPO, phone_process, ui_and_phone_config, wait_dialled
from tests.support.wait import WAIT_S, wait_until

TEST_NUMBER = "0215550100"
WAIT_MS = 20_000


@pytest.fixture
def sims() -> Iterator[tuple[ModemSimulator, HookSimulator]]:
    with ModemSimulator() as modem, HookSimulator(repeat_s=0.2) as hook:
        yield modem, hook


def kiosk_config(tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> Path:
    return ui_and_phone_config(tmp_path, modem, hook,
                               modem={"test_number": TEST_NUMBER, "command_timeout_s": 1.0},
                               maintenance={"language": "en"})


def test_test_call_from_a_console_goes_through_the_phone_process(
        tmp_path: Path, sims: tuple[ModemSimulator, HookSimulator]) -> None:
    modem, hook = sims
    config = kiosk_config(tmp_path, modem, hook)
    with phone_process(config, tmp_path / "phone.log") as phone:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "--config", str(config), "--log-level", "WARNING",
             "test-call", "--hold-s", "0.3"], cwd=REPO, capture_output=True, text=True,
            timeout=60, env={**os.environ, SOCKET_ENV: str(phone.socket)}, check=False)
        # The phone owned the port all along, and the handset is the public's again.
        hook.lift()
        waited = wait_dialled(modem, hook.last_change_at)
        assert phone.proc.poll() is None
    assert done.returncode == 0, done.stdout + done.stderr
    assert "through the phone service" in done.stdout
    for state in (f"dialling {TEST_NUMBER}", "active", "hanging up", "ended: local_hangup"):
        assert state in done.stdout
    assert waited < 1.0
    assert [c for c in modem.commands() if c.startswith("ATD")] == [
        f"ATD{TEST_NUMBER};", "ATD110;"]


def test_the_maintenance_handset_page_places_its_test_call_through_the_phone(
        qtbot: Any, tmp_path: Path, sims: tuple[ModemSimulator, HookSimulator]) -> None:
    modem, hook = sims
    config = kiosk_config(tmp_path, modem, hook)
    with phone_process(config, tmp_path / "phone.log") as phone:
        cfg = load_config(config)
        kiosk = build(cfg, phone_devices(cfg, phone.socket))
        qtbot.addWidget(kiosk.window)
        attached = attach_maintenance(cfg, kiosk)
        assert isinstance(attached, AttachedMaintenance)
        page = attached.wiring.mode.view.handset
        try:
            qtbot.waitUntil(lambda: kiosk.devices.phone.health().level.value == "ok",
                            timeout=WAIT_MS)
            page.activate()
            qtbot.waitUntil(page.call_button.isEnabled, timeout=WAIT_MS)
            page.call_button.click()
            assert modem.wait_for_command(f"ATD{TEST_NUMBER};", WAIT_S)
            qtbot.waitUntil(lambda: "Test call: connected" in page.call_text.text(),
                            timeout=WAIT_MS)
            assert kiosk.flow.technician_call
            hook.lift()        # the technician listens in the handset: no 110 call
            qtbot.waitUntil(lambda: kiosk.flow.off_hook, timeout=WAIT_MS)
            page.hang_button.click()
            qtbot.waitUntil(lambda: "Test call: ended" in page.call_text.text(),
                            timeout=WAIT_MS)
            qtbot.waitUntil(lambda: not kiosk.flow.technician_call, timeout=WAIT_MS)
            hook.replace()
            assert wait_until(lambda: not kiosk.devices.hook.is_off_hook())
            hook.lift()        # and now the public's again
            wait_dialled(modem, hook.last_change_at)
            qtbot.waitUntil(lambda: kiosk.flow.call.phase is CallPhase.ACTIVE,
                            timeout=WAIT_MS)
        finally:
            attached.close()
            kiosk.close()
    dials = [c for c in modem.commands() if c.startswith("ATD")]
    assert dials == [f"ATD{TEST_NUMBER};", "ATD110;"]
