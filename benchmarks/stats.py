"""The one percentile helper of the benchmarks.

A p99 from fewer than 100 samples is not a p99: `summary` then reports the median and
the maximum instead, and says how many samples there were.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

MIN_FOR_P99 = 100


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th quantile (0 < q < 1), nearest-rank: the smallest sample with at least
    q of all samples at or below it. Raises when a p99 is asked of < 100 samples."""
    if not samples:
        raise ValueError("no samples")
    if q >= 0.99 and len(samples) < MIN_FOR_P99:
        raise ValueError(f"a p{q * 100:g} needs >= {MIN_FOR_P99} samples, got {len(samples)}")
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summary(samples: Sequence[float], unit: str = "ms", digits: int = 1) -> str:
    """'p50 x, p99 y, max z (n = N)', or 'median x, max z (n = N; too few for a p99)'."""
    n = len(samples)
    if n >= MIN_FOR_P99:
        return (f"p50 {percentile(samples, 0.5):.{digits}f} {unit}, "
                f"p99 {percentile(samples, 0.99):.{digits}f} {unit}, "
                f"max {max(samples):.{digits}f} {unit} (n = {n})")
    return (f"median {statistics.median(samples):.{digits}f} {unit}, "
            f"max {max(samples):.{digits}f} {unit} (n = {n}; too few for a p99)")
