"""The exponential back-off bound that every sender of ours retries under: the kiosk's
uploader towards the centre (offline_queue.retry) and the centre's CAP forwarder
towards its partners (command_center.forwarding). One rule, so both stay sane after a
link that is down for days: the bound never overflows, whatever the attempt count."""

from __future__ import annotations

import math


def backoff_bound(base_s: float, factor: float, cap_s: float, failures: int) -> float:
    """Upper bound of the wait after `failures` consecutive failures (the first
    failure waits up to `base_s`): base × factor^(failures − 1), at most `cap_s`."""
    if base_s <= 0.0:
        return 0.0
    if base_s >= cap_s:
        return cap_s
    exponent = max(0, failures - 1)
    # Compared in logarithms before multiplying: factor ** 1100 would overflow a float.
    if factor > 1.0 and exponent * math.log(factor) >= math.log(cap_s / base_s):
        return cap_s
    return min(base_s * factor ** exponent, cap_s)
