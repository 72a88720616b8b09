"""The flaky-uplink scenario of issue 17, shared by its test (2 seeded runs in CI) and
its soak (`benchmarks/bench_uplink_faults.py`, 10 runs in `make bench`).

One run, against a real HTTP server on 127.0.0.1 and the real `python -m offline_queue`
processes:
1. clean link: `clean_n` reports are queued, an uploader starts, and the server times
   its stores — the clean-link drain rate of this run, on this machine, now;
2. faults: every item POST fails with probability `fault_rate` (500, 503, 429 with
   Retry-After: 1, connections reset before or after the store, answers slower than
   the client's timeout, captive-portal pages and redirects, a 201 naming another id)
   while reports are enqueued in batches and the uploader is SIGKILLed at random
   moments and restarted; one emergency report is filed in the middle of it;
3. drain: after the last batch the uploader runs on under the same faults until the
   server has every acknowledged report and the outbox has nothing pending; the
   backlog at that moment over that time is the faulty drain rate.
"""

from __future__ import annotations

import random
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.offline_queue.cli_support import REPO, child_env, cli, run_cli
from tests.offline_queue.faultserver import Fault, FaultServer
from tests.offline_queue.helpers import make_config_path, report_line
from tests.support.wait import wait_until

# Production settings but for the timers a test cannot wait for.
SCENARIO_UPLOADER = {"heartbeat_s": 2.0, "idle_poll_s": 0.05, "status_poll_s": 1.0}
# 35 % in all; every busy answer carries Retry-After: 1.
FAULT_WEIGHTS = {
    Fault.ERROR_500: 5, Fault.ERROR_503: 4, Fault.RATE_LIMIT: 5,
    Fault.DROP_BEFORE_STORE: 5, Fault.DROP_AFTER_STORE: 5, Fault.SLOW_AFTER_STORE: 3,
    Fault.CAPTIVE_PORTAL: 4, Fault.REDIRECT: 2, Fault.WRONG_ID: 2,
}
CATEGORIES = ["theft", "lost_item", "harassment", "information", "medical"]


class SwitchableFaults:
    """No faults until switched on; then each request fails with `rate`."""

    def __init__(self, seed: int, rate: float) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.rate = rate
        self.on = False
        total = sum(FAULT_WEIGHTS.values())
        self._faults = list(FAULT_WEIGHTS)
        self._weights = [w / total for w in FAULT_WEIGHTS.values()]

    def __call__(self, key: str) -> Fault:
        with self._lock:
            if not self.on or self._rng.random() >= self.rate:
                return Fault.NONE
            return self._rng.choices(self._faults, self._weights)[0]


@dataclass(frozen=True)
class RunFigures:
    seed: int
    clean_rate: float  # reports/s on the clean link
    backlog: int  # reports not yet delivered when the enqueue phase ended
    drain_s: float  # from then until the outbox has nothing pending
    emergency_s: float  # emergency report: from its `enqueue` starting to its store
    kills: int
    recovered_claims: int
    acked: int
    stored: int
    max_copies: int  # most times one id was stored as new (1 = exactly once)
    conflicts: int
    posts: int
    faulted_posts: int
    fault_kinds: int
    pending_after: int

    @property
    def fault_rate(self) -> float:
        return self.backlog / self.drain_s if self.drain_s > 0 else float("inf")

    @property
    def ratio(self) -> float:
        return self.fault_rate / self.clean_rate

    def line(self) -> str:
        return (f"seed {self.seed}: clean {self.clean_rate:.0f}/s, under faults "
                f"{self.fault_rate:.0f}/s ({self.backlog} in {self.drain_s:.2f} s) = "
                f"{self.ratio:.0%} of clean; emergency delivered "
                f"{self.emergency_s:.2f} s after it was filed; {self.acked} acknowledged, "
                f"{self.stored} stored, most copies of one id {self.max_copies}, "
                f"conflicts {self.conflicts}; {self.kills} SIGKILLs "
                f"({self.recovered_claims} claims recovered); {self.faulted_posts} of "
                f"{self.posts} POSTs of the fault phase faulted "
                f"({self.faulted_posts / max(1, self.posts):.0%}, {self.fault_kinds} kinds)")


