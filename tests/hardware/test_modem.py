"""The modem driver against the modem simulator over real ptys: calls, faults, roll-over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from core.config import ModemSection
from core.health import Level
from core.ports import CallPhase, EndReason
from hardware.modem import NotInstalledPhone, build
from hardware.modem.call import STALL_GIVE_UP_S
from hardware.modem.constants import ClccStat
from simulators.modem import ModemSimulator, Outcome
from tests.hardware.modem_support import Recorder, ShiftClock, dials, running_phone
from tests.support.wait import wait_until


@pytest.fixture
def sim() -> Iterator[ModemSimulator]:
    with ModemSimulator() as s:
        yield s


def hang_ups(sim: ModemSimulator) -> list[str]:
    return [c for c in sim.commands() if c in ("ATH", "AT+CHUP")]


# ------------------------------------------------------------------ happy path


def test_emergency_call_reaches_110_and_is_hung_up_by_the_caller(sim: ModemSimulator) -> None:
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        active = rec.wait_phase(CallPhase.ACTIVE)
        phone.hang_up()
        ended = rec.ended()
    assert dials(sim) == ["ATD110;"]
    assert active.number == "110" and active.connected_at is not None
    assert rec.phases[:3] == [CallPhase.DIALLING, CallPhase.ALERTING, CallPhase.ACTIVE]
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert hang_ups(sim) == ["AT+CHUP"]


def test_initialisation_sends_the_documented_commands_and_health_reports_them(
        sim: ModemSimulator) -> None:
    with running_phone(sim) as (phone, _):
        health = phone.health()
    assert sim.commands()[:4] == ["ATE0", "AT+CMEE=2", "AT+CLCC", "AT+CLCC=1"]
    assert {"AT+CPIN?", "AT+CREG?", "AT+CEREG?", "AT+CSQ"} <= set(sim.commands())
    assert health.level is Level.OK
    assert health.details["sim"] == "ready"
    assert health.details["signal_dbm"] == -73          # +CSQ: 20 → -113 + 2·20
    assert health.details["registration"] == "registered (home)"


def test_far_end_hanging_up_ends_the_call_as_remote_hangup(sim: ModemSimulator) -> None:
    sim.script(hangup_after_s=0.2)
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        ended = rec.ended()
    assert ended.reason is EndReason.REMOTE_HANGUP
    assert hang_ups(sim) == []


# ------------------------------------------------------------------ faults and roll-over

FAULTS = [
    (Outcome.BUSY, EndReason.BUSY),
    (Outcome.NO_CARRIER, EndReason.NO_CARRIER),
    (Outcome.ERROR, EndReason.MODEM_ERROR),
    (Outcome.CME_ERROR, EndReason.MODEM_ERROR),
    (Outcome.NO_NETWORK, EndReason.NO_NETWORK),
    (Outcome.NO_ANSWER, EndReason.NO_ANSWER),
]


@pytest.mark.parametrize(("outcome", "reason"), FAULTS)
def test_each_dial_fault_ends_in_a_clear_state(sim: ModemSimulator, outcome: Outcome,
                                              reason: EndReason) -> None:
    sim.script("110", outcome=outcome)
    with running_phone(sim, emergency_numbers=("110",)) as (phone, rec):
        phone.call_emergency()
        ended = rec.ended()
    assert ended.reason is reason
    assert dials(sim) == ["ATD110;"]


@pytest.mark.parametrize(("outcome", "reason"), FAULTS)
def test_each_dial_fault_rolls_over_to_the_next_emergency_number(
        sim: ModemSimulator, outcome: Outcome, reason: EndReason) -> None:
    sim.script("110", outcome=outcome)
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        active = rec.wait_phase(CallPhase.ACTIVE)
        phone.hang_up()
        rec.ended()
    assert dials(sim) == ["ATD110;", "ATD112;"]
    assert active.number == "112" and active.rolled_over
    assert (active.attempt, active.attempts) == (2, 2)
    assert reason.value in active.detail


def test_busy_given_as_the_dial_commands_own_result_also_rolls_over(
        sim: ModemSimulator) -> None:
    sim.script("110", outcome=Outcome.BUSY, result_after_s=0)   # "ATD110;" → "BUSY"
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
    assert dials(sim) == ["ATD110;", "ATD112;"]


def test_when_every_number_fails_the_call_ends_with_the_last_reason(
        sim: ModemSimulator) -> None:
    sim.script(outcome=Outcome.BUSY)
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        ended = rec.ended()
    assert dials(sim) == ["ATD110;", "ATD112;"]
    assert ended.reason is EndReason.BUSY and (ended.attempt, ended.attempts) == (2, 2)


def test_a_test_call_never_rolls_over_to_emergency_numbers(sim: ModemSimulator) -> None:
    sim.script(outcome=Outcome.BUSY)
    with running_phone(sim) as (phone, rec):
        phone.call("0215550100")
        ended = rec.ended()
    assert dials(sim) == ["ATD0215550100;"]
    assert ended.reason is EndReason.BUSY and not ended.emergency


def test_a_ringing_emergency_call_is_never_hung_up_but_a_test_call_is(
        sim: ModemSimulator) -> None:
    clock = ShiftClock()
    sim.script(outcome=Outcome.RING_FOREVER)
    with running_phone(sim, clock=clock, dial_timeout_s=5.0) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ALERTING)
        clock.advance(3600)                       # far beyond dial_timeout_s
        polls = sim.commands().count("AT+CLCC")
        assert sim.wait_for(lambda cmds: cmds.count("AT+CLCC") >= polls + 3)
        assert phone.status().phase is CallPhase.ALERTING
        assert hang_ups(sim) == []
        assert dials(sim) == ["ATD110;"]          # no roll-over from a ringing call

        phone.hang_up()                           # the caller gives up: that is allowed
        assert rec.ended().reason is EndReason.LOCAL_HANGUP
        sim.clear_commands()
        test_rec = Recorder()
        phone.subscribe(test_rec)
        phone.call("0215550100")
        test_rec.wait_phase(CallPhase.ALERTING)
        clock.advance(3600)
        ended = test_rec.ended()
    assert ended.reason is EndReason.NO_ANSWER
    assert hang_ups(sim) == ["AT+CHUP"]


def test_a_call_is_hung_up_after_max_call_s(sim: ModemSimulator) -> None:
    clock = ShiftClock()
    with running_phone(sim, clock=clock, max_call_s=60) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
        clock.advance(61)
        ended = rec.ended()
    assert ended.reason is EndReason.MAX_DURATION
    assert hang_ups(sim) == ["AT+CHUP"]


def test_hanging_up_while_dialling_ends_the_call_at_once(sim: ModemSimulator) -> None:
    sim.script(outcome=Outcome.RING_FOREVER)
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.DIALLING)
        phone.hang_up()
        ended = rec.ended()
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert sim.call_stat is None
    assert dials(sim) == ["ATD110;"]


# ------------------------------------------------------------------ a sick modem


def test_a_silent_modem_ends_the_call_as_modem_silent_without_rolling_over(
        sim: ModemSimulator) -> None:
    with running_phone(sim) as (phone, rec):
        sim.silent = True
        phone.call_emergency()
        ended = rec.ended()
        assert wait_until(lambda: phone.health().level is Level.FAIL)
        health = phone.health()
    assert ended.reason is EndReason.MODEM_SILENT
    assert dials(sim) == ["ATD110;"]
    assert "does not answer" in health.reason


def test_a_modem_silent_for_good_during_a_call_shows_trouble_then_ends_it(
        sim: ModemSimulator) -> None:
    clock = ShiftClock()
    with running_phone(sim, clock=clock) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
        sim.silent = True
        trouble = rec.wait_for(lambda s: s.connection_trouble)
        clock.advance(STALL_GIVE_UP_S)        # nothing for half a minute: give up
        ended = rec.ended()
    assert trouble.phase is CallPhase.ACTIVE
    assert ended.reason is EndReason.MODEM_SILENT


def test_a_modem_back_from_silence_is_reinitialised_and_its_call_adopted(
        sim: ModemSimulator) -> None:
    with running_phone(sim) as (phone, rec):
        sim.silent = True
        phone.call_emergency()
        rec.ended()
        sim.silent = False          # it had dialled all along, only without answering
        adopted = rec.wait_for(lambda s: s.phase is CallPhase.ACTIVE)
        sim.remote_hangup()
        assert wait_until(lambda: phone.health().level is Level.OK)
    assert adopted.detail == "call already in progress"
    assert dials(sim) == ["ATD110;"]


def test_garbage_bytes_are_tolerated_and_logged_in_hex(
        sim: ModemSimulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", logger="hardware.modem.at")
    sim.garbage = True
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
        phone.hang_up()
        ended = rec.ended()
    assert ended.reason is EndReason.LOCAL_HANGUP
    garbage = [r for r in caplog.records if r.getMessage() == "modem_garbage"]
    assert garbage
    logged = getattr(garbage[0], "fields", {})["hex"]
    assert "ff fe" in logged and "\xff" not in logged


def test_an_unplugged_modem_ends_the_call_as_modem_gone(sim: ModemSimulator) -> None:
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
        sim.gone()
        ended = rec.ended()
        assert wait_until(lambda: phone.health().level is Level.FAIL)
        # The next call cannot reach the modem either, and says so at once.
        again = Recorder()
        phone.subscribe(again)
        phone.call_emergency()
        second = again.ended()
    assert ended.reason is EndReason.MODEM_GONE
    assert second.reason is EndReason.MODEM_GONE


def test_a_missing_port_is_reported_and_opened_when_it_appears(
        sim: ModemSimulator, tmp_path: Path) -> None:
    link = tmp_path / "kiosk-modem"            # like the udev name /dev/kiosk-modem
    section = ModemSection(port=str(link), command_timeout_s=1.0, reopen_s=0.1)
    phone = build(section)
    try:
        assert wait_until(lambda: "cannot reach" in phone.health().reason)
        assert phone.health().level is Level.FAIL
        link.symlink_to(sim.port)              # the technician plugs the modem in
        assert wait_until(lambda: phone.health().level is Level.OK)
    finally:
        phone.close()


# ------------------------------------------------------------------ SIM, start-up, adoption


def test_an_emergency_call_is_dialled_even_without_a_sim(sim: ModemSimulator) -> None:
    sim.sim_missing = True
    with running_phone(sim) as (phone, rec):
        health = phone.health()
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
    assert health.level is Level.FAIL and "no SIM" in health.reason
    assert dials(sim) == ["ATD110;"]


def test_a_call_in_progress_at_start_up_is_adopted_not_hung_up(sim: ModemSimulator) -> None:
    sim.preset_call("110", ClccStat.ACTIVE)
    with running_phone(sim, ready=False) as (phone, rec):
        rec.wait_phase(CallPhase.ACTIVE)
        late = Recorder()
        phone.subscribe(late)                     # e.g. the UI, built after the phone
        assert late.statuses and late.statuses[0].phase is CallPhase.ACTIVE
        assert phone.status().number == "110" and phone.status().emergency
        sim.remote_hangup()
        ended = rec.ended()
    assert ended.reason is EndReason.REMOTE_HANGUP
    assert dials(sim) == [] and hang_ups(sim) == []


def test_a_dial_before_initialisation_adopts_a_call_in_progress_instead(
        sim: ModemSimulator) -> None:
    # The app restarted during a call and the handset, still lifted, asks to dial at
    # once, before the driver initialised the port: dialling would put 110 on hold.
    sim.preset_call("110", ClccStat.ACTIVE)
    with running_phone(sim, ready=False) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
        assert phone.status().number == "110"
        phone.hang_up()
        ended = rec.ended()
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert dials(sim) == []


def test_a_dial_before_initialisation_still_dials_when_no_call_is_up(
        sim: ModemSimulator) -> None:
    with running_phone(sim, ready=False) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
    assert dials(sim) == ["ATD110;"]


def test_a_ringing_call_at_start_up_is_adopted_as_alerting(sim: ModemSimulator) -> None:
    sim.preset_call("112", ClccStat.ALERTING)
    with running_phone(sim, ready=False) as (phone, rec):
        rec.wait_phase(CallPhase.ALERTING)
        assert phone.status().number == "112"
    assert dials(sim) == []


def test_lifting_the_handset_during_start_up_dials_after_at_most_two_commands(
        sim: ModemSimulator) -> None:
    sim.reply_delay_s = 0.2                        # a slow modem: init takes ~2 s
    with running_phone(sim, ready=False) as (phone, rec):
        assert sim.wait_for_command("ATE0")        # initialisation has begun
        sent_before = len(sim.commands())
        phone.call_emergency()
        assert sim.wait_for_command("ATD110;")
        commands = sim.commands()
        sim.reply_delay_s = 0
        rec.wait_phase(CallPhase.ACTIVE)
        phone.hang_up()
        rec.ended()
        assert sim.wait_for_command("AT+CSQ")     # initialisation resumes after the call
    # Before the dial: at most the one command already in flight, then one quick AT+CLCC
    # (a call still up after an app restart is adopted, never dialled over).
    dial = commands.index("ATD110;")
    assert dial <= sent_before + 1 and commands[dial - 1] == "AT+CLCC"
    assert "AT+CSQ" not in commands


def test_without_a_port_the_phone_is_not_installed_and_calls_end_at_once() -> None:
    phone = build(ModemSection())
    rec = Recorder()
    phone.subscribe(rec)
    phone.call_emergency()
    assert isinstance(phone, NotInstalledPhone)
    assert rec.statuses[-1].phase is CallPhase.ENDED
    assert rec.statuses[-1].reason is EndReason.NOT_INSTALLED
    assert phone.health().level is Level.FAIL
    assert phone.health().reason == "no modem configured"


def test_closing_the_driver_leaves_an_emergency_call_up_for_the_next_start(
        sim: ModemSimulator) -> None:
    with running_phone(sim) as (phone, rec):
        phone.call_emergency()
        rec.wait_phase(CallPhase.ACTIVE)
    assert hang_ups(sim) == [] and sim.call_stat is ClccStat.ACTIVE
    assert CallPhase.ENDED not in rec.phases
    with running_phone(sim, ready=False) as (phone, rec):      # the app starts again
        rec.wait_phase(CallPhase.ACTIVE)
        phone.hang_up()
        assert rec.ended().reason is EndReason.LOCAL_HANGUP


def test_closing_the_driver_hangs_up_a_test_call(sim: ModemSimulator) -> None:
    with running_phone(sim) as (phone, rec):
        phone.call("0215550100")
        rec.wait_phase(CallPhase.ACTIVE)
    assert hang_ups(sim) == ["AT+CHUP"] and sim.call_stat is None


def test_losing_the_network_while_idle_shows_in_health(sim: ModemSimulator) -> None:
    with running_phone(sim, refresh_s=0.1) as (phone, _):
        assert phone.health().level is Level.OK
        sim.no_network = True
        # One refresh asks for the registration, then the signal: wait for both.
        assert wait_until(lambda: phone.health().level is Level.WARN
                          and phone.health().details.get("signal_dbm") is None)
        health = phone.health()
        sim.no_network = False
        assert wait_until(lambda: phone.health().level is Level.OK)
    assert health.details["registration"] == "not registered"
    assert health.details["signal_dbm"] is None
    assert "not registered" in health.reason


def test_a_number_that_is_not_digits_never_reaches_the_modem(sim: ModemSimulator) -> None:
    with running_phone(sim) as (phone, rec):
        phone.call("110;+CFUN=0")
        ended = rec.ended()
    assert ended.reason is EndReason.MODEM_ERROR and ended.detail == "not a phone number"
    assert dials(sim) == [] and "+CFUN=0" not in " ".join(sim.commands())


def test_an_unexpected_error_does_not_leave_a_dead_driver(sim: ModemSimulator) -> None:
    from hardware.modem import ModemPhone
    from hardware.serialport import open_port
    from tests.hardware.modem_support import modem_section

    calls: list[str] = []

    def flaky_opener(url: str, baudrate: int) -> serial.Serial:
        calls.append(url)
        if len(calls) == 1:
            raise RuntimeError("a bug in a driver layer")
        return open_port(url, baudrate, what="modem")

    phone = ModemPhone(modem_section(sim.port), opener=flaky_opener).start()
    try:
        assert wait_until(lambda: phone.health().level is Level.OK)
    finally:
        phone.close()
    assert len(calls) == 2


def test_lifting_the_simulated_handset_dials_110_and_replacing_it_hangs_up(
        sim: ModemSimulator) -> None:
    from core.config import HandsetSection
    from hardware.hook import build as build_hook
    from simulators.hook import HookSimulator

    with HookSimulator() as handset, running_phone(sim) as (phone, rec):
        hook = build_hook(HandsetSection(hook="sim", port=handset.port))
        hook.subscribe(lambda lifted: phone.call_emergency() if lifted else phone.hang_up())
        try:
            assert wait_until(lambda: hook.health().level is Level.OK)
            handset.lift()
            rec.wait_phase(CallPhase.ACTIVE)
            handset.replace()
            ended = rec.ended()
        finally:
            hook.close()
    assert dials(sim) == ["ATD110;"] and hang_ups(sim) == ["AT+CHUP"]
    assert ended.reason is EndReason.LOCAL_HANGUP
