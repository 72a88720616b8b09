"""Partner agencies (routing rows) and the forwarding outbox (issue 16).

As on SQLite (command_center/sqlite/partners.py), with one difference that matters when
several centre processes forward at once: a claim takes due rows `FOR UPDATE SKIP
LOCKED`, so two forwarders never claim the same message, and neither waits for the other.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from command_center import rows
from command_center.model import Forward, Partner, ReportRow
from command_center.postgres.base import Tables
from command_center.postgres.reports import COLUMNS
from command_center.sqlite.partners import _FORWARD_COLUMNS, _forward, _partner


class PartnerTables(Tables):
    def put_partner(self, partner: Partner) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO partners (id, name, url, categories, enabled) "
                "VALUES (%s,%s,%s,%s,%s) ON CONFLICT (id) DO UPDATE SET "
                "name=excluded.name, url=excluded.url, categories=excluded.categories, "
                "enabled=excluded.enabled",
                (partner.id, partner.name, partner.url, json.dumps(list(partner.categories)),
                 partner.enabled))

    def partners(self) -> list[Partner]:
        found = self._rows("SELECT id, name, url, categories, enabled FROM partners "
                           "ORDER BY id")
        return [_partner(r) for r in found]

    def reports_changed_since(self, since: float, categories: Sequence[str],
                              limit: int = 500) -> list[ReportRow]:
        if not categories:
            return []
        found = self._rows(
            f"SELECT {COLUMNS} FROM reports WHERE updated_at >= %s "  # noqa: S608
            "AND category = ANY(%s) ORDER BY updated_at, seq LIMIT %s",
            (since, list(categories), limit))
        return [rows.report_row(r) for r in found]

    def ensure_forward(self, report_id: str, partner_id: str, message: int,
                       identifier: str, now: float) -> bool:
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO forwards (report_id, partner_id, message, identifier, state, "
                "attempts, next_attempt_at, created_at) VALUES (%s,%s,%s,%s,'pending',0,"
                "%s,%s) ON CONFLICT (partner_id, identifier) DO NOTHING",
                (report_id, partner_id, message, identifier, now, now))
            return cur.rowcount == 1

    def claim_forwards(self, now: float, limit: int, lease_s: float) -> list[Forward]:
        with self._transaction() as conn:
            found = conn.execute(
                f"UPDATE forwards SET attempts = attempts + 1, next_attempt_at = %s "  # noqa: S608
                f"WHERE seq IN (SELECT seq FROM forwards WHERE state = 'pending' AND "
                f"next_attempt_at <= %s ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED) "
                f"RETURNING {_FORWARD_COLUMNS}".encode(),
                (now + lease_s, now, limit)).fetchall()
        return sorted((_forward(r) for r in found), key=lambda f: f.seq)

    def settle_forward(self, seq: int, *, now: float, delivered: bool = False,
                       retry_at: float | None = None, failed: bool = False,
                       error: str | None = None) -> None:
        with self._transaction() as conn:
            if delivered:
                conn.execute("UPDATE forwards SET state='delivered', delivered_at=%s, "
                             "last_error=NULL WHERE seq=%s", (now, seq))
            elif failed:
                conn.execute("UPDATE forwards SET state='failed', last_error=%s "
                             "WHERE seq=%s", (error, seq))
            else:
                conn.execute("UPDATE forwards SET next_attempt_at=%s, last_error=%s "
                             "WHERE seq=%s AND state='pending'",
                             (retry_at if retry_at is not None else now, error, seq))

    def forwards(self, report_id: str) -> list[Forward]:
        found = self._rows(f"SELECT {_FORWARD_COLUMNS} FROM forwards "  # noqa: S608
                           "WHERE report_id=%s ORDER BY seq", (report_id,))
        return [_forward(r) for r in found]
