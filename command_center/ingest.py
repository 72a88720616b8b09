"""What the centre adds to a report or event that passed the gate, before storing it:
its own receive time, its findings (flags), the place to show, and the quota check.

Kept apart from the HTTP layer and from the storage engines, so every engine stores
the same findings and a test can judge an item without a server.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from dataclasses import dataclass
from typing import Any

from command_center import flags, personal
from command_center.keyring import Keyring
from command_center.model import Place
from command_center.settings import Settings
from command_center.store import Incoming, KioskIdentity, Store
from wire import sealed
from wire.report import Event, Report

QUOTA_WINDOW_S = 24 * 3600.0
# The quota and flood figures are read from the store at most this often per kiosk and
# counted up here in between: two reads per request cost a third of the request under
# load. Another centre process's writes show up within this time.
COUNTS_TTL_S = 5.0


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


@dataclass
class _Counts:
    at: float
    usage: int
    recent: int


class KioskCounts:
    """Each kiosk's bytes stored in the last 24 h and reports in the flood window: the
    store's figures, refreshed every COUNTS_TTL_S, plus what this process stored since."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._counts: dict[str, _Counts] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, kiosk_id: str, now: float) -> _Counts:
        with self._lock:
            counts = self._counts.get(kiosk_id)
        if counts is None or now - counts.at > COUNTS_TTL_S or now < counts.at:
            counts = _Counts(now, store.usage_bytes(kiosk_id, now - QUOTA_WINDOW_S),
                             store.recent_reports(kiosk_id,
                                                  now - self._settings.flood_window_s))
            with self._lock:
                self._counts[kiosk_id] = counts
        return counts

    def stored(self, kiosk_id: str, size: int, reports: int) -> None:
        """Count `size` bytes and `reports` reports (negative: take them back)."""
        with self._lock:
            counts = self._counts.get(kiosk_id)
            if counts is not None:
                counts.usage += size
                counts.recent += reports


def check_quota(counts: _Counts, size: int, settings: Settings, now: float) -> None:
    if counts.usage + size > settings.kiosk_quota_bytes:
        # Usage is counted per hour: the oldest hour of the window leaves within one.
        raise OverQuota(3600.0 - math.fmod(now, 3600.0))


def incoming(item: Report | Event, kiosk: KioskIdentity, body: Canonical, *,
             counts: _Counts, settings: Settings, now: float) -> Incoming:
    claimed = Place(item.kiosk.station, item.kiosk.lat, item.kiosk.lon)
    recent = counts.recent if isinstance(item, Report) else None
    judged = flags.judge(item.created_at, claimed, kiosk.place,
                         registered_at=kiosk.registered_at, received_at=now,
                         recent_reports=recent, skew_s=settings.clock_skew_s,
                         tolerance_m=settings.place_tolerance_m,
                         flood_reports=settings.flood_reports)
    return Incoming(canonical=body.text, digest=body.digest, received_at=now,
                    flags=tuple(f.value for f in judged.flags), place=judged.place)


# -- sealed reports (issue 16): opened here, stored with personal fields encrypted -------


class SealRefused(Exception):
    """This sealed report cannot be taken: `status` 422 (this item, for good: the kiosk
    dead-letters it for a technician, nothing is lost) or 503 (the centre lacks the key
    it is sealed to: retry later)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def parse_report(data: Any) -> Report:
    """The gate for POST /reports: a sealed report's clear part (its shape checked;
    personal fields still sealed, opened by `open_sealed` once the token's kiosk is
    known), or a clear report. ReportInvalid for a body failing its schema."""
    if sealed.is_sealed(data):
        sealed.check_envelope(data)
        return sealed.clear_view(data)
    return Report.from_dict(data)


def open_sealed(data: Any, report: Report, keyring: Keyring) -> Report:
    """The report with its personal data: opened and its kiosk's signature verified
    when sealed; a clear report as it is, unless its kiosk has registered a signing key
    (it seals, so a clear report from it is a downgrade, refused)."""
    if not sealed.is_sealed(data):
        if keyring.kiosk_seals(report.kiosk.id):
            raise SealRefused(422, "this kiosk seals its reports (it has a registered "
                                   "signing key); an unsealed report from it is refused")
        return report
    try:
        return sealed.open_report(data, private_key=keyring.centre_private,
                                  verify_key=keyring.kiosk_public).report
    except sealed.EnvelopeRefused as exc:
        raise SealRefused(503 if exc.retry else 422, exc.reason) from None


def stored_body(report: Report, wire_body: Canonical, keyring: Keyring) -> Canonical:
    """What the store keeps of a report: personal fields encrypted at rest, and the
    digest of the body as received (a repeat delivery compares equal)."""
    text = canonical(personal.protect(report, keyring)).text
    return Canonical(text, wire_body.digest)
