"""Time of one maintenance PIN check (scrypt, the default cost). Target 50–500 ms:
slow enough that a stolen config file resists guessing, quick enough for a technician.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.pin import SCRYPT_N, hash_pin, verify_pin

RUNS = 30


def main() -> None:
    stored = hash_pin("480271")
    verify_pin("480271", stored)  # warm up allocator and caches
    times_ms = []
    for i in range(RUNS):
        started = time.perf_counter()
        verify_pin("480271" if i % 2 else "480279", stored)
        times_ms.append((time.perf_counter() - started) * 1000)
    times_ms.sort()
    p50 = statistics.median(times_ms)
    p99 = times_ms[min(len(times_ms) - 1, round(0.99 * (len(times_ms) - 1)))]
    print(f"pin verify (scrypt n={SCRYPT_N}, r=8, p=1), {RUNS} runs")
    print(f"pin verify p50: {p50:.0f} ms (target 50-500 ms)")
    print(f"pin verify p99: {p99:.0f} ms (target 50-500 ms)")


if __name__ == "__main__":
    main()
