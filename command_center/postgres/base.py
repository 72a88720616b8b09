"""What the parts of the PostgreSQL engine share."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar

from command_center.live import ChangeKind
from command_center.postgres.pool import Conn, Pool
from command_center.tables.session import Engine

T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any]
# One channel for every change the live inbox cares about; the payload names the table.
# The table is the truth: a listener re-queries, it never reads rows from the payload.
CHANNEL = "kiosk110_changed"
__all__ = ["CHANNEL", "Tables", "notify", "record"]


class Tables(Engine):
    """Attributes PostgresStore provides to each part."""

    LOCK = " FOR UPDATE"
    SKIP_LOCKED = " FOR UPDATE SKIP LOCKED"
    ARRIVAL = "seq"
    pool: Pool
    _clock: Callable[[], float]

    async def _write(self, write: Callable[[Conn], T], transaction: bool = True) -> T:
        raise NotImplementedError

    @contextmanager
    def _transaction(self) -> Iterator[Conn]:
        with self.pool.connection() as conn, conn.transaction():
            yield conn

    def _rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        if not representable(params):
            return []   # no stored row can hold such a value: nothing matches
        with self.pool.connection() as conn:
            return list(conn.execute(sql.encode(), params).fetchall())

    def _one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        found = self._rows(sql, params)
        return found[0] if found else None

    # -- what the shared tables (command_center.tables) run on ---------------------------

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._transaction() as conn:
            yield Session(conn)

    def _read(self) -> Reader:
        return Reader(self)

    def _findable(self, *keys: str) -> bool:
        return representable(keys)


@lru_cache(maxsize=512)
def dialect(sql: str) -> bytes:
    """Shared SQL (`?` placeholders) as psycopg takes it (`%s`)."""
    return sql.replace("%", "%%").replace("?", "%s").encode()


class Session:
    """`command_center.tables.session.Session` on one connection (in a transaction)."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return list(self.conn.execute(dialect(sql), params).fetchall())

    def one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        return self.conn.execute(dialect(sql), params).fetchone()

    def run(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(dialect(sql), params).rowcount

    def record(self, kind: ChangeKind, ref: str, at: float, priority: str = "") -> None:
        record(self.conn, kind, ref, at, priority)


class Reader:
    """Reads outside a transaction, each on a pooled connection; a key PostgreSQL could
    not store matches nothing (`representable`)."""

    def __init__(self, tables: Tables) -> None:
        self._tables = tables

    def rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        if not representable(params):
            return []
        with self._tables.pool.connection() as conn:
            return list(conn.execute(dialect(sql), params).fetchall())

    def one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None


def representable(params: Params) -> bool:
    """Whether PostgreSQL can take every text parameter: it refuses NUL characters and
    text that is not valid UTF-8 (a lone surrogate), where SQLite looks them up and
    finds nothing. A key from outside (a URL path, a form's username) that cannot be
    stored cannot match a stored row either."""
    values = params.values() if isinstance(params, dict) else params
    for value in values:
        if isinstance(value, str):
            if "\0" in value:
                return False
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return False
    return True


def record(conn: Conn, kind: ChangeKind, ref: str, at: float, priority: str = "") -> None:
    """Append one change in the caller's transaction, and wake listeners on commit."""
    conn.execute("INSERT INTO live_changes (at, kind, ref, priority) VALUES (%s,%s,%s,%s)",
                 (at, kind.value, ref, priority))
    notify(conn, "live_changes")


def notify(conn: Conn, table: str) -> None:
    """Tell listeners `table` changed: delivered when (and only if) this transaction
    commits, so nobody is woken for a change that was rolled back."""
    conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, table))
