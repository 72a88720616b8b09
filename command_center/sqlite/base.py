"""What the parts of the SQLite engine share."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from command_center.db import Database
from command_center.live import ChangeKind, PollingFeed
from command_center.tables.session import Engine, Params

T = TypeVar("T")
KEEP = 100_000        # change rows kept; older ones go (clients past them re-query all)
PRUNE_EVERY = 1_000


class Tables(Engine):
    """Attributes SqliteStore provides to each part."""

    db: Database
    _clock: Callable[[], float]
    _feed: PollingFeed

    async def _write(self, write: Callable[[sqlite3.Connection], T]) -> T:
        raise NotImplementedError

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self.db.transaction() as conn:   # BEGIN IMMEDIATE: one writer at a time
            yield Session(conn)

    def _read(self) -> Session:
        return Session(self.db.conn())

    def _changed(self) -> None:
        self._feed.notify()


class Session:
    """`command_center.tables.session.Session` on one SQLite connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return dicts(self.conn.execute(sql, params))

    def one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        return one(self.conn.execute(sql, params))

    def run(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(sql, params).rowcount

    def record(self, kind: ChangeKind, ref: str, at: float, priority: str = "") -> None:
        record(self.conn, kind, ref, at, priority)


def record(conn: sqlite3.Connection, kind: ChangeKind, ref: str, at: float,
           priority: str = "") -> int:
    """Append one change in the caller's transaction; its sequence number."""
    seq = int(conn.execute("INSERT INTO live_changes (at, kind, ref, priority) "
                           "VALUES (?,?,?,?) RETURNING seq",
                           (at, kind.value, ref, priority)).fetchone()[0])
    if seq % PRUNE_EVERY == 0:
        conn.execute("DELETE FROM live_changes WHERE seq <= ?", (seq - KEEP,))
    return seq


def dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(cursor: sqlite3.Cursor) -> dict[str, Any] | None:
    rows = dicts(cursor)
    return rows[0] if rows else None
