"""What the uploader knows about the uplink, shared as a health snapshot and a heartbeat.

The snapshot (`core.health.UPLINK_HEALTH_FILE` in the data dir) is read by the kiosk
app, `doctor`, the maintenance screen and `status --json`; the heartbeat body
(docs/api.md) tells the command centre the same, plus the devices the kiosk app
reported. Both say how many items wait and why (`QueueStats.waiting`), the state of the
link (link.py) and the clock alarm (clock.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.health import UPLINK_HEALTH_FILE, Health, Level, read_devices, write_snapshot
from offline_queue.clock import SkewWatch
from offline_queue.items import QueueStats
from wire import __version__
from wire.durations import duration
from wire.report import rfc3339


def _when(epoch: float | None) -> str | None:
    return None if epoch is None else rfc3339(datetime.fromtimestamp(epoch, UTC))


@dataclass
class UplinkStatus:
    last_success: float | None = None
    last_error: str | None = None
    last_error_at: float | None = None
    auth_alarm: bool = False
    last_heartbeat: float | None = None
    heartbeat_error: str | None = None
    link: dict[str, Any] = field(default_factory=lambda: {"state": "up"})
    clock: SkewWatch = field(default_factory=lambda: SkewWatch(alarm_s=120.0))

    def succeeded(self, now: float) -> None:
        self.last_success = now
        self.auth_alarm = False

    def failed(self, reason: str, now: float, *, auth: bool = False) -> None:
        self.last_error, self.last_error_at = reason, now
        if auth:
            self.auth_alarm = True

    def health(self, stats: QueueStats) -> Health:
        """One line a technician can act on: every problem, the worst first."""
        problems: list[tuple[Level, str]] = []
        state = self.link.get("state")
        if self.auth_alarm or state == "auth":
            problems.append((Level.FAIL, "the command centre refuses our token (401/403, "
                                         "heartbeat refused too)"))
        elif state == "down":
            problems.append((Level.WARN, "no answer from the command centre for "
                             f"{duration(float(self.link.get('for_s') or 0))}: "
                             f"{self.link.get('reason')}"))
        elif state == "busy":
            problems.append((Level.WARN, "the command centre is busy: waiting "
                             f"{self.link.get('next_change_in_s')} s ({self.link.get('reason')})"))
        elif self.last_error_at is not None and (self.last_success is None
                                                 or self.last_error_at > self.last_success):
            problems.append((Level.WARN, f"delivery failing: {self.last_error}"))
        if self.clock.alarm:
            problems.append((Level.WARN, self.clock.describe()))
        if stats.failed:
            problems.append((Level.WARN, f"{stats.failed} item(s) refused by the server"))
        if not problems:
            return Health("uplink", Level.OK, "delivering", details=self.to_dict())
        problems.sort(key=lambda p: -p[0].rank)
        return Health("uplink", problems[0][0], "; ".join(text for _, text in problems),
                      details=self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        return {"last_success": _when(self.last_success), "last_error": self.last_error,
                "last_error_at": _when(self.last_error_at), "auth_alarm": self.auth_alarm,
                "last_heartbeat": _when(self.last_heartbeat),
                "heartbeat_error": self.heartbeat_error, "link": dict(self.link),
                "clock": self.clock.to_dict()}


def write_uplink_snapshot(data_dir: Path, status: UplinkStatus, stats: QueueStats) -> None:
    health = status.health(stats)
    write_snapshot(data_dir / UPLINK_HEALTH_FILE,
                   {"written_at": time.time(), "health": health.to_dict(),
                    "queue": stats.to_dict(), **status.to_dict()})


def heartbeat_body(kiosk_id: str, data_dir: Path, status: UplinkStatus,
                   stats: QueueStats, now: float, *,
                   sealing: dict[str, Any] | None = None) -> dict[str, Any]:
    """`sealing` (docs/api.md): whether reports are sealed, to which centre key, and
    the undelivered reports by the centre key they are sealed to — the centre keeps an
    old private key until no kiosk's backlog needs it."""
    devices = [{"name": h.name, "level": h.level.value, "reason": h.reason,
                "details": h.details} for h in read_devices(data_dir)]
    return {"kiosk_id": kiosk_id, "sent_at": _when(now), "app_version": __version__,
            "queue": stats.to_dict(),
            "uplink": {"last_success": _when(status.last_success),
                       "last_error": status.last_error,
                       "state": status.link.get("state"),
                       "auth_alarm": status.auth_alarm,
                       "clock_skew_s": status.clock.skew_s,
                       "clock_alarm": status.clock.alarm},
            "devices": devices, **({"sealing": sealing} if sealing is not None else {})}
