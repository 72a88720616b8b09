"""Command centre: reports accepted per second over keep-alive from 4 concurrent
clients, and the latency of each POST (p50/p99), against a real uvicorn on 127.0.0.1.

The server runs in its own process; the 4 clients are 4 processes, each with one
`requests.Session` (one keep-alive connection) posting distinct valid reports. The
machine has 2 cores, so the server and the clients share them: the figure is a floor
for a command centre on its own hardware. Measured once with SQLite synchronous=FULL
(the default: every commit fsynced) and once with NORMAL.

Target: ≥ 500 reports/s.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import CLIENTS, KIOSK, UNLIMITED, centre, ingest  # noqa: E402
from benchmarks.stats import summary  # noqa: E402
from command_center.sqlite import SqliteStore as Store  # noqa: E402

PER_CLIENT = 1000


def run(synchronous: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        token = store.add_kiosk(KIOSK.id)
        store.close()
        with centre(tmp, ["--synchronous", synchronous, *UNLIMITED]) as (url, pid):
            load = ingest(url, pid, token, PER_CLIENT)
    print(f"command centre, synchronous={synchronous.upper()}: {load.rate:.0f} reports/s "
          f"accepted over keep-alive from {CLIENTS} clients (target >= 500/s); "
          f"{load.accepted} of {len(load.latencies_ms)} answered 201")
    print(f"command centre, synchronous={synchronous.upper()}: POST latency "
          f"{summary(load.latencies_ms)}; server CPU {load.cpu_us_per_report:.0f} µs per "
          "report")


def main() -> int:
    print("(server and 4 client processes share this machine's 2 cores)")
    for synchronous in sys.argv[1:] or ("full", "normal"):
        run(synchronous)
    return 0


if __name__ == "__main__":
    sys.exit(main())
