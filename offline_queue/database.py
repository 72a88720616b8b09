"""SQLite plumbing of the outbox: connections, transactions, errors, schema.

One connection per thread (SQLite connections are not to be shared between threads
mid-transaction), all opened with the same pragmas: WAL, `synchronous=FULL`, a busy
timeout, `secure_delete`. Every sqlite3 error leaves here as an `OutboxError` that
says what happened to the storage.
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from offline_queue.errors import OutboxError, StorageReadOnly, wrap_sqlite


class Database:
    def __init__(self, path: Path, *, busy_timeout_s: float, max_pages: int | None,
                 functions: dict[str, Callable[[Any], Any]]) -> None:
        self.path = path
        self._busy_ms = int(busy_timeout_s * 1000)
        self._max_pages = max_pages
        self._functions = functions
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._make_dir()

    def _make_dir(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StorageReadOnly(f"cannot create data directory {self.path.parent}: "
                                      f"{exc.strerror}") from exc
            raise OutboxError(f"cannot create data directory {self.path.parent}: "
                              f"{exc.strerror}") from exc

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                               timeout=self._busy_ms / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {self._busy_ms}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StorageReadOnly(f"cannot switch {self.path} to WAL mode (got {mode}); "
                                      "is the data directory writable?")
            conn.execute("PRAGMA synchronous = FULL")
            # Personal data purged on delivery must not linger in freed page space.
            conn.execute("PRAGMA secure_delete = ON")
            if self._max_pages is not None:
                conn.execute(f"PRAGMA max_page_count = {int(self._max_pages)}")
            for name, func in self._functions.items():
                conn.create_function(name, 1, func, deterministic=True)
        except BaseException:
            conn.close()
            raise
        return conn

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._closed:
                    raise OutboxError(f"outbox {self.path} is closed")
                conn = self._connect()
                self._connections.append(conn)
            self._local.conn = conn
        return conn

    @contextmanager
    def read(self, doing: str) -> Iterator[sqlite3.Connection]:
        """This thread's connection; sqlite3 errors become OutboxErrors naming `doing`."""
        try:
            yield self.connection()
        except sqlite3.Error as exc:
            raise wrap_sqlite(exc, self.path, doing) from exc

    @contextmanager
    def write(self, doing: str, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One `BEGIN IMMEDIATE` transaction; committed (and fsynced) when the block ends.

        `durable=False` skips the fsync for changes a crash may lose harmlessly (a
        claim, a polled status): WAL keeps the file consistent, and the next durable
        commit syncs the log anyway.
        """
        with self.read(doing) as conn:
            if not durable:
                conn.execute("PRAGMA synchronous = NORMAL")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    _rollback(conn)
                    raise
            finally:
                if not durable:
                    conn.execute("PRAGMA synchronous = FULL")

    def ensure_schema(self, schema: str, version: int, *, table: str) -> None:
        """Create `schema` unless `table` exists at `version` (then nothing is written,
        so a read-only database can still be inspected)."""
        with self.read("opening the outbox") as conn:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                     "AND name = ?", (table,)).fetchone()
        if current == version and has_table:
            return
        if current > version:
            raise OutboxError(f"{self.path} has schema version {current}; this software "
                              f"knows {version}")
        with self.write("creating the outbox tables") as conn:
            for statement in schema.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(version)}")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite rolls back by itself after some errors (e.g. SQLITE_FULL); a second
    # ROLLBACK would then fail and hide the first error.
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
