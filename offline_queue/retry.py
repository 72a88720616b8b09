"""Retry policy as data: exponential backoff with full jitter, Retry-After honoured.

Full jitter (a uniform delay between 0 and the exponential bound) spreads a fleet of
kiosks that all lost the uplink at once, so they do not hammer the command centre in
step when it comes back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from core.config import UploaderSection
from wire.backoff import backoff_bound


@dataclass(frozen=True)
class RetryPolicy:
    base_s: float = 2.0
    factor: float = 2.0
    cap_s: float = 300.0
    auth_retry_s: float = 300.0

    @classmethod
    def from_config(cls, section: UploaderSection) -> RetryPolicy:
        return cls(base_s=section.backoff_base_s, factor=section.backoff_factor,
                   cap_s=section.backoff_cap_s, auth_retry_s=section.auth_retry_s)

    def bound(self, failures: int) -> float:
        """Upper bound of the delay after `failures` consecutive failures (≥ 1)."""
        return backoff_bound(self.base_s, self.factor, self.cap_s, failures)

    def delay(self, failures: int, rng: random.Random,
              retry_after_s: float | None = None) -> float:
        """Seconds to wait before the next attempt.

        A server's Retry-After wins over our own guess and is kept exactly (no jitter),
        but never beyond the cap: a misconfigured proxy asking for a day must not
        strand an emergency report.
        """
        if retry_after_s is not None:
            return min(max(0.0, retry_after_s), self.cap_s)
        return rng.uniform(0.0, self.bound(failures))

    def auth_delay(self, rng: random.Random) -> float:
        """Slow retry while our token is refused; ±10 % so a fleet does not sync up."""
        return self.auth_retry_s * rng.uniform(0.9, 1.1)


def parse_http_date(value: str | None) -> float | None:
    """The epoch of an HTTP-date (RFC 9110 §5.6.7), or None."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds from `now` named by a Retry-After header (delta-seconds or HTTP-date).

    For an HTTP-date, `now` should be the same answer's Date (the server's clock), so
    the delay does not depend on whether our own clock is right.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    moment = parse_http_date(value)
    if moment is None:
        return None
    return max(0.0, moment - datetime.fromtimestamp(now, UTC).timestamp())
