"""`python -m kiosk --config C test-call`, run as a technician would, against the modem
simulator on a pty."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.serialport import open_port
from simulators.modem import ModemSimulator, Outcome
from tests.support.config import write_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sim() -> Iterator[ModemSimulator]:
    with ModemSimulator() as s:
        yield s


def config_for(tmp_path: Path, port: str | None, test_number: str = "0215550100",
               **extra: str | float) -> Path:
    return write_config(tmp_path, modem={
        "test_number": test_number, "command_timeout_s": 2.0, "dial_timeout_s": 10.0,
        "poll_interval_s": 0.05, "port": port, **extra})


def run_test_call(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "--log-level", "WARNING",
         "test-call", "--hold-s", "0.3", *args],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_an_answered_test_call_prints_each_state_hangs_up_and_exits_0(
        sim: ModemSimulator, tmp_path: Path) -> None:
    result = run_test_call(config_for(tmp_path, sim.port))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for expected in ("dialling 0215550100", "alerting", "active", "hanging up",
                     "ended: local_hangup"):
        assert expected in out
    assert out.index("dialling") < out.index("alerting") < out.index("active")
    assert [c for c in sim.commands() if c.startswith("ATD")] == ["ATD0215550100;"]
    assert "AT+CHUP" in sim.commands()


def test_an_unanswered_test_call_exits_1_with_the_reason(
        sim: ModemSimulator, tmp_path: Path) -> None:
    sim.script(outcome=Outcome.BUSY)
    result = run_test_call(config_for(tmp_path, sim.port))
    assert result.returncode == 1
    assert "ended: busy" in result.stdout
    # A test call never rolls over to an emergency number.
    assert [c for c in sim.commands() if c.startswith("ATD")] == ["ATD0215550100;"]


@pytest.mark.parametrize(("test_number", "refusal"), [
    ("", "test_number is empty"),            # none configured
    ("110", "emergency number"),             # a test call must never reach 110
])
def test_a_missing_or_emergency_test_number_is_refused_and_nothing_dialled(
        sim: ModemSimulator, tmp_path: Path, test_number: str, refusal: str) -> None:
    result = run_test_call(config_for(tmp_path, sim.port, test_number=test_number))
    assert result.returncode == 2
    assert refusal in result.stdout
    assert sim.commands() == []


def test_an_emergency_number_is_dialled_only_when_given_explicitly(
        sim: ModemSimulator, tmp_path: Path) -> None:
    result = run_test_call(config_for(tmp_path, sim.port), "--number", "112")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [c for c in sim.commands() if c.startswith("ATD")] == ["ATD112;"]


def test_a_silent_modem_is_given_up_on_cleanly(sim: ModemSimulator, tmp_path: Path) -> None:
    sim.silent = True
    result = run_test_call(config_for(tmp_path, sim.port))     # timeout=60 s bounds it
    assert result.returncode == 1
    assert "does not answer" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_modem_held_by_another_process_is_reported_plainly(
        sim: ModemSimulator, tmp_path: Path) -> None:
    # Held, and no phone service answers (it is restarting, or something else has it).
    held = open_port(sim.port, 115200, what="modem")
    try:
        result = run_test_call(config_for(tmp_path, sim.port))
    finally:
        held.close()
    assert result.returncode == 1
    assert "another process holds the modem" in result.stdout
    assert "phone service does not answer" in result.stdout
    assert sim.commands() == []


def test_without_a_modem_it_says_none_is_configured(tmp_path: Path) -> None:
    result = run_test_call(config_for(tmp_path, None))
    assert result.returncode == 1
    assert "no modem configured" in result.stdout
