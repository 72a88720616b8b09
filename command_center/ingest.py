"""What the centre adds to a report or event that passed the gate, before storing it:
its own receive time, its findings (flags), the place to show, and the quota check.

Kept apart from the HTTP layer and from the storage engines, so every engine stores
the same findings and a test can judge an item without a server.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from command_center import flags
from command_center.model import Place
from command_center.settings import Settings
from command_center.store import Incoming, KioskIdentity, Store
from wire.report import Event, Report

QUOTA_WINDOW_S = 24 * 3600.0


class OverQuota(Exception):
    """The kiosk stored more than its quota in the last 24 hours."""

    def __init__(self, retry_after_s: float) -> None:
        super().__init__("over quota")
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class Canonical:
    text: str
    digest: str

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


def canonical(data: Any) -> Canonical:
    """The body in canonical form (keys sorted, no whitespace) and its SHA-256: two
    deliveries of one item compare equal however the JSON was spaced or ordered.
    Raises UnicodeEncodeError for text no store can keep (a lone surrogate)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return Canonical(text, hashlib.sha256(text.encode("utf-8")).hexdigest())


def check_quota(store: Store, kiosk_id: str, size: int, settings: Settings,
                now: float) -> None:
    used = store.usage_bytes(kiosk_id, now - QUOTA_WINDOW_S)
    if used + size > settings.kiosk_quota_bytes:
        # Usage is counted per hour: the oldest hour of the window leaves within one.
        raise OverQuota(3600.0 - math.fmod(now, 3600.0))


def incoming(item: Report | Event, kiosk: KioskIdentity, body: Canonical, *, store: Store,
             settings: Settings, now: float) -> Incoming:
    claimed = Place(item.kiosk.station, item.kiosk.lat, item.kiosk.lon)
    recent = (store.recent_reports(kiosk.id, now - settings.flood_window_s)
              if isinstance(item, Report) else None)
    judged = flags.judge(item.created_at, claimed, kiosk.place,
                         registered_at=kiosk.registered_at, received_at=now,
                         recent_reports=recent, skew_s=settings.clock_skew_s,
                         tolerance_m=settings.place_tolerance_m,
                         flood_reports=settings.flood_reports)
    return Incoming(canonical=body.text, digest=body.digest, received_at=now,
                    flags=tuple(f.value for f in judged.flags), place=judged.place)