def _start(config: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        return subprocess.Popen(cli(config, "run"), stdout=sink, stderr=sink, cwd=REPO,
                                env=child_env())


def _kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def _pending(config: Path) -> int:
    from core.config import load_config
    from offline_queue.outbox import Outbox

    with Outbox.for_config(load_config(config)) as outbox:
        return outbox.stats().pending


def _enqueue(config: Path, lines: list[str]) -> tuple[list[str], float]:
    result = run_cli(config, "enqueue", stdin="".join(line + "\n" for line in lines))
    assert result.returncode == 0, result.stderr
    return result.stdout.split(), time.monotonic()


def run_scenario(seed: int, tmp: Path, *, clean_n: int = 200, batches: int = 4,
                 per_batch: int = 100, final: int = 800, kills_per_batch: int = 2,
                 fault_rate: float = 0.35, timeout_s: float = 0.25,
                 slow_s: float = 0.5, deadline_s: float = 120.0) -> RunFigures:
    rng = random.Random(seed)
    faults = SwitchableFaults(seed, fault_rate)
    log = tmp / "uploader.log"
    with FaultServer(faults, slow_s=slow_s, retry_after="1") as server:
        config = make_config_path(tmp, url=server.url, uploader=SCENARIO_UPLOADER,
                                  timeout_s=timeout_s)
        clean_ids, _ = _enqueue(config, [report_line(rng.choice(CATEGORIES))
                                         for _ in range(clean_n)])
        uploader = _start(config, log)
        kills = 0
        try:
            assert wait_until(lambda: all(i in server.stored for i in clean_ids),
                              deadline_s), "the clean link did not drain"
            times = sorted(server.store_times[i] for i in clean_ids)
            clean_rate = (len(times) - 1) / max(1e-6, times[-1] - times[0])
            faults.on = True
            clean_posts = len(server.posts)
            acked = list(clean_ids)
            emergency, filed = "", 0.0
            for batch in range(batches):
                ids, _ = _enqueue(config, [report_line(rng.choice(CATEGORIES))
                                           for _ in range(per_batch)])
                acked += ids
                if batch == batches // 2:
                    filed = time.monotonic()  # its acknowledgement comes after this
                    [emergency], _ = _enqueue(config, [report_line("fire")])
                    acked.append(emergency)
                for _ in range(kills_per_batch):
                    time.sleep(rng.uniform(0.1, 0.6))  # a random moment, not a duration
                    _kill(uploader)
                    kills += 1
                    uploader = _start(config, log)
            ids, phase_end = _enqueue(config, [report_line(rng.choice(CATEGORIES))
                                               for _ in range(final)])
            acked += ids
            backlog = sum(1 for i in acked if i not in server.stored)
            assert wait_until(lambda: all(i in server.stored for i in acked),
                              deadline_s), "the backlog did not drain under faults"
            # …and the kiosk knows: a store whose answer was lost is sent again (202).
            assert wait_until(lambda: _pending(config) == 0, deadline_s)
            last = time.monotonic()
        finally:
            uploader.send_signal(signal.SIGTERM)
            try:
                uploader.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _kill(uploader)
        status = run_cli(config, "status", "--json").stdout
        import json

        pending_after = int(json.loads(status)["pending"])
        fault_posts = [f for _, f in server.posts[clean_posts:]]
        faulted = [f for f in fault_posts if f is not Fault.NONE]
        recovered = sum(json.loads(line).get("recovered_claims", 0)
                        for line in log.read_text().splitlines()
                        if '"uploader.started"' in line)
        return RunFigures(
            seed=seed, clean_rate=clean_rate, backlog=backlog,
            drain_s=max(0.0, last - phase_end),
            emergency_s=server.store_times[emergency] - filed, kills=kills,
            recovered_claims=recovered, acked=len(acked),
            stored=len(set(server.stored) & set(acked)),
            max_copies=max(server.store_count.values()), conflicts=len(server.conflicts),
            posts=len(fault_posts), faulted_posts=len(faulted),
            fault_kinds=len(set(faulted)), pending_after=pending_after)
