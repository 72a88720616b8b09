"""The link monitor alone: evidence in, a gate out (pure, on a clock the test moves)."""

from __future__ import annotations

import itertools
import random

import pytest

from offline_queue.delivery import Probe, ProbeResult, Verdict
from offline_queue.items import Hold
from offline_queue.link import Gate, LinkMonitor, LinkPolicy, LinkState
from offline_queue.retry import RetryPolicy

POLICY = LinkPolicy(down_after=4, busy_after=3, probe_min_s=0.5, probe_max_s=3.0,
                    recovery_jitter_s=2.0, backoff=RetryPolicy(2.0, 2.0, 300.0, 300.0))
NO_ANSWER = Probe(ProbeResult.LINK, "connection error: ConnectionRefusedError")
ACCEPTED = Probe(ProbeResult.OK, "HTTP 204")


def monitor(seed: int = 1) -> LinkMonitor:
    return LinkMonitor(POLICY, random.Random(seed), now=0.0)


def test_single_failures_on_a_lossy_link_never_stop_it() -> None:
    link = monitor()
    for i in range(300):  # two in three get through, in every order
        verdict = Verdict.LINK if i % 3 == 0 else Verdict.DELIVERED
        link.item_result(verdict, "reset", float(i))
        assert link.gate(float(i)) == Gate(send=True)


def test_a_dead_link_is_probed_at_once_then_ever_less_often_and_resumes_on_an_answer(
) -> None:
    link = monitor()
    for _ in range(4):
        link.item_result(Verdict.LINK, "connection refused", 10.0)
    state = link.state  # a local, read again after each step (mypy narrows attributes)
    assert state is LinkState.DOWN and link.blocking is Hold.LINK
    assert link.gate(10.0) == Gate(send=False, probe=True)  # the first probe: now
    now, waits = 10.0, []
    for _ in range(6):
        link.probe_result(NO_ANSWER, now, auth_delay_s=300)
        wait = link.wake_in(now)
        assert wait is not None  # a dead link always has a next probe
        waits.append(wait)
        now += wait
    assert waits[0] == pytest.approx(0.5, rel=0.21)
    assert all(b >= a * 0.6 for a, b in itertools.pairwise(waits))
    assert max(waits) <= 3.0 * 1.2  # never longer than probe_max_s (+ its jitter)
    link.probe_result(ACCEPTED, now, auth_delay_s=300)
    state = link.state
    assert state is LinkState.UP and link.gate(now + 10).send


@pytest.mark.parametrize(("outage_s", "most_s"), [(60.0, 2.0), (1.0, 0.1)])
def test_after_an_outage_only_emergencies_go_for_a_spread_that_grows_with_it(
        outage_s: float, most_s: float) -> None:
    spreads: list[float] = []
    for seed in range(50):
        link = monitor(seed)
        for _ in range(4):
            link.item_result(Verdict.LINK, "down", 0.0)
        link.probe_result(ACCEPTED, outage_s, auth_delay_s=300)
        spreads.append(link.wake_in(outage_s) or 0.0)
        assert link.gate(outage_s).emergency_only is (spreads[-1] > 0)
        assert link.gate(outage_s + most_s + 0.01) == Gate(send=True)
    assert 0 < max(spreads) <= most_s and len(set(spreads)) > 10  # spread, not in step


def test_a_streak_of_busy_answers_pauses_for_the_longest_retry_after_exactly() -> None:
    link = monitor()
    for retry_after in (1.0, 7.0, 2.0):
        link.item_result(Verdict.BUSY, "HTTP 503", 5.0, retry_after)
    assert link.state is LinkState.BUSY and link.wake_in(5.0) == 7.0
    assert not link.gate(11.9).send and link.gate(12.0).send


def test_one_refusal_is_checked_by_a_heartbeat_before_anything_is_concluded() -> None:
    link = monitor()
    link.item_result(Verdict.SUSPECT, "HTTP 403", 1.0)
    assert link.gate(1.0) == Gate(send=False, probe=True)
    link.item_result(Verdict.DELIVERED, "HTTP 201", 1.1)  # others' answers decide nothing
    state = link.state  # a local, read again after the probe (mypy narrows attributes)
    assert state is LinkState.CHECKING
    link.probe_result(Probe(ProbeResult.AUTH, "HTTP 401"), 1.2, auth_delay_s=300)
    state = link.state
    assert state is LinkState.AUTH and link.blocking is Hold.AUTH
    assert not link.gate(100).probe and link.gate(301.2).probe
    link.token_changed(150.0)  # a technician wrote token_file
    assert link.gate(150.0).probe
