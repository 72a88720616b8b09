"""The soak of issue 17's done-when: the fault test's scenario, 10 seeded runs.

Each run (tests/offline_queue/faultrun.py): a clean-link drain measured first, then
reports enqueued in batches under a 35 % random per-request fault rate while the real
uploader process is SIGKILLed at random moments and restarted, one emergency report
among them; then the backlog drains under the same faults. Printed per run: both
drain rates and their ratio (target ≥ 10 %), the emergency report's delivery time
(target ≤ 15 s), exactly-once (every id stored once, no conflicting body), and how
many faults and kills really happened.
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.offline_queue.faultrun import run_scenario  # noqa: E402

RUNS = 10


def main() -> int:
    logging.disable(logging.WARNING)  # the uploader's per-item warnings are not figures
    runs = []
    for seed in range(1, RUNS + 1):
        with tempfile.TemporaryDirectory(prefix=f"soak-{seed}-", dir="/tmp") as tmp:
            started = time.monotonic()
            run = run_scenario(seed, Path(tmp))
            print(f"run {seed:2d} ({time.monotonic() - started:.0f} s): {run.line()}",
                  flush=True)
            runs.append(run)
    ok = [r for r in runs if r.stored == r.acked and r.max_copies == 1 and not r.conflicts
          and r.pending_after == 0 and r.ratio >= 0.10 and r.emergency_s <= 15]
    ratios = [r.ratio for r in runs]
    print(f"{len(ok)} of {RUNS} runs met every target; drain ratio min {min(ratios):.0%}, "
          f"median {statistics.median(ratios):.0%}; emergency max "
          f"{max(r.emergency_s for r in runs):.2f} s; "
          f"{sum(r.acked for r in runs)} reports, each stored exactly once: "
          f"{all(r.max_copies == 1 and r.stored == r.acked for r in runs)}")
    return 0 if len(ok) == RUNS else 1


if __name__ == "__main__":
    sys.exit(main())
