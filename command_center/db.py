"""The SQLite file: schema, pragmas and one connection per thread.

WAL lets operators read the inbox while kiosks write. The web framework runs handlers on
a thread pool, and a sqlite3 connection must not be shared between threads mid-call, so
each thread gets its own connection; SQLite serialises the writers (`busy_timeout`
waits instead of failing).

`synchronous`: FULL (the service's default) fsyncs the WAL on every commit, so nothing
acknowledged is ever lost, even to a power cut. Kiosk writes then go through
`GroupCommit`: one writer thread puts every write waiting for it into one transaction,
so concurrent kiosks share one fsync and each still hears 201 only after its commit.
NORMAL skips the fsync: a commit survives a crash of this process at once, and
`Checkpointer` fsyncs it within about a second, so an OS crash or power cut in that
second can lose acknowledged reports. docs/api.md ("Durability and throughput") has the
figures.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Literal, TypeVar

from command_center.errors import StoreError

DB_FILE = "command_center.sqlite3"
Synchronous = Literal["full", "normal"]
T = TypeVar("T")
MAX_GROUP = 64   # writes in one transaction at most

SCHEMA = """
CREATE TABLE IF NOT EXISTS kiosks (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    registered_at REAL NOT NULL,
    last_heartbeat_at REAL,
    heartbeat TEXT
);
CREATE TABLE IF NOT EXISTS operators (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    ticket TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    station TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    category TEXT NOT NULL,
    priority TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ts REAL NOT NULL,
    received_at REAL NOT NULL,
    body_sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'received',
    validity TEXT NOT NULL DEFAULT 'unknown',
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_ticket ON reports(ticket);
CREATE INDEX IF NOT EXISTS reports_created ON reports(created_ts);
CREATE INDEX IF NOT EXISTS reports_kiosk ON reports(kiosk_id, received_at);
CREATE TABLE IF NOT EXISTS report_changes (
    seq INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id),
    at REAL NOT NULL,
    operator TEXT NOT NULL,
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    validity TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS report_changes_report ON report_changes(report_id, seq);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    type TEXT NOT NULL,
    priority TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at REAL NOT NULL,
    body_sha256 TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_kiosk ON events(kiosk_id, type, received_at);
"""


class Database:
    """Hands each thread its own connection to one SQLite file."""

    def __init__(self, path: Path, synchronous: Synchronous = "normal") -> None:
        self.path = path
        self.synchronous = synchronous
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # executescript commits by itself; every statement is IF NOT EXISTS.
            self.conn().executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from exc

    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: take the write lock up front, so a read-then-write
        never fails half-way with SQLITE_BUSY on the upgrade."""
        conn = self.conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread=False only so close() may close every thread's connection;
        # in use, each connection stays with the thread that opened it.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                               timeout=10.0)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={self.synchronous.upper()}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        with self._lock:
            self._all.append(conn)
        return conn


class Checkpointer:
    """Checkpoints the WAL every `interval_s` on its own thread and connection.

    Under synchronous=NORMAL a checkpoint is when SQLite fsyncs: this bounds what a
    power cut can take to the last `interval_s` of commits. PASSIVE never blocks the
    writers; the fsync happens with the GIL released."""

    def __init__(self, path: Path, interval_s: float = 1.0) -> None:
        self._path = path
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint",
                                        daemon=True)

    def start(self) -> Checkpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, isolation_level=None, timeout=10.0)
        try:
            while not self._stop.wait(self._interval_s):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:
                    continue  # busy or disk trouble: the next round tries again
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()


Write = Callable[[sqlite3.Connection], Any]


class GroupCommit:
    """One writer thread and connection; `run(write)` blocks until `write`'s transaction
    has committed (and, under FULL, been fsynced), then returns its result.

    Every write queued while the writer is busy goes into its next transaction, each in
    a savepoint, so one failing write does not undo the others. A failed COMMIT fails
    every write of the group: none of them is acknowledged.
    """

    def __init__(self, database: Database) -> None:
        self._db = database
        self._queue: queue.SimpleQueue[tuple[Write, Future[Any]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="cc-writer", daemon=True)
        self._thread.start()

    def submit(self, write: Callable[[sqlite3.Connection], T]) -> Future[T]:
        """Queue `write`; the future holds its result once its group has committed."""
        done: Future[T] = Future()
        self._queue.put((write, done))
        return done

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        conn = self._db.conn()   # this thread's own connection
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            stopping = False
            while len(group) < MAX_GROUP:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                group.append(more)
            # A request whose client went away cancelled its future: skip its write.
            # From here on a future cannot be cancelled, so setting its result is safe.
            group = [job for job in group if job[1].set_running_or_notify_cancel()]
            if group:
                self._commit(conn, group)
            if stopping:
                return

    @staticmethod
    def _commit(conn: sqlite3.Connection, group: list[tuple[Write, Future[Any]]]) -> None:
        results: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            for write, done in group:
                conn.execute("SAVEPOINT one")
                try:
                    results.append((done, write(conn), None))
                except Exception as exc:   # this write alone is undone and fails
                    conn.execute("ROLLBACK TO one")
                    results.append((done, None, exc))
                conn.execute("RELEASE one")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            failure = StoreError(f"cannot store: {exc}")
            for _write, done in group:
                done.set_exception(failure)
            return
        for done, value, error in results:
            if error is None:
                done.set_result(value)
            else:
                done.set_exception(error)
