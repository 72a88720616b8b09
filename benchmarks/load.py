"""The load the centre's ingest benchmarks share: distinct valid reports, a real centre
process (`python -m command_center`) on 127.0.0.1, and kiosk clients, each its own
process with one keep-alive connection, posting from a common start.

Used by bench_command_center.py, bench_ingest_engines.py, bench_command_center_front.py
and bench_live_inbox.py, so every figure they print comes from the same load.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from wire.report import KioskInfo, Report

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 4
WARMUP = 50
KIOSK = KioskInfo("bench-kiosk", "MRT Bundaran HI", -6.1932, 106.8230)
# Capacity, not the per-token limits (issue 14): one token, several clients.
UNLIMITED = ["--kiosk-rate", "1000000", "--kiosk-burst", "1000000",
             "--kiosk-quota-mib", "1000000"]


def bodies(n: int, kiosk: KioskInfo = KIOSK) -> list[bytes]:
    """n valid, distinct reports (one validated template, fresh UUIDv4 ids)."""
    template = Report.create(kiosk=kiosk, category="theft", language="id",
                             description="Tas saya dicuri di peron arah Lebak Bulus.").to_dict()
    out = []
    for _ in range(n):
        template["id"] = str(uuid.uuid4())
        out.append(json.dumps(template, separators=(",", ":")).encode())
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def centre(data_dir: Path | str, options: list[str],
           port: int = 0) -> Iterator[tuple[str, int]]:
    """A centre process on this data dir: (its base URL, its pid) until the block ends."""
    server = subprocess.Popen(
        [sys.executable, "-m", "command_center", "--data-dir", str(data_dir),
         "--port", str(port),
         "--log-level", "WARNING", *options],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        yield server.stdout.readline().split("listening on ")[1].split("/ ")[0], server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def client(args: tuple[str, str, int, float]) -> tuple[list[float], int, float]:
    """One kiosk: warms up, waits for the common start, posts `count` reports; its
    latencies (s), how many were answered 201, and when it finished."""
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


@dataclass(frozen=True)
class Ingest:
    latencies_ms: list[float]
    accepted: int
    wall_s: float         # from the common start to the last client's last answer
    centre_cpu_s: float   # the centre process's CPU time meanwhile

    @property
    def rate(self) -> float:
        return self.accepted / self.wall_s

    @property
    def cpu_us_per_report(self) -> float:
        return self.centre_cpu_s / len(self.latencies_ms) * 1e6


def ingest(url: str, pid: int, token: str, per_client: int,
           timeout_s: float = 600) -> Ingest:
    """CLIENTS kiosk processes posting `per_client` reports each from a common start."""
    start_at = time.time() + 3.0   # after every client has warmed up
    with mp.Pool(CLIENTS) as pool:
        pending = pool.map_async(client, [(url, token, per_client, start_at)] * CLIENTS)
        time.sleep(max(0.0, start_at - time.time()))
        cpu_before = cpu_seconds(pid)
        results = pending.get(timeout=timeout_s)
        cpu_used = cpu_seconds(pid) - cpu_before
    return Ingest([x * 1000 for lat, _, _ in results for x in lat],
                  sum(a for _, a, _ in results),
                  max(end for _, _, end in results) - start_at, cpu_used)
