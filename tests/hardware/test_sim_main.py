"""`python -m simulators` as the demo runs it: a separate process that prints its pty
paths, and a control socket other processes use to lift the handset."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.config import HandsetSection
from core.health import Level
from hardware.hook import SimHook
from hardware.modem import ModemPhone
from simulators.control import HELP
from tests.hardware.modem_support import modem_section
from tests.support.wait import WAIT_S, wait_until

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class RunningSim:
    process: subprocess.Popen[str]
    info: dict[str, str]
    directory: Path


@pytest.fixture
def running(tmp_path: Path) -> Iterator[RunningSim]:
    process = subprocess.Popen(
        [sys.executable, "-m", "simulators", "--dir", str(tmp_path), "--printer-baud",
         "115200"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    info = json.loads(process.stdout.readline())
    yield RunningSim(process, info, tmp_path)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=WAIT_S)


def ctl(directory: Path, *words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulators", "ctl", "--dir",
                           str(directory), *words], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_it_prints_its_pty_paths_as_json_and_writes_sim_json(running: RunningSim) -> None:
    info = running.info
    assert Path(info["modem"]).exists() and Path(info["hook"]).exists()
    assert Path(info["printer"]).exists()
    on_disk = json.loads((running.directory / "sim.json").read_text())
    assert on_disk == info
    assert Path(info["control"]) == running.directory / "ctl.sock"


def test_ctl_lifts_and_replaces_the_handset_seen_by_the_kiosk_backend(
        running: RunningSim) -> None:
    hook = SimHook(HandsetSection(hook="sim", port=running.info["hook"])).start()
    try:
        assert wait_until(lambda: hook.health().level is Level.OK)
        lifted = ctl(running.directory, "lift")
        assert lifted.returncode == 0 and lifted.stdout.startswith("ok")
        assert wait_until(hook.is_off_hook)
        assert ctl(running.directory, "replace").returncode == 0
        assert wait_until(lambda: not hook.is_off_hook())
    finally:
        hook.close()


def test_ctl_scripts_the_modem_the_kiosk_driver_talks_to(running: RunningSim) -> None:
    assert ctl(running.directory, "modem", "busy", "110").returncode == 0
    phone = ModemPhone(modem_section(running.info["modem"])).start()
    try:
        assert phone.wait_ready(WAIT_S)
        phone.call_emergency()
        assert wait_until(lambda: phone.status().number == "112")
    finally:
        phone.close()
    commands = json.loads(ctl(running.directory, "modem", "commands").stdout[3:])
    assert [c for c in commands if c.startswith("ATD")] == ["ATD110;", "ATD112;"]


def test_stdin_takes_the_same_commands(running: RunningSim) -> None:
    process = running.process
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("lift\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "ok handset lifted"
    assert ctl(running.directory, "hook").stdout.strip() == "ok off hook"


def test_a_bad_command_is_refused_with_exit_1(running: RunningSim) -> None:
    result = ctl(running.directory, "modem", "explode")
    assert result.returncode == 1 and result.stdout.startswith("error")


def test_ctl_without_a_running_simulator_exits_2(tmp_path: Path) -> None:
    result = ctl(tmp_path, "lift")
    assert result.returncode == 2 and "no simulator" in result.stderr


def test_sigterm_stops_it_and_removes_the_socket(running: RunningSim) -> None:
    running.process.send_signal(signal.SIGTERM)
    assert running.process.wait(timeout=WAIT_S) == 0
    assert not (running.directory / "ctl.sock").exists()


def test_help_lists_the_control_commands() -> None:
    result = subprocess.run([sys.executable, "-m", "simulators", "--help"], check=False,
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "modem answer-after SECONDS" in result.stdout and "lift" in result.stdout
    assert "modem answer-after SECONDS" in HELP


def test_ctl_sets_the_printer_simulators_sensors(running: RunningSim) -> None:
    assert running.info["printer"], "the printer simulator did not start"
    assert ctl(running.directory, "paper-out", "on").returncode == 0
    status = json.loads(ctl(running.directory, "status").stdout[3:])
    assert status["printer_flags"]["paper-out"] is True
    assert Path(running.info["printer"]).exists()
    assert ctl(running.directory, "paper-out", "maybe").returncode == 1


def test_control_commands_change_the_simulators_in_process() -> None:
    from simulators.control import Simulators, execute
    from simulators.hook import HookSimulator
    from simulators.modem import ModemSimulator, Outcome

    with ModemSimulator() as modem, HookSimulator() as hook:
        sims = Simulators(modem, hook)
        assert execute(sims, "modem busy 110").startswith("ok")
        assert execute(sims, "modem answer-after 3 112").startswith("ok")
        assert execute(sims, "modem hangup-after 5").startswith("ok")
        assert modem.scripts["110"].outcome is Outcome.BUSY
        assert modem.scripts["112"].answer_after_s == 3.0
        assert modem.default.hangup_after_s == 5.0
        for line, attribute in [("modem silent on", "silent"), ("modem garbage on", "garbage"),
                                ("modem sim-missing on", "sim_missing")]:
            assert execute(sims, line).startswith("ok") and getattr(modem, attribute)
        assert execute(sims, "modem network off").startswith("ok") and modem.no_network
        assert execute(sims, "modem reply-delay 0.5").startswith("ok")
        assert modem.reply_delay_s == 0.5
        assert execute(sims, "modem reset").startswith("ok")
        assert not (modem.silent or modem.garbage or modem.sim_missing or modem.no_network)
        assert modem.scripts == {} and modem.reply_delay_s == 0
        assert execute(sims, "lift") == "ok handset lifted" and hook.off_hook
        for bad in ("", "modem answer-after soon", "modem silent maybe", "paper-out on",
                    "modem reply-delay -1", "fly"):
            assert execute(sims, bad).startswith("error"), bad
