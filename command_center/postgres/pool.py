"""A small bounded pool of PostgreSQL connections, shared by every thread of a process.

psycopg_pool is not in our locks, and what we need is small: at most `size` connections,
each used by one thread at a time, autocommit (a transaction is always explicit:
`conn.transaction()`), and a broken connection thrown away instead of handed out again,
and with it every idle one (the server that dropped one dropped them all), so a
restarted server costs one failed call, not a dead process. Every psycopg error that
means "the database cannot be reached or written" becomes `StoreError` here, the one
boundary where the library's exceptions are wrapped.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.rows import DictRow, dict_row

from command_center.errors import StoreError

Conn = psycopg.Connection[DictRow]


class Pool:
    def __init__(self, url: str, size: int = 16, wait_s: float = 10.0,
                 connect_timeout_s: int = 10) -> None:
        self.url = url
        self._wait_s = wait_s
        self._connect_timeout_s = connect_timeout_s
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[Conn] = []
        self._lock = threading.Lock()
        self._closed = False

    def connect(self, **kwargs: Any) -> Conn:
        """A new connection outside the pool (the listener's own, the migrations')."""
        try:
            return psycopg.connect(self.url, autocommit=True, row_factory=dict_row,
                                   connect_timeout=self._connect_timeout_s,
                                   application_name="kiosk110-centre", **kwargs)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to the database: {_short(exc)}") from exc

    @contextmanager
    def connection(self) -> Iterator[Conn]:
        if self._closed:
            raise StoreError("the store is closed")
        if not self._slots.acquire(timeout=self._wait_s):
            raise StoreError(f"no database connection free within {self._wait_s:g} s")
        conn: Conn | None = None
        try:
            conn = self._take()
            try:
                yield conn
            except (psycopg.OperationalError, psycopg.errors.DiskFull,
                    psycopg.errors.ReadOnlySqlTransaction,
                    psycopg.errors.InsufficientResources) as exc:
                if conn.broken:
                    # The server went away (a restart, a failover): the other idle
                    # connections are as dead as this one, so none is handed out again.
                    self._drop_idle()
                raise StoreError(f"cannot use the database: {_short(exc)}") from exc
        finally:
            if conn is not None:
                self._give(conn)
            self._slots.release()

    def close(self) -> None:
        self._closed = True
        self._drop_idle()

    def _drop_idle(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            with suppress(psycopg.Error):
                conn.close()

    def _take(self) -> Conn:
        with self._lock:
            while self._idle:
                conn = self._idle.pop()
                if not conn.closed and not conn.broken:
                    return conn
        return self.connect()

    def _give(self, conn: Conn) -> None:
        healthy = (not conn.closed and not conn.broken
                   and conn.info.transaction_status == TransactionStatus.IDLE)
        with self._lock:
            if healthy and not self._closed:
                self._idle.append(conn)
                return
        with suppress(psycopg.Error):
            conn.close()


def _short(exc: BaseException) -> str:
    """The first line of a psycopg error (the rest repeats the connection string's
    parts; never a password, as we give none, but noise in a log)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
