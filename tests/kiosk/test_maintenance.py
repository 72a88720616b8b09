"""Maintenance core: PIN rules and hash, delays and lockout that survive a restart,
accountability events, the idle session, the key-switch setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Config
from core.maintenance import (
    LOCKOUT_AFTER,
    AccountabilitySink,
    AttemptTracker,
    GateStatus,
    MaintenanceAuth,
    MaintenanceError,
    MaintenanceEvent,
    MaintenanceSession,
    PinOutcome,
    delay_after,
    kiosk_info,
    parse_key_switch,
)
from core.pin import PinHash, PinHashInvalid, PinRejected, hash_pin, pin_problem, verify_pin
from tests.kiosk.maint_support import (
    FAST_N,
    GOOD_PIN,
    WRONG_PIN,
    RecordingQueue,
    log_lines,
)
from tests.support.clock import FakeClock

__all__ = ["log_lines"]  # the fixture, imported for pytest


@pytest.mark.parametrize("pin", [
    "123456", "000000", "111111", "999999", "654321", "121212", "112233", "159753",
    "123123", "890123", "987654", "12345678", "250990", "17081945", "19900817", "011990",
])
def test_common_and_patterned_pins_are_refused(pin: str) -> None:
    assert pin_problem(pin) is not None
    with pytest.raises(PinRejected):
        hash_pin(pin, n=FAST_N)


@pytest.mark.parametrize("pin, words", [("48027", "at least 6"), ("48o271", "digits only"),
                                        ("4802719921847", "at most 12"), ("", "digits")])
def test_short_long_and_non_digit_pins_are_refused_with_a_reason(pin: str, words: str) -> None:
    problem = pin_problem(pin)
    assert problem is not None and words in problem


def test_random_pins_are_accepted() -> None:
    for pin in (GOOD_PIN, "739146", "58203917"):
        assert pin_problem(pin) is None


def test_hash_is_self_describing_salted_and_verifies_only_the_right_pin() -> None:
    first, second = hash_pin(GOOD_PIN, n=FAST_N), hash_pin(GOOD_PIN, n=FAST_N)
    assert first.startswith(f"scrypt$n={FAST_N}$r=8$p=1$")
    assert first != second  # a fresh random salt each time
    assert GOOD_PIN not in first
    assert verify_pin(GOOD_PIN, first) and verify_pin(GOOD_PIN, second)
    assert not verify_pin(WRONG_PIN, first)
    assert not verify_pin("", first) and not verify_pin("４８０２７１", first)
    assert len(PinHash.parse(first).salt) == 16


def test_the_default_cost_is_the_measured_one() -> None:
    assert PinHash.parse(hash_pin(GOOD_PIN)).n == 2 ** 15


@pytest.mark.parametrize("bad", ["", "plain", "scrypt$n=3$r=8$p=1$AA==$AA==",
                                 "scrypt$n=1024$r=8$p=1$!!$AA==", "bcrypt$x$y$z$a$b"])
def test_a_damaged_hash_is_a_clear_error(bad: str) -> None:
    with pytest.raises(PinHashInvalid):
        PinHash.parse(bad)


def test_delays_grow_after_three_failures_and_are_capped() -> None:
    assert [delay_after(n) for n in range(10)] == [0, 0, 0, 5, 10, 20, 40, 80, 160, 300]


def _auth(config: Config, clock: FakeClock,
          queue: RecordingQueue) -> tuple[MaintenanceAuth, AttemptTracker]:
    tracker = AttemptTracker(config.storage.data_dir, clock)
    sink = AccountabilitySink(kiosk_info(config), queue)
    return MaintenanceAuth(hash_pin(GOOD_PIN, n=FAST_N), tracker, sink), tracker


def test_right_pin_is_accepted_and_clears_earlier_failures(
        config: Config, log_lines: list[str]) -> None:
    clock, queue = FakeClock(), RecordingQueue()
    auth, _ = _auth(config, clock, queue)
    assert auth.check(WRONG_PIN).outcome is PinOutcome.WRONG
    result = auth.check(GOOD_PIN)
    assert result.outcome is PinOutcome.ACCEPTED and result.gate.failures == 0
    assert queue.types() == ["maintenance.pin_failed"]
    assert queue.events[0].data == {"failures": 1, "delay_s": 0}


def test_wrong_pins_delay_then_lock_and_a_restart_does_not_reset(
        config: Config, log_lines: list[str]) -> None:
    clock, queue = FakeClock(), RecordingQueue()
    auth, _ = _auth(config, clock, queue)
    for _ in range(3):
        assert auth.check(WRONG_PIN).outcome is PinOutcome.WRONG
    gate = auth.gate()
    assert gate.status is GateStatus.DELAYED and gate.wait_s == 5
    # GIVEN a delay, WHEN even the right PIN is tried, THEN it is not even checked
    assert auth.check(GOOD_PIN).outcome is PinOutcome.DELAYED
    clock.advance(4.9)
    assert auth.gate().status is GateStatus.DELAYED
    clock.advance(0.2)
    assert auth.check(WRONG_PIN).gate.wait_s == 10
    # a reboot: a new tracker over the same data dir remembers
    auth, _ = _auth(config, clock, queue)
    assert auth.gate().status is GateStatus.DELAYED and auth.gate().failures == 4
    waits = []
    for _ in range(LOCKOUT_AFTER - 4):
        clock.advance(auth.gate().wait_s)
        result = auth.check(WRONG_PIN)
        waits.append(result.gate.wait_s)
    assert result.gate.status is GateStatus.LOCKED
    assert waits[:-1] == [20, 40, 80, 160, 300]
    clock.advance(86_400)
    assert auth.check(GOOD_PIN).outcome is PinOutcome.LOCKED
    assert queue.types().count("maintenance.pin_failed") == LOCKOUT_AFTER
    assert queue.types()[-1] == "maintenance.lockout"
    assert queue.events[-1].priority.value == "urgent"
    assert any('"maintenance.lockout"' in line for line in log_lines)


def test_unlock_clears_the_lockout(config: Config) -> None:
    clock, queue = FakeClock(), RecordingQueue()
    auth, tracker = _auth(config, clock, queue)
    for _ in range(LOCKOUT_AFTER):
        clock.advance(auth.gate().wait_s)
        auth.check(WRONG_PIN)
    assert auth.gate().status is GateStatus.LOCKED
    assert tracker.unlock() == LOCKOUT_AFTER
    assert auth.check(GOOD_PIN).outcome is PinOutcome.ACCEPTED


def test_a_damaged_attempts_file_fails_closed(config: Config, log_lines: list[str]) -> None:
    clock, queue = FakeClock(), RecordingQueue()
    auth, tracker = _auth(config, clock, queue)
    tracker.path.write_text("{garbage", encoding="utf-8")
    assert auth.check(GOOD_PIN).outcome is PinOutcome.LOCKED
    assert any("maintenance.attempts_unreadable" in line for line in log_lines)


def test_a_clock_set_back_cannot_stretch_a_delay(config: Config) -> None:
    clock, queue = FakeClock(), RecordingQueue()
    auth, _ = _auth(config, clock, queue)
    for _ in range(3):
        auth.check(WRONG_PIN)
    clock.advance(-3600)
    assert auth.gate().wait_s == 5


def test_without_a_pin_maintenance_cannot_be_entered(config: Config) -> None:
    queue = RecordingQueue()
    tracker = AttemptTracker(config.storage.data_dir, FakeClock())
    auth = MaintenanceAuth("", tracker, AccountabilitySink(kiosk_info(config), queue))
    assert auth.check(GOOD_PIN).outcome is PinOutcome.NOT_CONFIGURED
    assert auth.check("").outcome is PinOutcome.NOT_CONFIGURED


def test_events_carry_the_kiosk_and_no_personal_data(
        config: Config, log_lines: list[str]) -> None:
    queue = RecordingQueue()
    AccountabilitySink(kiosk_info(config), queue).record(
        MaintenanceEvent.LEFT, reason="idle", duration_s=130)
    (ev,) = queue.events
    assert ev.type == "maintenance.left" and ev.kiosk.id == "test-kiosk-01"
    assert ev.data == {"reason": "idle", "duration_s": 130}
    assert any('"maintenance.left"' in line and '"idle"' in line for line in log_lines)


def test_a_failing_outbox_is_logged_and_does_not_stop_the_technician(
        config: Config, log_lines: list[str]) -> None:
    class FullDisk:
        def enqueue_event(self, event: object) -> None:
            raise OSError(28, "No space left on device")

    AccountabilitySink(kiosk_info(config), FullDisk()).record(MaintenanceEvent.ENTERED,
                                                                via="gesture")
    assert any("maintenance.event_not_queued" in line and "OSError" in line
               for line in log_lines)


def test_session_expires_after_the_idle_time_and_a_touch_renews_it() -> None:
    clock = FakeClock()
    session = MaintenanceSession(120, clock)
    clock.advance(119)
    assert not session.expired()
    session.touch()
    clock.advance(119)
    assert not session.expired()
    clock.advance(1)
    assert session.expired() and session.duration_s() == 239


def test_key_switch_setting_parses_port_and_line() -> None:
    assert parse_key_switch("") is None
    spec = parse_key_switch("spy:///dev/ttyUSB3:dcd")
    assert spec is not None and (spec.port, spec.line) == ("spy:///dev/ttyUSB3", "DCD")
    for bad in ("/dev/ttyUSB3", "/dev/ttyUSB3:XYZ", ":DSR"):
        with pytest.raises(MaintenanceError, match=r"maintenance\.key_switch"):
            parse_key_switch(bad)


def test_attempts_file_lives_in_the_data_dir(config: Config) -> None:
    tracker = AttemptTracker(config.storage.data_dir, FakeClock())
    tracker.record_failure()
    assert tracker.path.parent == Path(config.storage.data_dir)
    assert AttemptTracker(config.storage.data_dir, FakeClock()).gate().failures == 1


def test_a_disk_that_refuses_writes_neither_locks_out_nor_lifts_the_delays(
        config: Config, log_lines: list[str]) -> None:
    clock, queue = FakeClock(), RecordingQueue()
    auth, tracker = _auth(config, clock, queue)
    tracker.path = Path("/proc/no-such-dir") / "attempts.json"   # every write fails
    for _ in range(3):
        assert auth.check(WRONG_PIN).outcome is PinOutcome.WRONG
    assert auth.gate().status is GateStatus.DELAYED   # counted in memory meanwhile
    clock.advance(5)
    assert auth.check(GOOD_PIN).outcome is PinOutcome.ACCEPTED
    assert any("maintenance.attempts_not_saved" in line for line in log_lines)
