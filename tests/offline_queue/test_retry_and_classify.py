"""Retry policy as data, and what each HTTP answer means for a queued item."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from offline_queue.delivery import Verdict, classify
from offline_queue.retry import RetryPolicy, parse_retry_after

KEY = "4f0e4b6e-1b2c-4d3e-8f4a-5b6c7d8e9f00"
NOW = 1_800_000_000.0


def test_the_backoff_bound_grows_exponentially_up_to_the_cap() -> None:
    policy = RetryPolicy(base_s=2, factor=2, cap_s=300)
    assert [policy.bound(n) for n in (1, 2, 3, 4, 8, 9, 1000)] == \
        [2, 4, 8, 16, 256, 300, 300]


def test_full_jitter_stays_between_zero_and_the_bound() -> None:
    policy, rng = RetryPolicy(base_s=1, factor=3, cap_s=50), random.Random(7)
    delays = [policy.delay(3, rng) for _ in range(2000)]
    assert 0 <= min(delays) < 0.5 and 8.5 < max(delays) <= 9
    assert 3.5 < sum(delays) / len(delays) < 5.5  # uniform: mean near half the bound


def test_retry_after_wins_over_jitter_but_never_beyond_the_cap() -> None:
    policy, rng = RetryPolicy(base_s=1, factor=2, cap_s=60), random.Random(1)
    assert policy.delay(1, rng, retry_after_s=30) == 30
    assert policy.delay(9, rng, retry_after_s=86400) == 60


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    later = format_datetime(datetime.fromtimestamp(NOW + 120, UTC), usegmt=True)
    assert parse_retry_after("7", NOW) == 7
    assert parse_retry_after(later, NOW) == pytest.approx(120)
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None


def test_auth_retry_is_slow_and_slightly_spread() -> None:
    policy = RetryPolicy(auth_retry_s=300)
    delays = [policy.auth_delay(random.Random(s)) for s in range(50)]
    assert all(270 <= d <= 330 for d in delays) and len(set(delays)) > 1


@pytest.mark.parametrize(("status", "body", "verdict"), [
    (201, b'{"id": "%s"}' % KEY.encode(), Verdict.DELIVERED),
    (202, b'{"id": "%s", "status_url": "u"}' % KEY.encode(), Verdict.DELIVERED),
    (201, b'{"id": "someone-else"}', Verdict.LINK),
    (201, b"created", Verdict.LINK),
    (200, b'{"id": "%s"}' % KEY.encode(), Verdict.LINK),  # only 201/202 count
    (200, b"<html>Login to WiFi</html>", Verdict.LINK),
    (302, b"", Verdict.LINK),
    (511, b"<html>sign in</html>", Verdict.LINK),  # RFC 6585 captive portal
    (400, b'{"error": "invalid", "reasons": ["category: unknown"]}', Verdict.FAILED),
    (422, b'{"error": "id known with a different body"}', Verdict.FAILED),
    (401, b"", Verdict.SUSPECT),  # this item, or our token? a heartbeat decides
    (403, b"", Verdict.SUSPECT),
    (404, b"", Verdict.SUSPECT),
    (409, b'{"error": "kiosk mismatch"}', Verdict.SUSPECT),
    (408, b"", Verdict.BUSY),
    (429, b"", Verdict.BUSY),
    (500, b"", Verdict.BUSY),
    (503, b"", Verdict.BUSY),
])
def test_only_a_201_or_202_naming_the_key_is_delivered(status: int, body: bytes,
                                                        verdict: Verdict) -> None:
    assert classify(KEY, status, {}, body, NOW).verdict is verdict


def test_a_retry_after_date_is_read_against_the_answers_own_date() -> None:
    """A kiosk clock a day fast must not turn 'retry at 12:00:30' into 'now'."""
    server_now = NOW - 86400
    headers = {"Date": format_datetime(datetime.fromtimestamp(server_now, UTC), usegmt=True),
               "Retry-After": format_datetime(datetime.fromtimestamp(server_now + 30, UTC),
                                              usegmt=True)}
    assert classify(KEY, 503, headers, b"", NOW).retry_after_s == pytest.approx(30)


def test_a_refusal_keeps_the_servers_reason_without_personal_data() -> None:
    body = b'{"error": "invalid report", "reasons": ["reporter.nik 3171234501900001 bad"]}'
    outcome = classify(KEY, 400, {}, body, NOW)
    assert outcome.reason == "HTTP 400: invalid report; reporter.nik [NIK] bad"


def test_a_429_carries_its_retry_after_and_a_delivery_its_status_url() -> None:
    assert classify(KEY, 429, {"Retry-After": "12"}, b"", NOW).retry_after_s == 12
    ok = classify(KEY, 201, {}, b'{"id": "%s", "status_url": "https://x/t/1"}'
                  % KEY.encode(), NOW)
    assert ok.status_url == "https://x/t/1"


@pytest.mark.parametrize(("section", "key", "value"), [
    ("uploader", "heartbeat_s", 0), ("uploader", "idle_poll_s", 0),
    ("uploader", "probe_min_s", 0), ("uploader", "window", 0),
    ("uploader", "auth_retry_s", 0), ("uploader", "status_poll_s", 0),
    ("uploader", "backoff_factor", 0.5), ("uploader", "link_down_after", 0),
    ("storage", "purge_after_s", 0), ("storage", "retention_days", -1)])
def test_a_zero_interval_or_timeout_is_refused_naming_the_key(tmp_path: Path, section: str,
                                                               key: str, value: float) -> None:
    from core.config import load_config
    from core.errors import ConfigError
    from tests.support.config import write_config

    path = write_config(tmp_path, storage={key: value} if section == "storage" else {},
                        uploader={key: value} if section == "uploader" else {})
    with pytest.raises(ConfigError, match=rf"^{section}\.{key}: .* is outside"):
        load_config(path)
