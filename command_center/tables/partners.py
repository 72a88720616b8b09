"""Partner agencies (routing rows) and the forwarding outbox (issue 16), once for both
engines.

`forwards` is the centre's own durable outbox: one row per CAP message per partner,
unique by (partner, CAP identifier), claimed under a lease like the kiosk's outbox, so
a crash or restart of the centre resends at most what was in flight — and the partner
takes a repeated identifier as the same alert (exactly once). When several centre
processes forward at once, a claim skips rows another one holds (`SKIP_LOCKED`), so two
forwarders never claim the same message, and neither waits for the other.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from command_center import rows
from command_center.model import Forward, ForwardState, Partner, ReportRow
from command_center.tables.reports import COLUMNS
from command_center.tables.session import Engine, marks

FORWARD_COLUMNS = ("seq, report_id, partner_id, message, identifier, state, attempts, "
                   "next_attempt_at, created_at, delivered_at, last_error")


class PartnerTables(Engine):
    def put_partner(self, partner: Partner) -> None:
        with self._tx() as s:
            s.run("INSERT INTO partners (id, name, url, categories, enabled) VALUES (?,?,?,?,?) "
                  "ON CONFLICT (id) DO UPDATE SET name=excluded.name, url=excluded.url, "
                  "categories=excluded.categories, enabled=excluded.enabled",
                  (partner.id, partner.name, partner.url,
                   json.dumps(list(partner.categories)), bool(partner.enabled)))

    def partners(self) -> list[Partner]:
        found = self._read().rows(
            "SELECT id, name, url, categories, enabled FROM partners ORDER BY id")
        return [_partner(r) for r in found]

    def reports_changed_since(self, since: float, categories: Sequence[str],
                              limit: int = 500) -> list[ReportRow]:
        if not categories:
            return []
        found = self._read().rows(
            f"SELECT {COLUMNS} FROM reports WHERE updated_at >= ? "  # noqa: S608
            f"AND category IN ({marks(len(categories))}) "
            f"ORDER BY updated_at, {self.ARRIVAL} LIMIT ?", (since, *categories, limit))
        return [rows.report_row(r) for r in found]

    def ensure_forward(self, report_id: str, partner_id: str, message: int,
                       identifier: str, now: float) -> bool:
        with self._tx() as s:
            return s.run(
                "INSERT INTO forwards (report_id, partner_id, message, identifier, state, "
                "attempts, next_attempt_at, created_at) VALUES (?,?,?,?,'pending',0,?,?) "
                "ON CONFLICT (partner_id, identifier) DO NOTHING",
                (report_id, partner_id, message, identifier, now, now)) == 1

    def claim_forwards(self, now: float, limit: int, lease_s: float) -> list[Forward]:
        # Looked at first without a write lock: the forwarder asks twice a second.
        if self._read().one("SELECT 1 AS x FROM forwards WHERE state = 'pending' AND "
                            "next_attempt_at <= ? LIMIT 1", (now,)) is None:
            return []
        with self._tx() as s:
            found = s.rows(
                f"UPDATE forwards SET attempts = attempts + 1, next_attempt_at = ? "  # noqa: S608
                f"WHERE seq IN (SELECT seq FROM forwards WHERE state = 'pending' AND "
                f"next_attempt_at <= ? ORDER BY seq LIMIT ?{self.SKIP_LOCKED}) "
                f"RETURNING {FORWARD_COLUMNS}", (now + lease_s, now, limit))
        return sorted((_forward(r) for r in found), key=lambda f: f.seq)

    def settle_forward(self, seq: int, *, now: float, delivered: bool = False,
                       retry_at: float | None = None, failed: bool = False,
                       error: str | None = None) -> None:
        with self._tx() as s:
            if delivered:
                s.run("UPDATE forwards SET state='delivered', delivered_at=?, "
                      "last_error=NULL WHERE seq=?", (now, seq))
            elif failed:
                s.run("UPDATE forwards SET state='failed', last_error=? WHERE seq=?",
                      (error, seq))
            else:
                s.run("UPDATE forwards SET next_attempt_at=?, last_error=? "
                      "WHERE seq=? AND state='pending'",
                      (retry_at if retry_at is not None else now, error, seq))

    def forwards(self, report_id: str) -> list[Forward]:
        found = self._read().rows(
            f"SELECT {FORWARD_COLUMNS} FROM forwards WHERE report_id=? ORDER BY seq",  # noqa: S608
            (report_id,))
        return [_forward(r) for r in found]


def _partner(r: dict[str, Any]) -> Partner:
    reader = rows.Reader(r)
    try:
        cats = json.loads(r["categories"])
    except (TypeError, ValueError):
        cats = []
    return Partner(id=reader.text("id"), name=reader.text("name"), url=reader.text("url"),
                   categories=tuple(str(c) for c in cats if isinstance(c, str))
                   if isinstance(cats, list) else (), enabled=bool(r["enabled"]))


def _forward(r: dict[str, Any]) -> Forward:
    reader = rows.Reader(r)
    return Forward(seq=int(r["seq"]), report_id=reader.text("report_id"),
                   partner_id=reader.text("partner_id"), message=int(r["message"] or 0),
                   identifier=reader.text("identifier"),
                   state=reader.enum("state", ForwardState, ForwardState.PENDING),
                   attempts=int(r["attempts"] or 0),
                   next_attempt_at=float(r["next_attempt_at"] or 0.0),
                   created_at=float(r["created_at"] or 0.0),
                   delivered_at=None if r["delivered_at"] is None else float(r["delivered_at"]),
                   last_error=r["last_error"])
