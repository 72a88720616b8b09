"""Modems that stall, restart or spew junk mid-call (issue 11, class 9), and the races of
the call state machine (class 3), against the modem simulator over real ptys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.ports import CallPhase, EndReason
from simulators.modem import ModemSimulator, Outcome
from tests.hardware.modem_support import dials, running_phone
from tests.support.wait import WAIT_S, wait_until


@pytest.fixture
def sim() -> Iterator[ModemSimulator]:
    with ModemSimulator() as s:
        yield s


# ------------------------------------------------------------------ a stall mid-call


def test_a_modem_stalling_mid_call_shows_connection_trouble_not_ended(
        sim: ModemSimulator) -> None:
    with running_phone(sim, command_timeout_s=0.5) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
        sim.stall(2.0)                                   # a few seconds without answers
        trouble = rec.wait_for(lambda s: s.connection_trouble)
        assert wait_until(lambda: not phone.status().connection_trouble)
        recovered = phone.status()
        assert recovered.phase is CallPhase.ACTIVE        # the call never "ended"
        phone.hang_up()
        ended = rec.ended()
    assert trouble.phase is CallPhase.ACTIVE and trouble.connected_at is not None
    assert recovered.connected_at == trouble.connected_at   # the same call, timer kept
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert [s.phase for s in rec.statuses].count(CallPhase.ENDED) == 1


# ------------------------------------------------------------------ a restart mid-call


def test_a_modem_rebooting_mid_call_is_a_reset_not_the_operator_hanging_up(
        sim: ModemSimulator) -> None:
    with running_phone(sim, command_timeout_s=0.5) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
        sim.clear_commands()
        sim.reboot()
        ended = rec.ended()
        # Re-initialised: echo off and unsolicited call reports on again.
        assert sim.wait_for(lambda cmds: "ATE0" in cmds and "AT+CLCC=1" in cmds, WAIT_S)
        assert wait_until(lambda: phone.health().details.get("link") == "open"
                          and phone.health().level.value == "ok")
    assert ended.reason is EndReason.MODEM_RESET      # not "the operator hung up"


def test_an_echo_coming_back_after_ate0_is_read_as_a_restart(sim: ModemSimulator) -> None:
    with running_phone(sim, command_timeout_s=0.5) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
        sim.clear_commands()
        # A restart whose start-up codes were lost: only the echo gives it away.
        sim.reboot(boot_s=0.0, announce=False)
        ended = rec.ended()
        assert sim.wait_for(lambda cmds: "ATE0" in cmds, WAIT_S)
    assert ended.reason is EndReason.MODEM_RESET


def test_a_reboot_while_idle_re_initialises_the_modem(sim: ModemSimulator) -> None:
    with running_phone(sim, command_timeout_s=0.5) as (phone, _rec):
        sim.clear_commands()
        sim.reboot()
        assert sim.wait_for(lambda cmds: "ATE0" in cmds and "AT+CLCC=1" in cmds, WAIT_S)
        assert wait_until(lambda: phone.health().level.value == "ok")


# ------------------------------------------------------------------ junk


def test_two_hundred_junk_lines_make_a_handful_of_log_records(
        sim: ModemSimulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", logger="hardware.modem.at")
    with running_phone(sim) as (phone, rec):
        sim.junk(200)
        phone.call_emergency()                 # a good answer after the burst ends it
        rec.wait_phase(CallPhase.ACTIVE)
        phone.hang_up()
        rec.ended()
    junk = [r for r in caplog.records if r.getMessage() == "modem_garbage"]
    counted = sum(int(getattr(r, "fields", {}).get("count", 1)) for r in junk)
    assert 1 <= len(junk) <= 5, [getattr(r, "fields", {}) for r in junk]
    assert counted >= 200        # every junk line is accounted for in the counts


# ------------------------------------------------------------------ the races


def test_a_hang_up_before_a_queued_dial_starts_cancels_it(sim: ModemSimulator) -> None:
    # The handset knocked off and straight back: the modem must not ring 110.
    sim.reply_delay_s = 0.3            # the worker is busy with a command meanwhile
    with running_phone(sim, ready=False) as (phone, rec):
        phone.call_emergency()
        phone.hang_up()
        ended = rec.ended()
        sim.reply_delay_s = 0.0
        assert phone.wait_ready(WAIT_S)
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert dials(sim) == []


def test_a_lift_after_a_hang_up_between_roll_over_attempts_starts_a_new_call(
        sim: ModemSimulator) -> None:
    # 110 answers BUSY to the dial itself, late: the handset is put back and lifted
    # again while the driver waits for that answer, i.e. before 112 would be tried.
    sim.script("110", outcome=Outcome.BUSY, result_after_s=0)
    with running_phone(sim) as (phone, rec):
        sim.reply_delay_s = 0.5
        phone.call_emergency()
        assert sim.wait_for_command("ATD110;", WAIT_S)
        phone.hang_up()
        phone.call_emergency()
        sim.reply_delay_s = 0.0       # the BUSY above is already on its way
        assert sim.wait_for(lambda cmds: len(dials_in(cmds)) >= 2, WAIT_S)
        rec.wait_for(lambda s: s.phase is CallPhase.ACTIVE and s.number == "112")
        phone.hang_up()
    # The first call ended at the hang-up (112 was never tried for it); the lift after
    # it was a new emergency call from the first number, not lost in the drain.
    assert dials_in(sim.commands())[:3] == ["ATD110;", "ATD110;", "ATD112;"]


def dials_in(commands: list[str]) -> list[str]:
    return [c for c in commands if c.startswith("ATD")]
