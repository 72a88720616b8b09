"""`doctor` and the maintenance Status page judge with the same rules: for the same
snapshot they give the same level (they only word it differently)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from core.health import UPLINK_HEALTH_FILE, Level
from core.health_rules import DISK_FAIL_BYTES, DISK_WARN_BYTES, QUEUE_STUCK_S
from kiosk import diagnostics
from kiosk.queue import OutboxInspector
from offline_queue.outbox import Outbox
from tests.support.keys import sealer as kiosk_sealer
from ui.maintenance import status
from wire.report import Event, KioskInfo

GB = 1_000_000_000
KIOSK = KioskInfo("k1", "MRT Bundaran HI", -6.19, 106.82)


@pytest.mark.parametrize("free", [32 * GB, 4 * GB, DISK_WARN_BYTES + 1, DISK_WARN_BYTES - 1,
                                  DISK_FAIL_BYTES + 1, DISK_FAIL_BYTES - 1, 0])
@pytest.mark.parametrize("total", [32 * GB, 8 * GB])
def test_disk_verdicts_agree(tmp_path: Path, free: int, total: int) -> None:
    doctor = diagnostics.check_disk(
        tmp_path, usage=lambda _p: diagnostics.DiskUsage(total, total - free, free))
    screen = status.disk_health(tmp_path, usage=lambda _p: (total, total - free, free))
    assert doctor.level is screen.level


def test_four_gigabytes_free_on_a_32_gigabyte_card_is_ok_on_both(tmp_path: Path) -> None:
    doctor = diagnostics.check_disk(
        tmp_path, usage=lambda _p: diagnostics.DiskUsage(32 * GB, 28 * GB, 4 * GB))
    screen = status.disk_health(tmp_path, usage=lambda _p: (32 * GB, 28 * GB, 4 * GB))
    assert doctor.level is screen.level is Level.OK


@pytest.mark.parametrize(("pending", "failed", "age_s"), [
    (0, 0, 0.0), (3, 0, 10.0), (3, 0, QUEUE_STUCK_S - 5), (3, 0, QUEUE_STUCK_S + 5),
    (0, 1, 0.0), (2, 2, QUEUE_STUCK_S * 3)])
def test_queue_verdicts_agree(tmp_path: Path, pending: int, failed: int, age_s: float) -> None:
    now = [1_000_000.0]
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path, clock=lambda: now[0], sealer=kiosk_sealer())
    try:
        for i in range(pending + failed):
            outbox.enqueue_event(Event.create(kiosk=KIOSK, type="test.item", data={"i": i}))
        for item in outbox.claim(failed, owner="t", lease_s=60) if failed else []:
            outbox.mark_failed(item.id, "refused", owner="t")
        now[0] += age_s
        doctor = diagnostics.check_queue(path, now=lambda: now[0])
        screen = status.queue_health(OutboxInspector(lambda: outbox))
    finally:
        outbox.close()
    assert doctor.level is screen.level, (doctor.reason, screen.reason)


def _uplink(data_dir: Path, level: str, age_s: float, now: float) -> None:
    data_dir.mkdir(exist_ok=True)
    (data_dir / UPLINK_HEALTH_FILE).write_text(json.dumps({
        "written_at": now - age_s, "last_success": None, "last_error": None,
        "health": {"name": "uplink", "level": level, "reason": "delivering"}}))


@pytest.mark.parametrize("level", ["ok", "warn", "fail"])
@pytest.mark.parametrize("age_s", [5.0, 170.0, 179.0, 181.0, 3600.0])
@pytest.mark.parametrize("heartbeat_s", [30.0, 60.0, 120.0])
def test_uploader_verdicts_agree(tmp_path: Path, level: str, age_s: float,
                                 heartbeat_s: float) -> None:
    now = time.time()
    _uplink(tmp_path, level, age_s, now)
    doctor = diagnostics.check_uploader(tmp_path, heartbeat_s=heartbeat_s, now=lambda: now)
    screen = status.uplink_health(tmp_path, now, heartbeat_s)
    assert doctor is not None and doctor.level is screen.level


def test_unreadable_and_missing_uploader_snapshots_agree(tmp_path: Path) -> None:
    assert diagnostics.check_uploader(tmp_path) is None   # doctor lists nothing
    assert status.uplink_health(tmp_path, time.time()).level is Level.WARN
    (tmp_path / UPLINK_HEALTH_FILE).write_text('{"health": {"level": "purple"}}')
    doctor = diagnostics.check_uploader(tmp_path)
    assert doctor is not None
    assert doctor.level is status.uplink_health(tmp_path, time.time()).level is Level.WARN
