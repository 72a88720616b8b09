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

import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Literal, TypeVar

from command_center.errors import StoreError
from command_center.tables import ddl
from command_center.worker import Worker

DB_FILE = "command_center.sqlite3"
Synchronous = Literal["full", "normal"]
T = TypeVar("T")
MAX_GROUP = 64   # writes in one transaction at most

SCHEMA_V1 = """
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


# Version 2 (issue 14): registered places, the centre's own flags on reports and
# events, server-side sessions, a persistent sign-in throttle, per-kiosk usage for the
# quota, and an audit trail. Columns are added, never changed: an old file upgrades in
# place when it is opened.
SCHEMA_V2 = """
ALTER TABLE kiosks ADD COLUMN station TEXT;
ALTER TABLE kiosks ADD COLUMN lat REAL;
ALTER TABLE kiosks ADD COLUMN lon REAL;
ALTER TABLE operators ADD COLUMN disabled_at REAL;
ALTER TABLE reports ADD COLUMN flags TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN flood INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN flags TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_status ON reports(status);
CREATE INDEX reports_inbox ON reports(priority, status, flood);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    operator TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX sessions_operator ON sessions(operator);
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at REAL NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);
CREATE TABLE kiosk_usage (
    kiosk_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    bytes INTEGER NOT NULL DEFAULT 0,
    items INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk_id, hour)
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    operator TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""
# Version 3 (issue 16): partner agencies (routing rows by category) and the
# forwarding outbox of CAP messages to them.
SCHEMA_V3 = """
CREATE TABLE partners (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    enabled INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE forwards (
    seq INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    message INTEGER NOT NULL,
    identifier TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    created_at REAL NOT NULL,
    delivered_at REAL,
    last_error TEXT,
    UNIQUE (partner_id, identifier)
);
CREATE INDEX forwards_due ON forwards(next_attempt_at) WHERE state = 'pending';
CREATE INDEX forwards_report ON forwards(report_id, seq);
CREATE INDEX reports_updated ON reports(updated_at);
"""
# Version 4 (issue 15, the text channel): operator messages to a kiosk session, in the
# kiosk's own order (`seq`, per kiosk), delivered once the kiosk acknowledged them.
SCHEMA_V4_MESSAGES = ddl.for_sqlite(ddl.MESSAGES)
# Version 5 (issue 15): the 110 network — units, routing rows, kiosks' and operators'
# units, where each report or call is (routes) and how it got there (hops), and kiosk
# calls with their notes.
SCHEMA_V5_NETWORK = ddl.for_sqlite(ddl.NETWORK)
# Version 6 (issue 15, the live inbox): the change log. Every write an operator should
# see at once appends a row in its own transaction; `seq` only grows (AUTOINCREMENT
# never reuses a number, even after the oldest rows are pruned), so it is what a live
# page says it has seen. See command_center.live.
SCHEMA_V6_LIVE = """
CREATE TABLE live_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    priority TEXT NOT NULL DEFAULT ''
);
"""
# PRAGMA user_version = how many applied
MIGRATIONS = (SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4_MESSAGES,
              SCHEMA_V5_NETWORK, SCHEMA_V6_LIVE)


def _decode_text(raw: bytes) -> str:
    """TEXT as str even when it is not valid UTF-8 (a row written by something else):
    the default decoder raises, and one such row would fail the whole query."""
    return raw.decode("utf-8", "replace")


def _private(path: Path, directory: bool) -> None:
    """Nobody but the service's user and group may read personal data: create the data
    dir 0700 and the database 0600; take 'other' permissions off existing ones."""
    if directory:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    else:
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    mode = path.stat().st_mode & 0o777
    if mode & 0o007:
        path.chmod(mode & 0o770)


class Database:
    """Hands each thread its own connection to one SQLite file."""

    def __init__(self, path: Path, synchronous: Synchronous = "normal") -> None:
        self.path = path
        self.synchronous = synchronous
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            _private(path.parent, directory=True)
            _private(path, directory=False)
            self._migrate(self.conn())
            for suffix in ("-wal", "-shm"):
                if (side := path.with_name(path.name + suffix)).exists():
                    _private(side, directory=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from exc

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

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
        conn.text_factory = _decode_text
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={self.synchronous.upper()}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        with self._lock:
            self._all.append(conn)
        return conn


class Checkpointer(Worker):
    """Checkpoints the WAL every `interval_s` on its own thread and connection.

    Under synchronous=NORMAL a checkpoint is when SQLite fsyncs: this bounds what a
    power cut can take to the last `interval_s` of commits. PASSIVE never blocks the
    writers; the fsync happens with the GIL released."""

    def __init__(self, path: Path, interval_s: float = 1.0) -> None:
        self._path = path
        self._interval_s = interval_s
        super().__init__("wal-checkpoint", join_s=30)

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
