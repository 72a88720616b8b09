"""wire.backoff: the one retry bound of the uploader and the CAP forwarder."""

from __future__ import annotations

import random

import pytest

from command_center.forwarding import Policy
from offline_queue.retry import RetryPolicy
from wire.backoff import backoff_bound


def test_the_bound_doubles_from_the_base_up_to_the_cap() -> None:
    assert [backoff_bound(2.0, 2.0, 300.0, n) for n in range(1, 10)] == [
        2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 300.0]
    assert backoff_bound(2.0, 2.0, 300.0, 0) == 2.0   # no failure yet: the base


@pytest.mark.parametrize("failures", [1_100, 10**6, 10**12])
def test_a_link_down_for_days_neither_overflows_nor_loops(failures: int) -> None:
    assert backoff_bound(1.0, 2.0, 300.0, failures) == 300.0
    assert backoff_bound(1.0, 1.0, 300.0, failures) == 1.0     # no growth asked for
    assert backoff_bound(500.0, 2.0, 300.0, failures) == 300.0  # a base over the cap


def test_uploader_and_forwarder_retry_under_the_same_rule() -> None:
    rng = random.Random(7)
    uploader = RetryPolicy(base_s=1.0, factor=2.0, cap_s=300.0)
    forwarder = Policy(backoff_base_s=1.0, backoff_factor=2.0, backoff_cap_s=300.0)
    for failures in (1, 3, 9, 5_000):
        bound = backoff_bound(1.0, 2.0, 300.0, failures)
        assert uploader.bound(failures) == bound
        assert all(0.0 <= forwarder.backoff(failures, rng) <= bound for _ in range(200))
