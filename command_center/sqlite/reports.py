"""Storing reports and events on SQLite (command_center/tables/reports.py reads them).

Incoming items are stored with `INSERT … ON CONFLICT(id) DO NOTHING`: when two
deliveries of the same id race, SQLite lets exactly one insert win and the other sees
the stored body's hash, so the same report is never stored twice and a different body
under a known id is caught (the 422 case).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from command_center.errors import StoreError
from command_center.flags import Flag
from command_center.live import ChangeKind
from command_center.model import Outcome
from command_center.sqlite.base import Session, Tables, record
from command_center.sqlite.kiosks import count_usage
from command_center.store import Incoming
from command_center.tables import reports
from command_center.tables.reports import COLUMNS, duplicate_or_conflict
from wire.report import Event, Report
from wire.ticket import ticket_code

__all__ = ["COLUMNS", "ReportTables"]
REPORT_INSERT = (
    "INSERT INTO reports (id, ticket, kiosk_id, station, lat, lon, category, priority, "
    "language, created_at, created_ts, received_at, body_sha256, body, updated_at, flags, "
    "flood) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING")
EVENT_INSERT = (
    "INSERT INTO events (id, kiosk_id, type, priority, created_at, received_at, "
    "body_sha256, body, flags) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING")


class ReportTables(reports.ReportTables, Tables):
    @contextmanager
    def _snapshot(self) -> Iterator[Session]:
        yield self._read()

    async def put_report(self, report: Report, incoming: Incoming) -> Outcome:
        place = incoming.place
        return await self._store("reports", REPORT_INSERT, report, ChangeKind.REPORT,
                                 incoming, values=(
            report.id, ticket_code(report.id), report.kiosk.id, place.station, place.lat,
            place.lon, report.category, report.priority.value, report.language,
            report.created_at, incoming.received_at, incoming.received_at, incoming.digest,
            incoming.canonical, incoming.received_at, " ".join(incoming.flags),
            int(Flag.FLOOD in incoming.flags)))

    async def put_event(self, event: Event, incoming: Incoming) -> Outcome:
        return await self._store("events", EVENT_INSERT, event, ChangeKind.EVENT,
                                 incoming, values=(
            event.id, event.kiosk.id, event.type, event.priority.value, event.created_at,
            incoming.received_at, incoming.digest, incoming.canonical,
            " ".join(incoming.flags)))

    async def _store(self, table: str, insert: str, item: Report | Event, kind: ChangeKind,
                     incoming: Incoming, *, values: tuple[object, ...]) -> Outcome:
        """Store the item once, and in the same transaction count its bytes against the
        kiosk's usage and append its change (only if it was new)."""

        def write(conn: sqlite3.Connection) -> Outcome:
            if conn.execute(insert, values).rowcount == 1:
                count_usage(conn, item.kiosk.id, incoming.received_at,
                            len(incoming.canonical.encode("utf-8")))
                record(conn, kind, item.id, incoming.received_at, item.priority.value)
                return Outcome.CREATED
            return duplicate_or_conflict(Session(conn), table, item.id, incoming.digest)

        try:
            outcome = await self._write(write)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot store {table.removesuffix('s')}: {exc}") from exc
        if outcome is Outcome.CREATED:
            self._changed()
        return outcome
