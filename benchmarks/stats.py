"""Percentiles for the benchmarks, honestly: a "p99" only from at least 100 samples."""

from __future__ import annotations

import statistics

MIN_FOR_P99 = 100


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by the nearest rank of the sorted values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(name: str, ms: list[float], target: str = "") -> str:
    """'name: p50 X ms, p99 Y ms, max Z ms, n=N (target …)'; with fewer than 100
    samples the p99 is left out (it would only be the maximum under another name)."""
    parts = [f"p50 {statistics.median(ms):.2f} ms"]
    if len(ms) >= MIN_FOR_P99:
        parts.append(f"p99 {percentile(ms, 0.99):.2f} ms")
    parts.append(f"max {max(ms):.2f} ms")
    suffix = f" (target {target})" if target else ""
    return f"{name}: {', '.join(parts)}, n={len(ms)}{suffix}"
