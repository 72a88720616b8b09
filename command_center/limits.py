"""Rate limits kept in this process: token buckets per kiosk token, per client address
and in total.

A bucket holds up to `burst` tokens and refills at `rate` per second; a request takes
one. An empty bucket answers how long until the next token, which the caller sends as
`Retry-After` with a 429 (the kiosk's uploader waits that long). Buckets are kept for
a bounded number of keys, least recently used first out: an address spray cannot grow
memory (a forgotten key simply starts with a full bucket again).

Several centre processes behind one database each keep their own buckets, so their
limits add up; the nginx front's limits are per front.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_KEYS = 50_000


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self, rate_per_s: float, burst: float,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self.rate = rate_per_s
        self.burst = max(1.0, burst)
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when `key` may go now (a token is taken); else seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        with self._lock:
            bucket = self._buckets.pop(key, None) or _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
            self._buckets[key] = bucket
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate


def retry_after(wait_s: float) -> str:
    """A Retry-After value: whole seconds, at least 1."""
    return str(max(1, math.ceil(wait_s)))


class TicketLimiter:
    """The public ticket page: per client address, and for everyone together.

    The global bound is what makes the code space impossible to enumerate: at 10
    lookups a second, finding one of 100,000 valid codes among 22^8 takes about 15
    hours on average, however many addresses an attacker has."""

    def __init__(self, per_client_per_min: float, global_per_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._client = RateLimiter(per_client_per_min / 60.0, max(1.0, per_client_per_min / 3),
                                   clock)
        self._global = RateLimiter(global_per_s, max(1.0, global_per_s * 5), clock)

    def take(self, client: str) -> float:
        wait = self._client.take(client)
        if wait > 0:
            return wait
        return self._global.take("*")
