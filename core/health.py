"""Typed device and service health, and the snapshot file the processes share.

The kiosk app writes `app-health.json` (its devices); the uploader writes
`uplink-health.json` (delivery). Each writer replaces its file atomically, so a reader
never sees half a file. The uploader's heartbeat, `doctor` and the maintenance status
screen all read these same records.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from core.files import atomic_write

APP_HEALTH_FILE = "app-health.json"
UPLINK_HEALTH_FILE = "uplink-health.json"


class Level(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return {"ok": 0, "warn": 1, "fail": 2}[self.value]


class Condition(StrEnum):
    """Device states that code acts on. Branch on these, never on `reason` text."""

    NONE = ""
    STARTING = "starting"            # the driver has not reached its device yet
    PORT_BUSY = "port_busy"          # another process holds the port (the kiosk app)
    NOT_INSTALLED = "not_installed"  # not configured


@dataclass(frozen=True)
class Health:
    """One part's health: a level and the reason in plain words."""

    name: str
    level: Level
    reason: str
    details: dict[str, Any] = field(default_factory=dict)
    checked_at: float = field(default_factory=time.time)
    condition: Condition = Condition.NONE

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["level"] = self.level.value
        d["condition"] = self.condition.value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Health:
        try:
            condition = Condition(str(d.get("condition", "")))
        except ValueError:   # a newer writer's condition: unknown here, not an error
            condition = Condition.NONE
        return cls(name=str(d["name"]), level=Level(d["level"]), reason=str(d["reason"]),
                   details=dict(d.get("details", {})),
                   checked_at=float(d.get("checked_at", 0.0)), condition=condition)


def worst(items: list[Health]) -> Level:
    return max((h.level for h in items), key=lambda lv: lv.rank, default=Level.OK)


def write_snapshot(path: Path, payload: dict[str, Any]) -> None:
    """Atomically replace the JSON file at `path`, mode 0640: the other kiosk process
    (uploader or app) and `doctor`, run by a technician in the kiosk110 group, read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    atomic_write(path, data, 0o640)


def read_snapshot(path: Path) -> dict[str, Any] | None:
    """The snapshot at `path`, or None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_devices(data_dir: Path, devices: list[Health], **extra: Any) -> None:
    write_snapshot(data_dir / APP_HEALTH_FILE,
                   {"written_at": time.time(), "devices": [h.to_dict() for h in devices],
                    **extra})


def read_devices(data_dir: Path) -> list[Health]:
    snap = read_snapshot(data_dir / APP_HEALTH_FILE) or {}
    out = []
    for d in snap.get("devices", []):
        try:
            out.append(Health.from_dict(d))
        except (KeyError, ValueError, TypeError):
            continue
    return out
