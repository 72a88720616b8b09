"""Storing reports and events on PostgreSQL (command_center/tables/reports.py reads them,
and acts on them).

Incoming items are stored with `INSERT … ON CONFLICT (id) DO NOTHING`: when two
deliveries of the same id race — on two connections, in two centre processes — the
second insert waits for the first transaction and then does nothing, and sees the stored
body's hash; so the same report is never stored twice and a different body under a known
id is caught (the 422 case).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from command_center.flags import Flag
from command_center.live import ChangeKind
from command_center.model import Outcome
from command_center.postgres.base import CHANNEL, Session
from command_center.postgres.kiosks import HOUR, KioskTables
from command_center.postgres.pool import Conn
from command_center.store import Incoming
from command_center.tables import reports
from command_center.tables.reports import COLUMNS, duplicate_or_conflict
from wire.report import Event, Report
from wire.ticket import ticket_code

__all__ = ["COLUMNS", "ReportTables"]


REPORT_INSERT = (
    "INSERT INTO reports (id, ticket, kiosk_id, station, lat, lon, category, priority, "
    "language, created_at, created_ts, received_at, body_sha256, body, updated_at, flags, "
    "flood) VALUES (%(id)s, %(ticket)s, %(kiosk)s, %(station)s, %(lat)s, %(lon)s, "
    "%(category)s, %(priority)s, %(language)s, %(created_at)s, %(at)s, %(at)s, "
    "%(digest)s, %(body)s, %(at)s, %(flags)s, %(flood)s) ON CONFLICT (id) DO NOTHING "
    "RETURNING id")
EVENT_INSERT = (
    "INSERT INTO events (id, kiosk_id, type, priority, created_at, received_at, "
    "body_sha256, body, flags) VALUES (%(id)s, %(kiosk)s, %(type)s, %(priority)s, "
    "%(created_at)s, %(at)s, %(digest)s, %(body)s, %(flags)s) "
    "ON CONFLICT (id) DO NOTHING RETURNING id")
# One statement stores the item, counts its bytes against the kiosk's usage, appends
# its change and sends the NOTIFY — all only if the row was new, all in the statement's
# one transaction: one round trip per kiosk write instead of six (BEGIN, three
# INSERTs, the NOTIFY, COMMIT).
STORE_ONCE = (
    "WITH ins AS ({insert}), "
    "usage AS (INSERT INTO kiosk_usage (kiosk_id, hour, bytes, items) "
    " SELECT %(kiosk)s, %(hour)s, %(size)s, 1 FROM ins ON CONFLICT (kiosk_id, hour) DO "
    " UPDATE SET bytes = kiosk_usage.bytes + excluded.bytes, "
    " items = kiosk_usage.items + 1 RETURNING 1), "
    "change AS (INSERT INTO live_changes (at, kind, ref, priority) "
    " SELECT %(at)s, %(kind)s, id, %(priority)s FROM ins RETURNING 1) "
    "SELECT (SELECT count(*) FROM ins) AS created, "
    "(SELECT pg_notify(%(channel)s, 'live_changes') FROM ins) AS notified")


class ReportTables(reports.ReportTables, KioskTables):
    NOT_FLOODED = "NOT flood"
    FLOODED = "flood"

    @contextmanager
    def _snapshot(self) -> Iterator[Session]:
        with self.pool.connection() as conn, conn.transaction():
            # One snapshot for the counts and the rows: a page never disagrees with
            # its own totals while kiosks write.
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield Session(conn)

    async def put_report(self, report: Report, incoming: Incoming) -> Outcome:
        place = incoming.place
        values = {"ticket": ticket_code(report.id), "station": place.station,
                  "lat": place.lat, "lon": place.lon, "category": report.category,
                  "language": report.language, "created_at": report.created_at,
                  "flood": Flag.FLOOD in incoming.flags, "kind": ChangeKind.REPORT.value,
                  **_common(report.id, report.kiosk.id, report.priority.value, incoming)}
        return await self._write(lambda conn: self._store_once(
            conn, "reports", REPORT_INSERT, values), transaction=False)

    async def put_event(self, event: Event, incoming: Incoming) -> Outcome:
        values = {"type": event.type, "created_at": event.created_at,
                  "kind": ChangeKind.EVENT.value,
                  **_common(event.id, event.kiosk.id, event.priority.value, incoming)}
        return await self._write(lambda conn: self._store_once(
            conn, "events", EVENT_INSERT, values), transaction=False)

    def _store_once(self, conn: Conn, table: str, insert: str,
                    values: dict[str, Any]) -> Outcome:
        row = conn.execute(STORE_ONCE.format(insert=insert).encode(), values).fetchone()
        if row is not None and row["created"] == 1:
            self._usage_stored(conn, int(values["hour"]))
            return Outcome.CREATED
        return duplicate_or_conflict(Session(conn), table, str(values["id"]),
                                     str(values["digest"]))


def _common(item_id: str, kiosk_id: str, priority: str,
            incoming: Incoming) -> dict[str, Any]:
    return {"id": item_id, "kiosk": kiosk_id, "priority": priority,
            "at": incoming.received_at, "digest": incoming.digest,
            "body": incoming.canonical, "flags": " ".join(incoming.flags),
            "hour": int(incoming.received_at // HOUR),
            "size": len(incoming.canonical.encode("utf-8")), "channel": CHANNEL}
