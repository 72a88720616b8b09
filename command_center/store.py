"""Everything the command centre keeps: kiosks, operators, reports, their history, events.

Incoming reports and events are stored with `INSERT … ON CONFLICT(id) DO NOTHING`: when
two deliveries of the same id race, SQLite lets exactly one insert win and the other
sees the stored body's hash, so the same report is never stored twice and a different
body under a known id is caught (the 422 case).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from command_center import auth
from command_center.db import DB_FILE, Checkpointer, Database, GroupCommit, Synchronous
from command_center.errors import AlreadyExists, InvalidTransition, NotFound, StoreError
from command_center.model import (
    Action,
    Change,
    EventRow,
    KioskRow,
    Outcome,
    ReportRow,
    Status,
    Validity,
    allowed,
    apply,
)
from wire.report import Event, Report
from wire.ticket import ticket_code

T = TypeVar("T")
_REPORT_COLUMNS = ("id, ticket, kiosk_id, station, lat, lon, category, priority, language, "
                   "created_at, received_at, status, validity, updated_at, body")


class Store:
    def __init__(self, data_dir: Path, synchronous: Synchronous = "normal",
                 clock: Callable[[], float] = time.time) -> None:
        self.db = Database(data_dir / DB_FILE, synchronous)
        self._clock = clock
        self._checkpointer = (Checkpointer(self.db.path).start()
                              if synchronous == "normal" else None)
        # Under FULL, kiosk writes share fsyncs (db.GroupCommit); under NORMAL a commit
        # costs ~0.2 ms and runs on the caller's own connection.
        self._group = GroupCommit(self.db) if synchronous == "full" else None

    def close(self) -> None:
        if self._group is not None:
            self._group.stop()
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.db.close()

    async def _write(self, write: Callable[[sqlite3.Connection], T]) -> T:
        """Run `write` in a committed transaction without blocking the event loop: under
        FULL in the writer thread's next group (the fsync is waited for there), under
        NORMAL right here (autocommit; a commit without fsync takes ~0.2 ms)."""
        if self._group is not None:
            return await asyncio.wrap_future(self._group.submit(write))
        return write(self.db.conn())

    # -- kiosks and operators ------------------------------------------------------

    def add_kiosk(self, kiosk_id: str) -> str:
        """Register `kiosk_id`; returns its new token (only its hash is kept)."""
        token = auth.new_token()
        try:
            with self.db.transaction() as conn:
                conn.execute("INSERT INTO kiosks (id, token_hash, registered_at) "
                             "VALUES (?, ?, ?)", (kiosk_id, auth.token_hash(token),
                                                  self._clock()))
        except sqlite3.IntegrityError:
            raise AlreadyExists(f"kiosk {kiosk_id!r} is already registered") from None
        return token

    def rotate_kiosk_token(self, kiosk_id: str) -> str:
        token = auth.new_token()
        with self.db.transaction() as conn:
            cur = conn.execute("UPDATE kiosks SET token_hash=? WHERE id=?",
                               (auth.token_hash(token), kiosk_id))
            if cur.rowcount == 0:
                raise NotFound(f"no kiosk {kiosk_id!r}")
        return token

    def kiosk_for_token(self, token: str) -> str | None:
        row = self.db.conn().execute("SELECT id FROM kiosks WHERE token_hash=?",
                                     (auth.token_hash(token),)).fetchone()
        return None if row is None else str(row[0])

    def add_operator(self, name: str, password: str) -> None:
        try:
            with self.db.transaction() as conn:
                conn.execute("INSERT INTO operators (name, password_hash, created_at) "
                             "VALUES (?, ?, ?)", (name, auth.hash_password(password),
                                                  self._clock()))
        except sqlite3.IntegrityError:
            raise AlreadyExists(f"operator {name!r} already exists") from None

    def operator_password_hash(self, name: str) -> str | None:
        row = self.db.conn().execute("SELECT password_hash FROM operators WHERE name=?",
                                     (name,)).fetchone()
        return None if row is None else str(row[0])

    # -- what kiosks send ------------------------------------------------------------

    async def put_report(self, report: Report, canonical: str, digest: str) -> Outcome:
        now = self._clock()
        created_ts = _epoch(report.created_at, now)

        def insert(conn: sqlite3.Connection) -> Outcome:
            cur = conn.execute(
                "INSERT INTO reports (id, ticket, kiosk_id, station, lat, lon, category, "
                "priority, language, created_at, created_ts, received_at, body_sha256, "
                "body, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO NOTHING",
                (report.id, ticket_code(report.id), report.kiosk.id, report.kiosk.station,
                 report.kiosk.lat, report.kiosk.lon, report.category,
                 report.priority.value, report.language, report.created_at, created_ts,
                 now, digest, canonical, now))
            if cur.rowcount == 1:
                return Outcome.CREATED
            return _duplicate_or_conflict(conn, "reports", report.id, digest)

        try:
            return await self._write(insert)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot store report: {exc}") from exc

    async def put_event(self, event: Event, canonical: str, digest: str) -> Outcome:
        received = self._clock()

        def insert(conn: sqlite3.Connection) -> Outcome:
            cur = conn.execute(
                "INSERT INTO events (id, kiosk_id, type, priority, created_at, received_at, "
                "body_sha256, body) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                (event.id, event.kiosk.id, event.type, event.priority.value,
                 event.created_at, received, digest, canonical))
            if cur.rowcount == 1:
                return Outcome.CREATED
            return _duplicate_or_conflict(conn, "events", event.id, digest)

        try:
            return await self._write(insert)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot store event: {exc}") from exc

    async def put_heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> None:
        values = (self._clock(), json.dumps(body, ensure_ascii=False), kiosk_id)
        try:
            await self._write(lambda conn: conn.execute(
                "UPDATE kiosks SET last_heartbeat_at=?, heartbeat=? WHERE id=?", values))
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot store heartbeat: {exc}") from exc

    # -- reading reports ---------------------------------------------------------------

    def report(self, report_id: str) -> ReportRow | None:
        row = self.db.conn().execute(f"SELECT {_REPORT_COLUMNS} FROM reports WHERE id=?",  # noqa: S608
                                     (report_id,)).fetchone()
        return None if row is None else _report_row(row)

    def reports_by_ticket(self, ticket: str) -> list[ReportRow]:
        rows = self.db.conn().execute(
            f"SELECT {_REPORT_COLUMNS} FROM reports WHERE ticket=? "  # noqa: S608
            "ORDER BY created_ts DESC", (ticket,)).fetchall()
        return [_report_row(r) for r in rows]

    def inbox(self, limit: int = 200, open_only: bool = False) -> list[ReportRow]:
        """Open emergencies first, then everything newest first (by the kiosk's time)."""
        where = "WHERE status IN ('received','acknowledged','dispatched')" if open_only else ""
        rows = self.db.conn().execute(
            f"SELECT {_REPORT_COLUMNS} FROM reports {where} "  # noqa: S608
            "ORDER BY (priority='emergency' AND status IN "
            "('received','acknowledged','dispatched')) DESC, created_ts DESC, received_at DESC "
            "LIMIT ?",
            (limit,)).fetchall()
        return [_report_row(r) for r in rows]

    def all_reports(self) -> Iterator[ReportRow]:
        """Every report, oldest first: for exports."""
        cur = self.db.conn().execute(
            f"SELECT {_REPORT_COLUMNS} FROM reports ORDER BY created_ts")  # noqa: S608
        for row in cur:
            yield _report_row(row)

    def changes(self, report_id: str) -> list[Change]:
        rows = self.db.conn().execute(
            "SELECT report_id, at, operator, action, status, validity, note "
            "FROM report_changes WHERE report_id=? ORDER BY seq", (report_id,)).fetchall()
        return [Change(r[0], r[1], r[2], Action(r[3]), Status(r[4]), Validity(r[5]), r[6])
                for r in rows]

    # -- the 110 flow ------------------------------------------------------------------

    def act(self, report_id: str, action: Action, operator: str, note: str = "") -> ReportRow:
        """Apply `action` by `operator`, recording who did what when, in one transaction."""
        now = self._clock()
        with self.db.transaction() as conn:
            row = conn.execute("SELECT status, validity FROM reports WHERE id=?",
                               (report_id,)).fetchone()
            if row is None:
                raise NotFound(f"no report {report_id}")
            status, validity = Status(row[0]), Validity(row[1])
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
        updated = self.report(report_id)
        assert updated is not None
        return updated

    # -- the fleet ---------------------------------------------------------------------

    def kiosks(self) -> list[KioskRow]:
        rows = self.db.conn().execute(
            "SELECT k.id, k.registered_at, k.last_heartbeat_at, k.heartbeat, "
            "(SELECT station || char(31) || lat || char(31) || lon FROM reports r "
            " WHERE r.kiosk_id = k.id ORDER BY received_at DESC LIMIT 1), "
            "(SELECT body FROM events e WHERE e.kiosk_id = k.id "
            " ORDER BY received_at DESC LIMIT 1) FROM kiosks k ORDER BY k.id").fetchall()
        return [_kiosk_row(r) for r in rows]

    def events(self, kiosk_id: str | None = None, types: tuple[str, ...] = (),
               since: float = 0.0, limit: int = 200) -> list[EventRow]:
        sql = ("SELECT id, kiosk_id, type, priority, created_at, received_at, body "
               "FROM events WHERE received_at >= ?")
        params: list[Any] = [since]
        if kiosk_id is not None:
            sql += " AND kiosk_id = ?"
            params.append(kiosk_id)
        if types:
            sql += f" AND type IN ({','.join('?' * len(types))})"
            params.extend(types)
        sql += " ORDER BY received_at DESC LIMIT ?"
        params.append(limit)
        rows = self.db.conn().execute(sql, params).fetchall()
        return [EventRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]).get("data", {}))
                for r in rows]


