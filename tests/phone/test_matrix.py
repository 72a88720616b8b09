"""Issue 11's Done-when matrix, through the real processes: the phone process and the
kiosk app (`python -m kiosk run`, offscreen) on the modem and hook simulators.

For each config fault and each speech fault, lifting the handset writes ATD110; within
1 s (the modem simulator's own timestamp against the hook simulator's), the UI process
does not exit (it degrades: the out-of-order screen for its own keys, speech off for a
broken espeak-ng) and its health snapshot names the problem. Killing the UI during a
call leaves the call up.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from core.health import APP_HEALTH_FILE
from core.ports import CallPhase
from devtools.kiosk_toml import KioskToml, Sections
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from tests.hardware.test_speech_worker import ESPEAK_DATA, broken_espeak_data
from tests.phone.support import (
    DIAL_WITHIN_S,
    REPO,
    PhoneProcess,
    phone_process,
    phone_sections,
    stop_for_sure,
    wait_dialled,
)
from tests.support.config import base_toml
from tests.support.wait import WAIT_S, wait_until

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Fault:
    name: str
    changes: Sections = field(default_factory=Sections)   # made to the good config
    file: str = ""                   # "missing" or "garbage": the whole file
    espeak: str = ""                 # "missing" or "truncated" espeak-ng data
    ui_out_of_order: str = ""        # the key the UI's health must name, if it degrades
    phone_key: str = ""              # the key the phone's health must name


FAULTS = [
    Fault("missing file", file="missing", ui_out_of_order="file"),
    Fault("invalid TOML", file="garbage", ui_out_of_order="file"),
    Fault("unknown key in an optional section",
          changes=Sections(raw="\n[maintenance]\nauto_exit = 5\n"),
          ui_out_of_order="maintenance.auto_exit"),
    Fault("missing token", changes=Sections(server={"token": None})),
    Fault("bad test number", changes=Sections(modem={"test_number": "12-34 ext"}),
          phone_key="modem.test_number"),
    Fault("zero command timeout", changes=Sections(modem={"command_timeout_s": 0}),
          phone_key="modem.command_timeout_s"),
    Fault("zero dial timeout", changes=Sections(modem={"dial_timeout_s": 0}),
          phone_key="modem.dial_timeout_s"),
    Fault("speech data missing", espeak="missing"),
    Fault("speech data truncated", espeak="truncated"),
]


def kiosk_toml(tmp_path: Path, modem: ModemSimulator, hook: HookSimulator,
               speech: bool) -> KioskToml:
    return base_toml(tmp_path).changed(
        phone_sections(modem, hook), ui={"fullscreen": False, "health_every_s": 1,
                                         "voice_guidance": True},
        speech={"enabled": speech})


@contextmanager
def ui_process(config: Path, phone: PhoneProcess, log: Path,
               env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(config),
                                 "--log-level", "INFO", "run", "--windowed"], cwd=REPO,
                                env={**phone.env(), "QT_QPA_PLATFORM": "offscreen",
                                     "KIOSK110_DATA_DIR": str(config.parent / "data"),
                                     **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            stop_for_sure(proc, 15)


def app_health(data_dir: Path) -> dict[str, dict[str, Any]]:
    try:
        snap = json.loads((data_dir / APP_HEALTH_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {d["name"]: d for d in snap.get("devices", [])}


def phone_health(phone: PhoneProcess) -> dict[str, Any]:
    client = phone.client()
    try:
        return client.service_health().to_dict()
    finally:
        client.close()


@pytest.fixture
def sims() -> Iterator[tuple[ModemSimulator, HookSimulator]]:
    with ModemSimulator() as modem, HookSimulator(repeat_s=0.2) as hook:
        yield modem, hook


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_each_fault_still_dials_110_within_a_second_and_the_ui_degrades(
        tmp_path: Path, sims: tuple[ModemSimulator, HookSimulator], fault: Fault) -> None:
    if fault.espeak and not ESPEAK_DATA.is_dir():
        pytest.skip("espeak-ng-data not installed here")
    modem, hook = sims
    config = tmp_path / "kiosk.toml"
    good = kiosk_toml(tmp_path, modem, hook, speech=bool(fault.espeak))
    good.write(config)
    state = tmp_path / "phone-state"
    if fault.file:
        # The kiosk ran on a good file once (commissioning), then the file broke.
        with phone_process(config, tmp_path / "phone0.log", state=state):
            pass
        if fault.file == "missing":
            config.unlink()
        else:
            config.write_text("[kiosk\nid = \x00", encoding="utf-8")
    else:
        good.changed(fault.changes).write(config)
        assert (config.read_text() != good.text()) == bool(fault.changes)
    env = {}
    if fault.espeak:
        env["ESPEAK_DATA_PATH"] = str(broken_espeak_data(tmp_path, fault.espeak))
    data = tmp_path / "data"
    with phone_process(config, tmp_path / "phone.log", state=state, env=env) as phone, \
            ui_process(config, phone, tmp_path / "ui.log", env) as ui:
        assert wait_until(lambda: bool(app_health(data)) or ui.poll() is not None), \
            (tmp_path / "ui.log").read_text()[-3000:]
        hook.lift()
        waited = wait_dialled(modem, hook.last_change_at)
        assert wait_until(lambda: modem.call_stat is not None)
        hook.replace()
        assert wait_until(lambda: modem.call_stat is None)
        if fault.espeak:
            # The call screen says "call ended": the speech worker dies of it (or died
            # at start), the UI does not; and the next lift dials as fast.
            assert wait_until(lambda: "died" in app_health(data).get("speech", {})
                              .get("reason", "")), app_health(data)
            hook.lift()
            waited = max(waited, wait_dialled(modem, hook.last_change_at))
            hook.replace()
            assert wait_until(lambda: modem.call_stat is None)
        health = app_health(data)
        phone_said = phone_health(phone)
        assert ui.poll() is None, (tmp_path / "ui.log").read_text()[-3000:]
        assert phone.proc.poll() is None
    print(f"{fault.name}: lift -> ATD110; {waited * 1000:.0f} ms")
    assert waited < DIAL_WITHIN_S
    if fault.ui_out_of_order:
        assert health["config"]["level"] == "fail"
        assert health["config"]["details"]["key"] == fault.ui_out_of_order or \
            fault.ui_out_of_order == "file"
    else:
        assert "config" not in health            # the UI runs normally
    if fault.espeak:
        assert health["speech"]["level"] == "fail"
    if fault.phone_key:
        assert phone_said["level"] == "fail" and fault.phone_key in phone_said["details"]["keys"]
    if fault.file:
        assert phone_said["details"]["source"] == "last good settings"


def test_killing_the_ui_during_a_call_leaves_the_call_up(
        tmp_path: Path, sims: tuple[ModemSimulator, HookSimulator]) -> None:
    modem, hook = sims
    config = tmp_path / "kiosk.toml"
    kiosk_toml(tmp_path, modem, hook, speech=False).write(config)
    data = tmp_path / "data"
    with phone_process(config, tmp_path / "phone.log") as phone:
        with ui_process(config, phone, tmp_path / "ui.log") as ui:
            assert wait_until(lambda: bool(app_health(data)))
            hook.lift()
            wait_dialled(modem, hook.last_change_at)
            assert wait_until(lambda: modem.call_stat is not None
                              and modem.call_stat.name == "ACTIVE")
            ui.send_signal(signal.SIGKILL)
            assert ui.wait(WAIT_S) == -signal.SIGKILL
        client = phone.client()
        # Still up, and nobody tried to hang it up.
        assert not wait_until(lambda: modem.call_stat is None, timeout=2.0)
        assert client.status().phase is CallPhase.ACTIVE
        assert not {"AT+CHUP", "ATH"} & set(modem.commands())
        # A restarted UI shows the call in progress (the phone replays it).
        with ui_process(config, phone, tmp_path / "ui2.log") as ui2:
            assert wait_until(lambda: "call.recovered" in (tmp_path / "ui2.log").read_text()
                              or "call.started" in (tmp_path / "ui2.log").read_text())
            hook.replace()
            assert wait_until(lambda: modem.call_stat is None)
            assert ui2.poll() is None
        client.close()


def test_an_out_of_order_ui_restarts_itself_once_the_config_is_fixed(
        tmp_path: Path, sims: tuple[ModemSimulator, HookSimulator]) -> None:
    modem, hook = sims
    config = tmp_path / "kiosk.toml"
    good = kiosk_toml(tmp_path, modem, hook, speech=False)
    good.changed(raw="\n[maintenance]\nauto_exit = 5\n").write(config)
    data = tmp_path / "data"
    with phone_process(config, tmp_path / "phone.log") as phone, \
            ui_process(config, phone, tmp_path / "ui.log") as ui:
        assert wait_until(lambda: "config" in app_health(data))
        good.write(config)                              # the technician fixes it
        assert ui.wait(WAIT_S) == 0                     # systemd starts it afresh


def test_the_technician_tools_refuse_a_zero_timeout_naming_the_key(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    data = tmp_path / "data"
    base_toml(tmp_path).changed(modem={"dial_timeout_s": 0}).write(config)
    for command in ("doctor", "test-call"):
        done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config),
                               command], cwd=REPO, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "modem.dial_timeout_s" in done.stderr
    shutil.rmtree(data, ignore_errors=True)
