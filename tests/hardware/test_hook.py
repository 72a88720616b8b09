"""The hook switch: the status-line backend at its narrowest seam (a stand-in port
exposing .cts/.dsr/.cd/.ri, devtools.standins.StatusLines, and a fake clock, since a pty
has no status lines), and the simulator backend over a real pty."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Literal

import pytest

from core.config import HandsetSection
from core.health import Level
from devtools.standins import StatusLines
from hardware.errors import DeviceMissing
from hardware.hook import NoHook, SimHook, StatusLineHook, build
from simulators.hook import HookSimulator
from tests.support.clock import FakeClock
from tests.support.wait import WAIT_S, wait_until

Line = Literal["CTS", "DSR", "DCD", "RI"]


def line_hook(port: StatusLines, clock: FakeClock, line: Line = "DSR",
              active_low: bool = False) -> tuple[StatusLineHook, list[bool]]:
    section = HandsetSection(hook="serial", port="/dev/fake", line=line, active_low=active_low,
                             debounce_ms=50)
    hook = StatusLineHook(section, opener=lambda url: port, clock=clock)
    events: list[bool] = []
    hook.subscribe(events.append)
    assert hook.open_port()
    return hook, events


def poll_for(hook: StatusLineHook, clock: FakeClock, ms: int, step_ms: int = 5) -> None:
    for _ in range(ms // step_ms):
        hook.poll_once()
        clock.advance(step_ms / 1000)
    hook.poll_once()


# ------------------------------------------------------------------ status-line backend


def test_a_lift_counts_only_once_the_line_is_stable_for_the_debounce_time() -> None:
    port, clock = StatusLines(), FakeClock()
    hook, events = line_hook(port, clock)
    port.dsr = True
    poll_for(hook, clock, 40)
    assert events == [] and not hook.is_off_hook()
    poll_for(hook, clock, 15)
    assert events == [True] and hook.is_off_hook()


def test_contact_bounce_shorter_than_the_debounce_time_is_ignored() -> None:
    port, clock = StatusLines(), FakeClock()
    hook, events = line_hook(port, clock)
    for _ in range(20):                      # 20 bounces of 10 ms
        port.dsr = not port.dsr
        poll_for(hook, clock, 10)
    port.dsr = False
    poll_for(hook, clock, 100)
    assert events == []


def test_replacing_the_handset_is_reported_after_a_lift() -> None:
    port, clock = StatusLines(dsr=True), FakeClock()
    hook, events = line_hook(port, clock)
    poll_for(hook, clock, 60)
    port.dsr = False
    poll_for(hook, clock, 60)
    assert events == [True, False]


def test_active_low_means_the_line_is_asserted_while_on_the_hook() -> None:
    port, clock = StatusLines(cts=True), FakeClock()
    hook, events = line_hook(port, clock, line="CTS", active_low=True)
    poll_for(hook, clock, 100)
    assert events == [] and not hook.is_off_hook()
    port.cts = False
    poll_for(hook, clock, 60)
    assert events == [True]


@pytest.mark.parametrize(("line", "attribute"), [("CTS", "cts"), ("DSR", "dsr"),
                                                 ("DCD", "cd"), ("RI", "ri")])
def test_the_configured_line_is_the_one_read(line: Line, attribute: str) -> None:
    port, clock = StatusLines(), FakeClock()
    hook, events = line_hook(port, clock, line=line)
    for other in ("cts", "dsr", "cd", "ri"):
        setattr(port, other, other != attribute)     # every other line asserted
    poll_for(hook, clock, 100)
    assert events == []
    setattr(port, attribute, True)
    poll_for(hook, clock, 60)
    assert events == [True]


def test_a_failing_port_is_reported_and_the_last_state_kept() -> None:
    port, clock = StatusLines(dsr=True), FakeClock()
    hook, events = line_hook(port, clock)
    poll_for(hook, clock, 60)
    port.broken = True
    poll_for(hook, clock, 60)
    assert events == [True] and hook.is_off_hook()   # a flaky cable does not hang up
    assert port.closed
    assert hook.health().level is Level.FAIL and "failed" in hook.health().reason


def test_a_missing_port_is_reported_in_health() -> None:
    def missing(url: str) -> StatusLines:
        raise DeviceMissing(f"cannot open the hook switch port {url}")

    hook = StatusLineHook(HandsetSection(hook="serial", port="/dev/nothing"), opener=missing)
    assert not hook.open_port()
    assert hook.health().level is Level.FAIL
    assert "/dev/nothing" in hook.health().reason


def test_the_polling_thread_reports_a_lift_with_the_real_clock() -> None:
    port = StatusLines()
    hook = StatusLineHook(HandsetSection(hook="serial", port="/dev/fake", debounce_ms=20),
                          opener=lambda url: port).start()
    lifted = threading.Event()
    hook.subscribe(lambda up: lifted.set() if up else None)
    try:
        port.dsr = True
        assert lifted.wait(WAIT_S)
        assert hook.health().level is Level.OK
        assert hook.health().reason == "handset lifted"
    finally:
        hook.close()


# ------------------------------------------------------------------ simulator backend


@pytest.fixture
def hook_sim() -> Iterator[HookSimulator]:
    with HookSimulator(repeat_s=0.1) as sim:
        yield sim


def test_the_sim_backend_follows_lift_and_replace_over_a_pty(hook_sim: HookSimulator) -> None:
    hook = build(HandsetSection(hook="sim", port=hook_sim.port))
    events: list[bool] = []
    hook.subscribe(events.append)
    try:
        assert isinstance(hook, SimHook)
        assert wait_until(lambda: hook.health().level is Level.OK)
        hook_sim.lift()
        assert wait_until(hook.is_off_hook)
        hook_sim.replace()
        assert wait_until(lambda: not hook.is_off_hook())
    finally:
        hook.close()
    assert events == [True, False]


def test_states_queued_before_the_kiosk_opened_the_pty_are_not_replayed(
        hook_sim: HookSimulator) -> None:
    for _ in range(5):                       # nobody is listening yet
        hook_sim.lift()
        hook_sim.replace()
    hook = SimHook(HandsetSection(hook="sim", port=hook_sim.port)).start()
    events: list[bool] = []
    hook.subscribe(events.append)
    try:
        assert wait_until(lambda: hook.health().level is Level.OK)
        hook_sim.lift()
        assert wait_until(hook.is_off_hook)
    finally:
        hook.close()
    assert events == [True]


def test_a_kiosk_starting_with_the_handset_already_lifted_learns_it(
        hook_sim: HookSimulator) -> None:
    hook_sim.lift()
    hook = SimHook(HandsetSection(hook="sim", port=hook_sim.port)).start()
    try:
        assert wait_until(hook.is_off_hook)    # from the periodic repeat
    finally:
        hook.close()


def test_a_vanished_simulator_shows_in_health() -> None:
    sim = HookSimulator().start()
    hook = SimHook(HandsetSection(hook="sim", port=sim.port)).start()
    try:
        assert wait_until(lambda: hook.health().level is Level.OK)
        sim.stop()
        assert wait_until(lambda: hook.health().level is Level.FAIL)
    finally:
        hook.close()


def test_no_hook_switch_is_a_warning_not_an_error() -> None:
    hook = build(HandsetSection())
    assert isinstance(hook, NoHook)
    assert hook.health().level is Level.WARN and not hook.is_off_hook()


# ------------------------------------------------------------------ start-up race


def test_a_listener_subscribing_after_the_lift_still_hears_it() -> None:
    """The handset was already up when the process started: the backend read the lift
    before the emergency line subscribed. It must be replayed, or 110 is never dialled."""
    port, clock = StatusLines(dsr=True), FakeClock()
    hook = StatusLineHook(HandsetSection(hook="serial", port="/dev/fake", debounce_ms=50),
                          opener=lambda url: port, clock=clock)
    assert hook.open_port()
    poll_for(hook, clock, 60)                # lifted and debounced, nobody listening
    assert hook.is_off_hook()
    heard: list[bool] = []
    hook.subscribe(heard.append)
    port.dsr = False
    poll_for(hook, clock, 60)
    assert heard == [True, False]            # the replay first, then the change, once each


def test_the_sim_backend_replays_a_lift_to_a_late_listener(hook_sim: HookSimulator) -> None:
    hook_sim.lift()
    hook = SimHook(HandsetSection(hook="sim", port=hook_sim.port)).start()
    try:
        assert wait_until(hook.is_off_hook)
        heard: list[bool] = []
        hook.subscribe(heard.append)
        assert heard == [True]
    finally:
        hook.close()


def test_the_sim_backend_asks_for_the_state_when_it_opens() -> None:
    # A long repeat period: only the backend's question can make it learn the lift fast.
    with HookSimulator(repeat_s=60) as sim:
        sim.lift()
        hook = SimHook(HandsetSection(hook="sim", port=sim.port)).start()
        try:
            assert wait_until(hook.is_off_hook, timeout=5)
        finally:
            hook.close()