def _duplicate_or_conflict(conn: sqlite3.Connection, table: str, item_id: str,
                           digest: str) -> Outcome:
    row = conn.execute(f"SELECT body_sha256 FROM {table} WHERE id=?",  # noqa: S608
                       (item_id,)).fetchone()
    return Outcome.DUPLICATE if row is not None and row[0] == digest else Outcome.CONFLICT


def _report_row(row: tuple[Any, ...]) -> ReportRow:
    return ReportRow(id=row[0], ticket=row[1], kiosk_id=row[2], station=row[3], lat=row[4],
                     lon=row[5], category=row[6], priority=row[7], language=row[8],
                     created_at=row[9], received_at=row[10], status=Status(row[11]),
                     validity=Validity(row[12]), updated_at=row[13], body=json.loads(row[14]))


def _kiosk_row(row: tuple[Any, ...]) -> KioskRow:
    station, lat, lon = None, None, None
    if row[4]:
        station, lat_text, lon_text = row[4].split("\x1f")
        lat, lon = float(lat_text), float(lon_text)
    elif row[5]:  # no report yet: the location from its latest event
        kiosk = json.loads(row[5]).get("kiosk", {})
        station, lat, lon = kiosk.get("station"), kiosk.get("lat"), kiosk.get("lon")
    return KioskRow(id=row[0], registered_at=row[1], station=station, lat=lat, lon=lon,
                    last_heartbeat_at=row[2],
                    heartbeat=None if row[3] is None else json.loads(row[3]))


def _epoch(rfc3339_text: str, default: float) -> float:
    try:
        return datetime.fromisoformat(rfc3339_text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return default
