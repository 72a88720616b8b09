"""The windows of the call state machine where a lift or a hang-up was lost (issue 11,
class 3), closed in `core.emergency.EmergencyLine`: the real modem driver on the modem
simulator, the real sim hook backend on the hook simulator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from core.config import HandsetSection
from core.emergency import TECHNICIAN_GRACE_S, EmergencyLine
from core.ports import CallPhase, EndReason
from hardware.hook import SimHook
from hardware.modem import ModemPhone
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator, Outcome
from tests.hardware.modem_support import Recorder, ShiftClock, running_phone
from tests.phone.support import DIAL_WITHIN_S, wait_dialled
from tests.support.wait import WAIT_S, wait_until

TEST_NUMBER = "0215550100"


@pytest.fixture
def handset(hook: HookSimulator) -> HookSimulator:
    """The hook simulator (tests/phone/conftest.py); `hook` here is the driver on it."""
    return hook


@contextmanager
def line_on(modem: ModemSimulator, handset: HookSimulator,
            clock: ShiftClock | None = None
            ) -> Iterator[tuple[EmergencyLine, ModemPhone, Recorder, SimHook]]:
    with running_phone(modem) as (phone, rec):
        hook = SimHook(HandsetSection(hook="sim", port=handset.port)).start()
        try:
            assert wait_until(lambda: hook.health().level.value == "ok")
            yield EmergencyLine(phone, hook, clock=clock or ShiftClock()), phone, rec, hook
        finally:
            hook.close()


def dials(modem: ModemSimulator) -> list[str]:
    return [c for c in modem.commands() if c.startswith("ATD")]


def test_the_end_of_a_test_call_gives_the_handset_back_at_once(
        modem: ModemSimulator, handset: HookSimulator) -> None:
    """Before: the handset stayed the technician's until the maintenance screen said so
    (a Qt signal later, or never if that screen was gone): a lift meanwhile was lost."""
    with line_on(modem, handset) as (line, phone, rec, _hook):
        line.begin_technician_call()
        phone.call(TEST_NUMBER)
        rec.wait_phase(CallPhase.ACTIVE)
        modem.remote_hangup()                     # the test call ends ...
        rec.wait_phase(CallPhase.ENDED)
        handset.lift()                            # ... and someone lifts the handset
        waited = wait_dialled(modem, handset.last_change_at)
    assert waited < DIAL_WITHIN_S
    assert not line.technician_call


def test_putting_the_handset_back_before_the_call_shows_hangs_up_anyway(
        modem: ModemSimulator, handset: HookSimulator) -> None:
    """Before: the hang-up was decided on the UI thread from its copy of the status,
    which had not yet heard "dialling": 110 rang on with the handset on the hook."""
    modem.script("110", outcome=Outcome.RING_FOREVER)
    with line_on(modem, handset) as (_line, _phone, rec, _hook):
        handset.lift()
        handset.replace()                         # knocked off and straight back
        ended = rec.ended()
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert modem.call_stat is None                # nothing left ringing at 110


def test_a_lift_while_the_last_call_is_being_hung_up_dials_again(
        modem: ModemSimulator, handset: HookSimulator) -> None:
    """Before: the status still said "active" while AT+CHUP was on its way, so the lift
    was taken for "already in a call" and dropped."""
    with line_on(modem, handset) as (_line, _phone, rec, _hook):
        handset.lift()
        rec.wait_phase(CallPhase.ACTIVE)
        modem.reply_delay_s = 0.5                 # a slow hang-up
        handset.replace()
        assert modem.wait_for_command("AT+CHUP", WAIT_S)
        handset.lift()                            # lifted again before it finished
        modem.reply_delay_s = 0.0
        assert modem.wait_for(lambda cmds: dials_in(cmds) == ["ATD110;", "ATD110;"], WAIT_S)


def dials_in(commands: list[str]) -> list[str]:
    return [c for c in commands if c.startswith("ATD")]


def test_a_technician_session_that_never_placed_its_call_expires(
        modem: ModemSimulator, handset: HookSimulator) -> None:
    """Before: the tool asked for the handset and died before dialling: every lift
    after that was ignored until a restart."""
    clock = ShiftClock()
    with line_on(modem, handset, clock) as (line, _phone, _rec, _hook):
        line.begin_technician_call()
        assert line.technician_call
        clock.advance(TECHNICIAN_GRACE_S + 1)
        handset.lift()
        wait_dialled(modem, handset.last_change_at)
    assert dials(modem) == ["ATD110;"]


def test_a_lift_during_a_live_test_call_is_the_technicians(
        modem: ModemSimulator, handset: HookSimulator) -> None:
    modem.script(TEST_NUMBER, outcome=Outcome.RING_FOREVER)
    clock = ShiftClock()
    with line_on(modem, handset, clock) as (line, phone, rec, hook):
        line.begin_technician_call()
        phone.call(TEST_NUMBER)
        rec.wait_phase(CallPhase.ALERTING)
        clock.advance(TECHNICIAN_GRACE_S + 1)     # a long test call: still the tech's
        handset.lift()
        assert wait_until(hook.is_off_hook)
        assert line.technician_call
        handset.replace()
        assert wait_until(lambda: not hook.is_off_hook())
        phone.hang_up()
        rec.ended()
    assert dials(modem) == [f"ATD{TEST_NUMBER};"]
