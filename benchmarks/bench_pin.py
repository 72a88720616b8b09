"""Time of one maintenance PIN check (scrypt, the default cost). Target 50–500 ms:
slow enough that a stolen config file resists guessing, quick enough for a technician.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import percentile, summary
from core.pin import SCRYPT_N, hash_pin, verify_pin

RUNS = 100   # enough for a p99 (about 16 s at ~160 ms a check)


def main() -> None:
    stored = hash_pin("480271")
    verify_pin("480271", stored)  # warm up allocator and caches
    times_ms = []
    for i in range(RUNS):
        started = time.perf_counter()
        verify_pin("480271" if i % 2 else "480279", stored)
        times_ms.append((time.perf_counter() - started) * 1000)
    p50, p99 = percentile(times_ms, 0.5), percentile(times_ms, 0.99)
    verdict = "met" if p50 >= 50 and p99 <= 500 else "NOT met"
    print(f"pin verify (scrypt n={SCRYPT_N}, r=8, p=1): {summary(times_ms, digits=0)} "
          f"(target 50-500 ms: {verdict})")


if __name__ == "__main__":
    main()
