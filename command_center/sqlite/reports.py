"""Reports, their history and the inbox; events.

Incoming items are stored with `INSERT … ON CONFLICT(id) DO NOTHING`: when two
deliveries of the same id race, SQLite lets exactly one insert win and the other sees
the stored body's hash, so the same report is never stored twice and a different body
under a known id is caught (the 422 case). The inbox is ordered by `rowid`, the order
in which this centre received the rows — a value no kiosk can choose.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from command_center import rows
from command_center.errors import InvalidTransition, NotFound, StoreError
from command_center.flags import Flag
from command_center.live import ChangeKind, PollingFeed
from command_center.model import (
    Action,
    Change,
    EventRow,
    InboxPage,
    Outcome,
    ReportRow,
    Status,
    Validity,
    allowed,
    apply,
)
from command_center.sqlite.base import OPEN, Tables, dicts, one
from command_center.sqlite.changes import record
from command_center.sqlite.kiosks import count_usage
from command_center.store import Incoming
from wire.report import Event, Report
from wire.ticket import ticket_code

COLUMNS = ("id, ticket, kiosk_id, station, lat, lon, category, priority, language, "
           "created_at, received_at, status, validity, updated_at, body, flags")
EMERGENCY = f"priority = 'emergency' AND {OPEN}"
# The inbox's groups, in order. Together they cover every row whatever its values
# (the columns are NOT NULL), so no stored value can drop a report from every view.
GROUPS = (f"{EMERGENCY} AND flood = 0", f"{EMERGENCY} AND NOT flood = 0",
          f"NOT ({EMERGENCY})")
# Open emergencies take turns by kiosk: every kiosk's newest first, then every kiosk's
# second newest, and so on. A kiosk that floods, flagged or not yet, holds one place
# per round, so a real emergency from anywhere else is always in the first round.
FAIR = ("ROW_NUMBER() OVER (PARTITION BY kiosk_id ORDER BY rowid DESC), rowid DESC")
ORDERS = (FAIR, FAIR, "rowid DESC")


class ReportTables(Tables):
    _feed: PollingFeed

    async def put_report(self, report: Report, incoming: Incoming) -> Outcome:
        flood = int(Flag.FLOOD in incoming.flags)
        place = incoming.place
        values = (report.id, ticket_code(report.id), report.kiosk.id, place.station,
                  place.lat, place.lon, report.category, report.priority.value,
                  report.language, report.created_at, incoming.received_at,
                  incoming.received_at, incoming.digest, incoming.canonical,
                  incoming.received_at, " ".join(incoming.flags), flood)

        def insert(conn: sqlite3.Connection) -> Outcome:
            cur = conn.execute(
                "INSERT INTO reports (id, ticket, kiosk_id, station, lat, lon, category, "
                "priority, language, created_at, created_ts, received_at, body_sha256, "
                "body, updated_at, flags, flood) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO NOTHING", values)
            if cur.rowcount == 1:
                count_usage(conn, report.kiosk.id, incoming.received_at,
                            len(incoming.canonical.encode("utf-8")))
                record(conn, ChangeKind.REPORT, report.id, incoming.received_at,
                       report.priority.value)
                return Outcome.CREATED
            return _duplicate_or_conflict(conn, "reports", report.id, incoming.digest)

        try:
            outcome = await self._write(insert)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot store report: {exc}") from exc
        if outcome is Outcome.CREATED:
            self._feed.notify()
        return outcome

    async def put_event(self, event: Event, incoming: Incoming) -> Outcome:
        values = (event.id, event.kiosk.id, event.type, event.priority.value,
                  event.created_at, incoming.received_at, incoming.digest,
                  incoming.canonical, " ".join(incoming.flags))

        def insert(conn: sqlite3.Connection) -> Outcome:
            cur = conn.execute(
                "INSERT INTO events (id, kiosk_id, type, priority, created_at, received_at, "
                "body_sha256, body, flags) VALUES (?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO NOTHING", values)
            if cur.rowcount == 1:
                count_usage(conn, event.kiosk.id, incoming.received_at,
                            len(incoming.canonical.encode("utf-8")))
                record(conn, ChangeKind.EVENT, event.id, incoming.received_at,
                       event.priority.value)
                return Outcome.CREATED
            return _duplicate_or_conflict(conn, "events", event.id, incoming.digest)

        try:
            outcome = await self._write(insert)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot store event: {exc}") from exc
        if outcome is Outcome.CREATED:
            self._feed.notify()
        return outcome

    # -- reading -------------------------------------------------------------------------

    def report(self, report_id: str) -> ReportRow | None:
        row = one(self.db.conn().execute(
            f"SELECT {COLUMNS} FROM reports WHERE id=?", (report_id,)))  # noqa: S608
        return None if row is None else rows.report_row(row)

    def reports_by_ticket(self, ticket: str) -> list[ReportRow]:
        found = dicts(self.db.conn().execute(
            f"SELECT {COLUMNS} FROM reports WHERE ticket=? "  # noqa: S608
            "ORDER BY rowid DESC LIMIT 20", (ticket,)))
        return [rows.report_row(r) for r in found]

    def inbox(self, page: int = 1, page_size: int = 50, open_only: bool = False) -> InboxPage:
        conn = self.db.conn()
        page, page_size = max(1, page), max(1, page_size)
        groups = GROUPS[:2] + ((f"{GROUPS[2]} AND {OPEN}",) if open_only else GROUPS[2:])
        # Counted from indexes only (reports_inbox, reports_status): the inbox refreshes
        # every few seconds and must not read every row of a large table to say how
        # many there are. The last group is what the first two leave.
        emergencies = [_count(conn, where) for where in groups[:2]]
        open_total = _count(conn, OPEN)
        everything = open_total if open_only else int(
            conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        counts = [*emergencies, max(0, everything - sum(emergencies))]
        skip, want, found = (page - 1) * page_size, page_size, []
        for where, order, count in zip(groups, ORDERS, counts, strict=True):
            if want == 0:
                break
            if skip >= count:
                skip -= count
                continue
            found += dicts(conn.execute(
                f"SELECT {COLUMNS} FROM reports WHERE {where} "  # noqa: S608
                f"ORDER BY {order} LIMIT ? OFFSET ?", (want, skip)))
            want, skip = page_size - len(found), 0
        return InboxPage(rows=[rows.report_row(r) for r in found], page=page,
                         page_size=page_size, total=sum(counts), open_total=open_total,
                         open_emergencies=counts[0] + counts[1], flooded=counts[1])

    def all_reports(self) -> Iterator[ReportRow]:
        cur = self.db.conn().execute(
            f"SELECT {COLUMNS} FROM reports ORDER BY rowid")  # noqa: S608
        names = [d[0] for d in cur.description]
        for row in cur:
            yield rows.report_row(dict(zip(names, row, strict=True)))

    def changes(self, report_id: str) -> list[Change]:
        found = dicts(self.db.conn().execute(
            "SELECT report_id, at, operator, action, status, validity, note "
            "FROM report_changes WHERE report_id=? ORDER BY seq", (report_id,)))
        return [rows.change_row(r) for r in found]

    def act(self, report_id: str, action: Action, operator: str, note: str = "") -> ReportRow:
        now = self._clock()
        with self.db.transaction() as conn:
            row = one(conn.execute("SELECT status, validity, priority FROM reports WHERE id=?",
                                   (report_id,)))
            if row is None:
                raise NotFound(f"no report {report_id}")
            reader = rows.Reader(row)
            # A status this version cannot read counts as open: an operator can still
            # work the report to its end.
            status = reader.enum("status", Status, Status.RECEIVED)
            validity = reader.enum("validity", Validity, Validity.UNKNOWN)
            if not allowed(action, status, validity):
                raise InvalidTransition(f"cannot {action.label.lower()} a report that is "
                                        f"{status.value}")
            status, validity = apply(action, status, validity)
            conn.execute("UPDATE reports SET status=?, validity=?, updated_at=? WHERE id=?",
                         (status.value, validity.value, now, report_id))
            conn.execute("INSERT INTO report_changes (report_id, at, operator, action, "
                         "status, validity, note) VALUES (?,?,?,?,?,?,?)",
                         (report_id, now, operator, action.value, status.value,
                          validity.value, note))
            record(conn, ChangeKind.ACTION, report_id, now, reader.text("priority"))
        self._feed.notify()
        updated = self.report(report_id)
        assert updated is not None
        return updated

    def events(self, kiosk_id: str | None = None, types: Sequence[str] = (),
               since: float = 0.0, limit: int = 200) -> list[EventRow]:
        sql = ("SELECT id, kiosk_id, type, priority, created_at, received_at, body, flags "
               "FROM events WHERE received_at >= ?")
        params: list[Any] = [since]
        if kiosk_id is not None:
            sql += " AND kiosk_id = ?"
            params.append(kiosk_id)
        if types:
            sql += f" AND type IN ({','.join('?' * len(types))})"
            params.extend(types)
        sql += " ORDER BY rowid DESC LIMIT ?"
        params.append(limit)
        return [rows.event_row(r) for r in dicts(self.db.conn().execute(sql, params))]


def _count(conn: sqlite3.Connection, where: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM reports WHERE {where}").fetchone()[0])  # noqa: S608


def _duplicate_or_conflict(conn: sqlite3.Connection, table: str, item_id: str,
                           digest: str) -> Outcome:
    row = conn.execute(f"SELECT body_sha256 FROM {table} WHERE id=?",  # noqa: S608
                       (item_id,)).fetchone()
    return Outcome.DUPLICATE if row is not None and row[0] == digest else Outcome.CONFLICT
