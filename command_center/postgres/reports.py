"""Reports, their history and the inbox; events.

Incoming items are stored with `INSERT … ON CONFLICT (id) DO NOTHING`: when two
deliveries of the same id race — on two connections, in two centre processes — the
second insert waits for the first transaction and then does nothing, and sees the stored
body's hash; so the same report is never stored twice and a different body under a known
id is caught (the 422 case). The inbox is ordered by `seq`, the order in which the
database received the rows — a value no kiosk can choose.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from command_center import rows
from command_center.errors import InvalidTransition, NotFound
from command_center.flags import Flag
from command_center.live import ChangeKind
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
from command_center.postgres.base import CHANNEL, OPEN, representable
from command_center.postgres.changes import record
from command_center.postgres.kiosks import HOUR, KioskTables
from command_center.postgres.pool import Conn
from command_center.store import Incoming
from wire.report import Event, Report
from wire.ticket import ticket_code

COLUMNS = ("id, ticket, kiosk_id, station, lat, lon, category, priority, language, "
           "created_at, received_at, status, validity, updated_at, body, flags")
EMERGENCY = f"priority = 'emergency' AND {OPEN}"
# The inbox's groups, in order (as on SQLite: command_center/sqlite/reports.py). The
# columns are NOT NULL, so together they cover every row whatever its values.
GROUPS = (f"{EMERGENCY} AND NOT flood", f"{EMERGENCY} AND flood", f"NOT ({EMERGENCY})")
FAIR = "ROW_NUMBER() OVER (PARTITION BY kiosk_id ORDER BY seq DESC), seq DESC"
ORDERS = (FAIR, FAIR, "seq DESC")


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


class ReportTables(KioskTables):
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
        return _duplicate_or_conflict(conn, table, str(values["id"]), str(values["digest"]))

    # -- reading -------------------------------------------------------------------------

    def report(self, report_id: str) -> ReportRow | None:
        row = self._one(f"SELECT {COLUMNS} FROM reports WHERE id=%s",  # noqa: S608
                        (report_id,))
        return None if row is None else rows.report_row(row)

    def reports_by_ticket(self, ticket: str) -> list[ReportRow]:
        found = self._rows(f"SELECT {COLUMNS} FROM reports WHERE ticket=%s "  # noqa: S608
                           "ORDER BY seq DESC LIMIT 20", (ticket,))
        return [rows.report_row(r) for r in found]

    def inbox(self, page: int = 1, page_size: int = 50, open_only: bool = False) -> InboxPage:
        page, page_size = max(1, page), max(1, page_size)
        groups = GROUPS[:2] + ((f"{GROUPS[2]} AND {OPEN}",) if open_only else GROUPS[2:])
        with self.pool.connection() as conn, conn.transaction():
            # One snapshot for the counts and the rows: a page never disagrees with
            # its own totals while kiosks write.
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            emergencies = [_count(conn, where) for where in groups[:2]]
            open_total = _count(conn, OPEN)
            everything = open_total if open_only else _count(conn, "true")
            counts = [*emergencies, max(0, everything - sum(emergencies))]
            skip, want, found = (page - 1) * page_size, page_size, []
            for where, order, count in zip(groups, ORDERS, counts, strict=True):
                if want == 0:
                    break
                if skip >= count:
                    skip -= count
                    continue
                found += conn.execute(
                    f"SELECT {COLUMNS} FROM reports WHERE {where} "  # noqa: S608
                    f"ORDER BY {order} LIMIT %s OFFSET %s".encode(), (want, skip)).fetchall()
                want, skip = page_size - len(found), 0
        return InboxPage(rows=[rows.report_row(r) for r in found], page=page,
                         page_size=page_size, total=sum(counts), open_total=open_total,
                         open_emergencies=counts[0] + counts[1], flooded=counts[1])

    def all_reports(self) -> Iterator[ReportRow]:
        # Read in pages by seq, not one long cursor: an export of a national table must
        # not hold a connection (and a snapshot) for as long as the client reads.
        after = 0
        while True:
            found = self._rows(f"SELECT seq, {COLUMNS} FROM reports "  # noqa: S608
                               "WHERE seq > %s ORDER BY seq LIMIT 500", (after,))
            if not found:
                return
            after = int(found[-1]["seq"])
            for r in found:
                yield rows.report_row(r)

    def changes(self, report_id: str) -> list[Change]:
        found = self._rows("SELECT report_id, at, operator, action, status, validity, note "
                           "FROM report_changes WHERE report_id=%s ORDER BY seq", (report_id,))
        return [rows.change_row(r) for r in found]

    def act(self, report_id: str, action: Action, operator: str, note: str = "") -> ReportRow:
        if not representable((report_id,)):
            raise NotFound(f"no report {report_id!r}")
        now = self._clock()
        with self._transaction() as conn:
            # FOR UPDATE: two operators (or two centre processes) acting at once are
            # serialised here, so each judges the status the other left.
            row = conn.execute("SELECT status, validity, priority FROM reports WHERE id=%s "
                               "FOR UPDATE", (report_id,)).fetchone()
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
            conn.execute("UPDATE reports SET status=%s, validity=%s, updated_at=%s "
                         "WHERE id=%s", (status.value, validity.value, now, report_id))
            conn.execute("INSERT INTO report_changes (report_id, at, operator, action, "
                         "status, validity, note) VALUES (%s,%s,%s,%s,%s,%s,%s)",
                         (report_id, now, operator, action.value, status.value,
                          validity.value, note))
            record(conn, ChangeKind.ACTION, report_id, now, reader.text("priority"))
        updated = self.report(report_id)
        assert updated is not None
        return updated

    def events(self, kiosk_id: str | None = None, types: Sequence[str] = (),
               since: float = 0.0, limit: int = 200) -> list[EventRow]:
        sql = ("SELECT id, kiosk_id, type, priority, created_at, received_at, body, flags "
               "FROM events WHERE received_at >= %s")
        params: list[Any] = [since]
        if kiosk_id is not None:
            sql += " AND kiosk_id = %s"
            params.append(kiosk_id)
        if types:
            sql += " AND type = ANY(%s)"
            params.append(list(types))
        sql += " ORDER BY seq DESC LIMIT %s"
        params.append(limit)
        return [rows.event_row(r) for r in self._rows(sql, params)]


def _common(item_id: str, kiosk_id: str, priority: str,
            incoming: Incoming) -> dict[str, Any]:
    return {"id": item_id, "kiosk": kiosk_id, "priority": priority,
            "at": incoming.received_at, "digest": incoming.digest,
            "body": incoming.canonical, "flags": " ".join(incoming.flags),
            "hour": int(incoming.received_at // HOUR),
            "size": len(incoming.canonical.encode("utf-8")), "channel": CHANNEL}


def _count(conn: Conn, where: str) -> int:
    row = conn.execute(f"SELECT count(*) AS n FROM reports WHERE {where}".encode()  # noqa: S608
                       ).fetchone()
    return int(row["n"]) if row else 0


def _duplicate_or_conflict(conn: Conn, table: str, item_id: str, digest: str) -> Outcome:
    row = conn.execute(f"SELECT body_sha256 FROM {table} WHERE id=%s".encode(),  # noqa: S608
                       (item_id,)).fetchone()
    return Outcome.DUPLICATE if row is not None and row["body_sha256"] == digest \
        else Outcome.CONFLICT
