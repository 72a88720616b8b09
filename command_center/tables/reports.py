"""Reading reports, their history, the inbox and events, and an operator's action on a
report: once for both engines. (Storing what a kiosk sends is each engine's own: the
fastest safe write differs, command_center/sqlite/reports.py and postgres/reports.py.)

The inbox is ordered by arrival (`Engine.ARRIVAL`), the order in which the database
received the rows — a value no kiosk can choose.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from command_center import rows
from command_center.errors import InvalidTransition, NotFound
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
from command_center.tables.session import Engine, Reads, marks

COLUMNS = ("id, ticket, kiosk_id, station, lat, lon, category, priority, language, "
           "created_at, received_at, status, validity, updated_at, body, flags")
OPEN = "status IN ('received', 'acknowledged', 'dispatched')"
EMERGENCY = f"priority = 'emergency' AND {OPEN}"
EXPORT_PAGE = 500


class ReportTables(Engine):
    # `flood` as each engine stores it (an integer on SQLite, a boolean on PostgreSQL),
    # spelt as the inbox index (reports_inbox) is used.
    NOT_FLOODED: ClassVar[str] = "flood = 0"
    FLOODED: ClassVar[str] = "NOT flood = 0"

    def _snapshot(self) -> AbstractContextManager[Reads]:
        """Reads that agree with each other (the inbox's counts and its rows)."""
        raise NotImplementedError

    def report(self, report_id: str) -> ReportRow | None:
        row = self._read().one(f"SELECT {COLUMNS} FROM reports WHERE id=?",  # noqa: S608
                               (report_id,))
        return None if row is None else rows.report_row(row)

    def reports_by_ticket(self, ticket: str) -> list[ReportRow]:
        found = self._read().rows(f"SELECT {COLUMNS} FROM reports WHERE ticket=? "  # noqa: S608
                                  f"ORDER BY {self.ARRIVAL} DESC LIMIT 20", (ticket,))
        return [rows.report_row(r) for r in found]

    def inbox(self, page: int = 1, page_size: int = 50, open_only: bool = False) -> InboxPage:
        page, page_size = max(1, page), max(1, page_size)
        # The inbox's groups, in order. Together they cover every row whatever its
        # values (the columns are NOT NULL), so no stored value can drop a report
        # from every view.
        groups = (f"{EMERGENCY} AND {self.NOT_FLOODED}", f"{EMERGENCY} AND {self.FLOODED}",
                  f"NOT ({EMERGENCY})" + (f" AND {OPEN}" if open_only else ""))
        # Open emergencies take turns by kiosk: every kiosk's newest first, then every
        # kiosk's second newest, and so on. A kiosk that floods, flagged or not yet,
        # holds one place per round, so a real emergency from anywhere else is always
        # in the first round.
        newest = f"{self.ARRIVAL} DESC"
        fair = f"ROW_NUMBER() OVER (PARTITION BY kiosk_id ORDER BY {newest}), {newest}"
        with self._snapshot() as s:
            # Counted from indexes only (reports_inbox, reports_status): the inbox
            # refreshes every few seconds and must not read every row of a large table
            # to say how many there are. The last group is what the first two leave.
            emergencies = [_count(s, where) for where in groups[:2]]
            open_total = _count(s, OPEN)
            everything = open_total if open_only else _count(s, None)
            counts = [*emergencies, max(0, everything - sum(emergencies))]
            skip, want, found = (page - 1) * page_size, page_size, []
            for where, order, count in zip(groups, (fair, fair, newest), counts,
                                           strict=True):
                if want == 0:
                    break
                if skip >= count:
                    skip -= count
                    continue
                found += s.rows(f"SELECT {COLUMNS} FROM reports WHERE {where} "  # noqa: S608
                                f"ORDER BY {order} LIMIT ? OFFSET ?", (want, skip))
                want, skip = page_size - len(found), 0
        return InboxPage(rows=[rows.report_row(r) for r in found], page=page,
                         page_size=page_size, total=sum(counts), open_total=open_total,
                         open_emergencies=counts[0] + counts[1], flooded=counts[1])

    def all_reports(self) -> Iterator[ReportRow]:
        # Read in pages by arrival, not one long cursor: an export of a large table must
        # not hold a connection (and a snapshot) for as long as the client reads.
        after = 0
        while True:
            found = self._read().rows(
                f"SELECT {self.ARRIVAL} AS arrival, {COLUMNS} FROM reports "  # noqa: S608
                f"WHERE {self.ARRIVAL} > ? ORDER BY {self.ARRIVAL} LIMIT ?",
                (after, EXPORT_PAGE))
            if not found:
                return
            after = int(found[-1]["arrival"])
            for r in found:
                yield rows.report_row(r)

    def changes(self, report_id: str) -> list[Change]:
        found = self._read().rows(
            "SELECT report_id, at, operator, action, status, validity, note "
            "FROM report_changes WHERE report_id=? ORDER BY seq", (report_id,))
        return [rows.change_row(r) for r in found]

    def act(self, report_id: str, action: Action, operator: str, note: str = "") -> ReportRow:
        if not self._findable(report_id):
            raise NotFound(f"no report {report_id!r}")
        now = self._clock()
        with self._tx() as s:
            # Under LOCK: two operators (or two centre processes) acting at once are
            # serialised here, so each judges the status the other left.
            row = s.one(f"SELECT status, validity, priority FROM reports WHERE id=?"  # noqa: S608
                        f"{self.LOCK}", (report_id,))
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
            s.run("UPDATE reports SET status=?, validity=?, updated_at=? WHERE id=?",
                  (status.value, validity.value, now, report_id))
            s.run("INSERT INTO report_changes (report_id, at, operator, action, "
                  "status, validity, note) VALUES (?,?,?,?,?,?,?)",
                  (report_id, now, operator, action.value, status.value,
                   validity.value, note))
            s.record(ChangeKind.ACTION, report_id, now, reader.text("priority"))
        self._changed()
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
            sql += f" AND type IN ({marks(len(types))})"
            params.extend(types)
        sql += f" ORDER BY {self.ARRIVAL} DESC LIMIT ?"
        params.append(limit)
        return [rows.event_row(r) for r in self._read().rows(sql, params)]


def duplicate_or_conflict(s: Reads, table: str, item_id: str, digest: str) -> Outcome:
    """An insert of `item_id` did nothing: the same body again, or a different one."""
    row = s.one(f"SELECT body_sha256 FROM {table} WHERE id=?", (item_id,))  # noqa: S608
    return Outcome.DUPLICATE if row is not None and row["body_sha256"] == digest \
        else Outcome.CONFLICT


def _count(s: Reads, where: str | None) -> int:
    row = s.one("SELECT count(*) AS n FROM reports"  # noqa: S608 (constants)
                + (f" WHERE {where}" if where else ""))
    return int(row["n"]) if row else 0
