"""Run every benchmarks/bench_*.py in turn, one process each, and print their figures.

Each benchmark prints its own lines of `name: value unit (target …)`; this runner only
sequences them so they never compete for the two cores.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n== {script.stem} ==", flush=True)
        started = time.monotonic()
        rc = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"   ({script.stem} took {time.monotonic() - started:.1f} s, exit {rc})",
              flush=True)
        if rc != 0:
            failed.append(script.stem)
    if failed:
        print(f"\nbenchmarks that failed to run: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
