"""Issue 11 #4, "the clock is trusted": a wall clock stepped back a day stalls nothing.

The seam is the one clock the uploader and the outbox are given for wall time (what
they store and send); everything that waits runs on the monotonic clock. A real
uploader loop, a real HTTP server, a real sd_notify socket.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from pathlib import Path

import pytest

from core.health import UPLINK_HEALTH_FILE, read_snapshot
from core.sdnotify import Notifier
from offline_queue.clock import SkewWatch, StepWatch
from offline_queue.items import ItemSummary
from offline_queue.outbox import Hold, Outbox, State
from offline_queue.uploader import Uploader
from tests.offline_queue.faultserver import Fault, FaultServer
from tests.offline_queue.helpers import make_config, report
from tests.support.wait import wait_until

DAY = 86400.0


class SteppedClock:
    """time.time(), until the test steps it."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


def test_a_wall_clock_stepped_back_a_day_stalls_no_delivery_heartbeat_or_watchdog(
        tmp_path: Path) -> None:
    faults: list[Fault] = []
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify.sock"))
    notify.settimeout(0.2)
    pings: list[float] = []  # monotonic times of WATCHDOG=1, read as systemd would

    def read_notify() -> None:
        while not done.is_set():
            try:
                if notify.recv(64) == b"WATCHDOG=1":
                    pings.append(time.monotonic())
            except OSError:
                pass

    done = threading.Event()
    reader = threading.Thread(target=read_notify, daemon=True)
    reader.start()
    with FaultServer(lambda key: faults.pop(0) if faults else Fault.NONE,
                     retry_after="2") as server:
        cfg = make_config(tmp_path, url=server.url, uploader={
            "heartbeat_s": 0.3, "idle_poll_s": 0.02, "backoff_cap_s": 30})
        wall = SteppedClock()
        outbox = Outbox.for_config(cfg, clock=wall)
        notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "notify.sock"),
                             "WATCHDOG_USEC": "200000"})
        uploader = Uploader(cfg, outbox, clock=wall, notifier=notifier,
                            rng=random.Random(4))
        loop = threading.Thread(target=uploader.run, daemon=True)
        loop.start()
        try:
            first = report()
            outbox.enqueue_report(first)
            assert wait_until(lambda: first.id in server.stored, 10)
            faults.append(Fault.ERROR_503)  # Retry-After: 2 → a hold of 2 s
            held = report()
            outbox.enqueue_report(held)
            assert wait_until(lambda: _item(outbox, held.id).hold is Hold.ITEM, 10)
            wall.offset = -DAY  # stepped back a day (an RTC that lost its time)
            stepped_at = time.monotonic()
            beats = len(server.heartbeats)
            after = report()
            outbox.enqueue_report(after)
            assert wait_until(lambda: after.id in server.stored, 10)
            assert wait_until(lambda: held.id in server.stored, 10)
            assert time.monotonic() - stepped_at < 8  # its 2 s hold, not 2 s + a day
            assert wait_until(lambda: len(server.heartbeats) >= beats + 3, 10)
            assert wait_until(lambda: sum(t > stepped_at + 1 for t in pings) >= 5, 10)
            snap_path = cfg.storage.data_dir / UPLINK_HEALTH_FILE
            assert wait_until(lambda: (read_snapshot(snap_path) or {}).get(
                "clock", {}).get("alarm") is True, 15)
            snap = read_snapshot(snap_path)
            assert snap is not None
            assert "slow compared with the command centre" in snap["health"]["reason"]
            assert snap["health"]["level"] == "warn"
            assert server.heartbeats[-1]["uplink"]["clock_alarm"] is True
        finally:
            uploader.stop.set()
            loop.join(20)
            done.set()
            reader.join(5)
            notify.close()
    assert [i.state for i in outbox.list_items()] == [State.DELIVERED] * 3
    outbox.close()


def _item(outbox: Outbox, item_id: str) -> ItemSummary:
    return next(i for i in outbox.list_items() if i.id == item_id)


def test_the_step_watch_sees_steps_not_drift() -> None:
    wall, mono = [1000.0], [5.0]
    watch = StepWatch(lambda: wall[0], lambda: mono[0])
    wall[0] += 10.0
    mono[0] += 10.0
    assert watch.check() == 0.0
    wall[0] -= 3600.0
    assert watch.check() == pytest.approx(-3600.0)
    assert watch.check() == 0.0


@pytest.mark.parametrize(("ours", "alarm", "words"), [
    (1030.5, False, "30 s fast"), (1000.0 + 3 * 3600, True, "3.0 h fast"),
    (1000.0 - 2 * DAY, True, "2.0 days slow")])
def test_the_skew_against_the_centres_date_raises_the_clock_alarm(ours: float, alarm: bool,
                                                                  words: str) -> None:
    watch = SkewWatch(alarm_s=120)
    watch.observe(server_date=1000.0, received_at=ours)
    assert watch.alarm is alarm and words in watch.describe()
