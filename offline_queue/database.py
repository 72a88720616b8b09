"""SQLite plumbing of the outbox: connections, transactions, errors, schema.

One connection per thread (SQLite connections are not to be shared between threads
mid-transaction), all opened with the same pragmas: WAL, `synchronous=FULL`, a busy
timeout, `secure_delete`. Every sqlite3 error leaves here as an `OutboxError` that
says what happened to the storage.

A file deleted or replaced under an open connection is the one failure SQLite does
not report: the connection keeps writing into the old inode, and what it wrote is gone
at the next start. So every connection remembers which files (dev + inode of the
database and of its -wal) it opened, and every write transaction checks the paths
still name them — before COMMIT (then it is rolled back) and after (then the caller
is told it was not stored). A connection that finds its files gone copies the items
not yet delivered into whatever file now has the name (`rescue`), then is closed, so
the next operation opens the file that is really there.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offline_queue.errors import OutboxError, StorageReadOnly, StorageReplaced, wrap_sqlite
from wire.logs import event

log = logging.getLogger("offline_queue.database")

# Opening a connection and finding the file descriptors it opened must not interleave
# with another connection being opened in this process.
_CONNECT_LOCK = threading.Lock()
_PROC_FD = Path("/proc/self/fd")

FileId = tuple[int, int]  # (st_dev, st_ino)


@dataclass(frozen=True)
class Identity:
    """The files a connection has open: the database and its -wal."""

    main: FileId | None
    wal: FileId | None


def _file_id(st: os.stat_result) -> FileId:
    return (st.st_dev, st.st_ino)


def _stat_id(path: Path) -> FileId | None:
    try:
        return _file_id(os.stat(path))
    except FileNotFoundError:
        return None


def _fds() -> set[str]:
    try:
        return set(os.listdir(_PROC_FD))
    except OSError:  # no /proc: fall back to the paths' own stat
        return set()


def _opened(before: set[str], targets: dict[str, str]) -> dict[str, FileId]:
    """fstat of the descriptors opened since `before` that point at `targets`."""
    found: dict[str, FileId] = {}
    for fd in _fds() - before:
        with suppress(OSError, ValueError):
            where = os.readlink(_PROC_FD / fd)
            for name, target in targets.items():
                if where == target:
                    found[name] = _file_id(os.fstat(int(fd)))
    return found


class Database:
    def __init__(self, path: Path, *, busy_timeout_s: float, max_pages: int | None,
                 functions: dict[str, Callable[[Any], Any]],
                 on_open: Callable[[], None] | None = None,
                 rescue: Callable[[sqlite3.Connection, Path], int] | None = None) -> None:
        """`on_open` runs on this thread's new connection (the schema check);
        `rescue(stale, path)` copies what a connection to a replaced file holds into
        the file now at `path`."""
        self.path = path
        self._busy_ms = int(busy_timeout_s * 1000)
        self._max_pages = max_pages
        self._functions = functions
        self._on_open = on_open
        self._rescue = rescue
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

    @property
    def wal_path(self) -> Path:
        return self.path.with_name(self.path.name + "-wal")

    def _connect(self) -> tuple[sqlite3.Connection, Identity]:
        real = os.path.realpath(self.path)
        with _CONNECT_LOCK:
            before = _fds()
            conn = sqlite3.connect(self.path, isolation_level=None,
                                   check_same_thread=False, timeout=self._busy_ms / 1000)
            try:
                self._configure(conn)
                # A read opens the -wal (journal_mode already did, on a new file).
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                opened = _opened(before, {"main": real, "wal": real + "-wal"})
            except BaseException:
                conn.close()
                raise
        # SQLite reuses a descriptor another connection of this process has open on
        # the same file, so nothing new may show up: the path names that file then.
        ident = Identity(opened.get("main") or _stat_id(self.path),
                         opened.get("wal") or _stat_id(self.wal_path))
        return conn, ident

    def _configure(self, conn: sqlite3.Connection) -> None:
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

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._closed:
                    raise OutboxError(f"outbox {self.path} is closed")
            try:
                conn, ident = self._connect()
            except sqlite3.Error as exc:
                raise wrap_sqlite(exc, self.path, "opening the outbox") from exc
            with self._lock:
                self._connections.append(conn)
            self._local.conn, self._local.ident = conn, ident
            if self._on_open is not None:
                try:
                    self._on_open()
                except BaseException:
                    self._forget(conn)
                    raise
        return conn

    def _forget(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            if conn in self._connections:
                self._connections.remove(conn)
        with suppress(sqlite3.Error):
            conn.close()
        self._local.conn = self._local.ident = None

    def replaced(self) -> str | None:
        """Why this thread's connection no longer writes to the file at `path`, or None."""
        ident: Identity | None = getattr(self._local, "ident", None)
        if ident is None:
            return None
        main, wal = _stat_id(self.path), _stat_id(self.wal_path)
        if ident.main is not None and main != ident.main:
            return (f"{self.path} was deleted" if main is None else
                    f"{self.path} was replaced by another file")
        if ident.wal is not None and wal != ident.wal:
            return (f"{self.wal_path.name} was deleted" if wal is None else
                    f"{self.wal_path.name} was replaced by another file")
        return None

    def _drop_stale(self, why: str) -> None:
        """Save what the stale connection holds into the current file, then close it."""
        conn: sqlite3.Connection = self._local.conn
        ident: Identity = self._local.ident
        rescued: int | str = 0
        if not self.path.exists() and ident.wal is not None \
                and _stat_id(self.wal_path) == ident.wal:
            # The database went but its -wal/-shm stayed: a new database at the name
            # would be opened with the lost one's log. They are the lost file's, and
            # it is read through the descriptors this connection still has.
            for side in (self.wal_path, self.path.with_name(self.path.name + "-shm")):
                with suppress(FileNotFoundError):
                    side.unlink()
        if self._rescue is not None and not why.startswith(self.wal_path.name):
            try:
                rescued = self._rescue(conn, self.path)
            except (sqlite3.Error, OutboxError) as exc:
                rescued = f"failed: {exc}"
        event(log, "outbox.file_replaced", logging.ERROR, problem=why, rescued=rescued,
              advice="nothing is written to a file that has lost its name; see "
                     "`python -m offline_queue recover` in docs/outbox.md")
        self._forget(conn)

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
        commit syncs the log anyway. Raises StorageReplaced when the file was deleted
        or replaced: before COMMIT nothing is written; after, the caller learns that
        what it wrote went to a file without a name.
        """
        with self.read(doing) as conn:
            if not durable:
                conn.execute("PRAGMA synchronous = NORMAL")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    lost = self.replaced()
                    conn.execute("ROLLBACK" if lost else "COMMIT")
                except BaseException:
                    _rollback(conn)
                    raise
            finally:
                if not durable:
                    conn.execute("PRAGMA synchronous = FULL")
        if lost is None:
            lost = self.replaced()
            if lost is None:
                return
            fate = "what was written went into a file without a name"
        else:
            fate = "nothing was written"
        self._drop_stale(lost)
        raise StorageReplaced(f"{doing}: {lost} while it was open; {fate}. NOT stored "
                              "here; the next attempt opens the file that is there now")

    def checkpoint_truncate(self, busy_timeout_ms: int = 200) -> bool:
        """Copy the -wal into the database and truncate it to zero bytes, so purged
        data leaves the -wal too. False if a reader or writer kept it from finishing."""
        with self.read("checkpointing the outbox") as conn:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            try:
                busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            finally:
                conn.execute(f"PRAGMA busy_timeout = {self._busy_ms}")
        return not busy

    def ensure_schema(self, schema: str, version: int, *, table: str,
                      migrations: dict[int, str] | None = None) -> None:
        """Create `schema` unless `table` exists at `version` (then nothing is written,
        so a read-only database can still be inspected); `migrations[v]` upgrades a
        file at version v to v + 1."""
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
            if has_table:
                for step in range(current, version):
                    for statement in (migrations or {}).get(step, "").split(";"):
                        if statement.strip():
                            conn.execute(statement)
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
