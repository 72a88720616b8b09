"""Uplink figures (issue 17), side by side in one run:

    drain rate on a clean link                                (reports/s, fsyncs/report)
    drain rate under 35 % random per-request faults           (ratio to clean; ≥ 10 %)
    a link down for 60 s, then back: from its return to the last report delivered
                                                              (target ≤ 10 s)
    the window (requests in flight at once): 1, 2, 4, 8 on the clean and the faulty
    link — the measurement behind `[uploader] window = 4`

The receiver is the tests' fault server (tests/offline_queue/faultserver.py: the
centre's idempotent store, and every fault the fault test uses) in a process of its
own; the uploader runs in this process as `run --until-empty` would run it, with the
production settings except `[server] timeout_s` (0.5 s here: answers "slower than the
timeout" take 1 s) and the heartbeat interval. Throughput is reports over wall-clock
time, from the uploader's start to the last report marked delivered in the outbox.
"""

from __future__ import annotations

import json
import logging
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.config import load_config  # noqa: E402
from devtools.kiosk_toml import dev_kiosk_toml  # noqa: E402
from offline_queue.outbox import Outbox  # noqa: E402
from offline_queue.uploader import Uploader  # noqa: E402
from tests.offline_queue.faultserver import TOKEN, ControlStats  # noqa: E402
from wire.report import KioskInfo, Report  # noqa: E402

KIOSK = KioskInfo("bench-kiosk", "MRT Bundaran HI", -6.1932, 106.8230)
CATEGORIES = ["theft", "lost_item", "information", "medical", "harassment"]
TIMEOUT_S, SLOW_S = 0.5, 1.0
OUTAGE_S = 60.0


class Receiver:
    def __init__(self, tmp: Path, seed: int) -> None:
        port_file = tmp / f"receiver-{seed}.url"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.offline_queue.faultserver", str(port_file),
             str(seed), str(SLOW_S)], cwd=REPO)
        while not port_file.exists() or not port_file.read_text():
            time.sleep(0.05)
        self.url = port_file.read_text()
        self.base = self.url.removesuffix("/api/v1")

    def control(self, what: str) -> ControlStats:
        with urllib.request.urlopen(f"{self.base}/_control/{what}", timeout=10) as resp:
            data: ControlStats = json.loads(resp.read())  # the server's own TypedDict
        return data

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def config(tmp: Path, url: str, name: str, window: int) -> Path:
    toml = dev_kiosk_toml(url=url, token=TOKEN, data_dir=tmp / name,
                          keys_dir=tmp / "keys", kiosk_id=KIOSK.id)
    return toml.changed(server={"timeout_s": TIMEOUT_S},
                        uploader={"window": window, "heartbeat_s": 5.0}).write(
        tmp / f"{name}.toml")


def fill(outbox: Outbox, n: int, rng: random.Random) -> None:
    for _ in range(n):
        outbox.enqueue_report(Report.create(
            kiosk=KIOSK, category=rng.choice(CATEGORIES), language="id",
            description="Tas saya dicuri di peron arah Lebak Bulus. " * 5))


def drain(tmp: Path, receiver: Receiver, name: str, n: int, *, window: int,
          fault_rate: float) -> tuple[float, float, int]:
    """(reports/s, wall seconds, fsynced commits) for a backlog of n: from the start of
    the uploader to every report marked delivered in the outbox."""
    receiver.control(f"faults?rate={fault_rate}")
    receiver.control("reset")
    cfg = load_config(config(tmp, receiver.url, name, window))
    with Outbox.for_config(cfg) as outbox:
        fill(outbox, n, random.Random(n))
        uploader = Uploader(cfg, outbox)
        started = time.perf_counter()
        rc = uploader.run(until_empty=True)
        elapsed = time.perf_counter() - started
        assert rc == 0 and outbox.stats().delivered == n
    after = receiver.control("stats")
    assert after["max_copies"] == 1 and after["conflicts"] == 0 and after["timed"] == n
    return n / elapsed, elapsed, uploader.durable_commits


