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

import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.stats import summary  # noqa: E402
from command_center.sqlite import SqliteStore as Store  # noqa: E402
from wire.report import KioskInfo, Report  # noqa: E402

CLIENTS = 4
PER_CLIENT = 1000
WARMUP = 50
KIOSK = KioskInfo("bench-kiosk", "MRT Bundaran HI", -6.1932, 106.8230)


def bodies(n: int) -> list[bytes]:
    """n valid, distinct reports (one validated template, fresh UUIDv4 ids)."""
    template = Report.create(kiosk=KIOSK, category="theft", language="id",
                             description="Tas saya dicuri di peron arah Lebak Bulus.").to_dict()
    out = []
    for _ in range(n):
        template["id"] = str(uuid.uuid4())
        out.append(json.dumps(template, separators=(",", ":")).encode())
    return out


def client(args: tuple[str, str, int, float]) -> tuple[list[float], int, float]:
    url, token, count, start_at = args
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for body in bodies(WARMUP):
        session.post(f"{url}/api/v1/reports", data=body, headers=headers, timeout=30)
    work = bodies(count)
    while time.time() < start_at:
        time.sleep(0.001)
    latencies, accepted = [], 0
    for body in work:
        t0 = time.perf_counter()
        r = session.post(f"{url}/api/v1/reports", data=body, headers=headers, timeout=30)
        latencies.append(time.perf_counter() - t0)
        accepted += r.status_code == 201
    return latencies, accepted, time.time()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(synchronous: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        token = store.add_kiosk(KIOSK.id)
        store.close()
        server = subprocess.Popen(
            [sys.executable, "-m", "command_center", "--data-dir", tmp, "--port", "0",
             "--synchronous", synchronous, "--log-level", "WARNING",
             # capacity, not the per-token limits (issue 14): one token, 4 clients
             "--kiosk-rate", "1000000", "--kiosk-burst", "1000000",
             "--kiosk-quota-mib", "1000000"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert server.stdout is not None
            url = server.stdout.readline().split("listening on ")[1].split("/ ")[0]
            start_at = time.time() + 3.0  # after every client has warmed up
            with mp.Pool(CLIENTS) as pool:
                pending = pool.map_async(client, [(url, token, PER_CLIENT, start_at)] * CLIENTS)
                time.sleep(max(0.0, start_at - time.time()))
                cpu_before = cpu_seconds(server.pid)
                results = pending.get(timeout=600)
                cpu_used = cpu_seconds(server.pid) - cpu_before
            # Wall-clock time: from the common start to the last client's last answer.
            wall = max(end for _, _, end in results) - start_at
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies = [x * 1000 for lat, _, _ in results for x in lat]
    accepted = sum(a for _, a, _ in results)
    print(f"command centre, synchronous={synchronous.upper()}: {accepted / wall:.0f} reports/s "
          f"accepted over keep-alive from {CLIENTS} clients (target >= 500/s); "
          f"{accepted} of {len(latencies)} answered 201")
    print(f"command centre, synchronous={synchronous.upper()}: POST latency "
          f"{summary(latencies)}; server CPU {cpu_used / len(latencies) * 1e6:.0f} µs per report")


def main() -> int:
    print("(server and 4 client processes share this machine's 2 cores)")
    for synchronous in sys.argv[1:] or ("full", "normal"):
        run(synchronous)
    return 0


if __name__ == "__main__":
    sys.exit(main())