def bench_clean_and_faulty(tmp: Path) -> None:
    receiver = Receiver(tmp, seed=11)
    try:
        rate, wall, commits = drain(tmp, receiver, "clean", 3000, window=4, fault_rate=0.0)
        print(f"clean link, window 4: {rate:.0f} reports/s (3000 reports in {wall:.1f} s; "
              f"{commits / 3000:.3f} fsynced group commits per report)")
        faulty, wall, commits = drain(tmp, receiver, "faulty", 1500, window=4, fault_rate=0.35)
        stats = receiver.control("stats")
        print(f"35 % random faults, window 4: {faulty:.0f} reports/s = {faulty / rate:.0%} "
              f"of clean (target ≥ 10 %: {'met' if faulty / rate >= 0.10 else 'NOT met'}; "
              f"1500 reports, {wall:.1f} s; every report stored once: "
              f"max copies {stats['max_copies']}, conflicts {stats['conflicts']})")
        print("window (requests in flight), reports/s clean | under 35 % faults:")
        for window in (1, 2, 4, 8):
            clean, _, _ = drain(tmp, receiver, f"clean-w{window}", 1500, window=window,
                                fault_rate=0.0)
            bad, _, _ = drain(tmp, receiver, f"faulty-w{window}", 800, window=window,
                              fault_rate=0.35)
            print(f"   window {window}: {clean:5.0f} | {bad:4.0f}  ({bad / clean:.0%})")
    finally:
        receiver.close()


def bench_outage(tmp: Path) -> None:
    """A backlog, then the link goes down for OUTAGE_S while reports keep coming."""
    receiver = Receiver(tmp, seed=12)
    try:
        cfg = load_config(config(tmp, receiver.url, "outage", 4))
        rng = random.Random(5)
        receiver.control("reset")
        with Outbox.for_config(cfg) as outbox:
            uploader = Uploader(cfg, outbox)
            loop = threading.Thread(target=uploader.run, daemon=True)
            loop.start()
            fill(outbox, 200, rng)
            receiver.control("down")
            down_at = time.monotonic()
            queued = 200
            while time.monotonic() - down_at < OUTAGE_S:
                fill(outbox, 5, rng)  # the station keeps filing reports
                queued += 5
                time.sleep(0.5)
            waiting = uploader._stats()  # as its snapshot shows it
            dropped = receiver.control("stats")["dropped_while_down"]
            up_at = time.monotonic()
            receiver.control("up")
            while outbox.stats().pending:
                time.sleep(0.02)
            local = time.monotonic() - up_at
            stats = receiver.control("stats")
            uploader.stop.set()
            loop.join(30)
        last_store = stats["last_store"]
        assert last_store is not None, "nothing was stored after the link came back"
        last = last_store - up_at
        assert stats["timed"] == queued and stats["max_copies"] == 1
        print(f"link down {OUTAGE_S:.0f} s with {waiting.pending} reports waiting "
              f"({waiting.waiting['link'].count if waiting.waiting else '?'} counted as "
              f"waiting for the link; {dropped} requests met the dead link in "
              f"{OUTAGE_S:.0f} s: one window of items, then heartbeat probes): the last report "
              f"was delivered {last:.1f} s after the link came back, all marked delivered "
              f"after {local:.1f} s (target ≤ 10 s: {'met' if last <= 10 else 'NOT met'})")
    finally:
        receiver.close()


def main() -> int:
    logging.disable(logging.WARNING)  # the uploader's per-item warnings are not figures
    with tempfile.TemporaryDirectory(prefix="bench-uplink-", dir="/tmp") as tmp:
        print(f"(receiver: the fault server in its own process; timeout {TIMEOUT_S} s, "
              f"slow answers {SLOW_S} s; machine shared with other work, figures vary)")
        bench_clean_and_faulty(Path(tmp))
        bench_outage(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
