"""The durable outbox: one SQLite file in WAL mode, `synchronous=FULL`.

An item is acknowledged (the enqueue call returns) only after its commit returned, and
its payload bytes are frozen at that moment. The uploader claims due items inside
`BEGIN IMMEDIATE` with one `UPDATE … RETURNING` (emergency first, then oldest), and
settles each claim as delivered (payload replaced by its redacted form in the same
statement), failed (dead letter with the server's reason) or pending again with a next
attempt time. A crash at any point leaves claims behind; `recover()` at uploader start,
and the lease on every claim, turn them back into pending items. See docs/outbox.md.

Thread safety: one connection per thread (the UI thread, a worker, the uploader loop);
other processes share the file through WAL and the busy timeout.
"""

from __future__ import annotations

import errno
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from kiosk.categories import Priority
from kiosk.config import Config
from kiosk.report import Event, Report, redact_payload
from offline_queue.errors import (
    DuplicateItem,
    OutboxError,
    StorageReadOnly,
    wrap_sqlite,
)
from offline_queue.items import (
    PRIORITY_BY_RANK,
    ClaimedItem,
    ItemSummary,
    Kind,
    QueueStats,
    State,
)

__all__ = ["ItemSummary", "Kind", "Outbox", "QueueStats", "State"]

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,  -- FIFO order within a priority
    id                TEXT NOT NULL UNIQUE,               -- report/event id = Idempotency-Key
    kind              TEXT NOT NULL CHECK (kind IN ('report', 'event')),
    label             TEXT NOT NULL,                      -- category or event type
    priority          INTEGER NOT NULL,                   -- Priority.rank, 0 = emergency
    payload           BLOB NOT NULL,                      -- wire bytes, frozen at enqueue
    state             INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
    attempts          INTEGER NOT NULL DEFAULT 0,
    created_at        REAL NOT NULL,                      -- epoch seconds of the enqueue
    next_attempt_at   REAL NOT NULL,
    claimed_by        TEXT,
    lease_until       REAL,
    last_error        TEXT,
    delivered_at      REAL,
    status_url        TEXT,
    operator_status   TEXT,
    status_checked_at REAL
);
CREATE INDEX IF NOT EXISTS items_due ON items (state, priority, next_attempt_at);
"""

_SELECT_SUMMARIES = (
    "SELECT id, kind, label, priority, state, attempts, last_error, created_at, "
    "next_attempt_at, delivered_at, operator_status FROM items "
    "WHERE state BETWEEN ? AND ? ORDER BY state, priority, seq")


class Outbox:
    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time,
                 busy_timeout_s: float = 10.0, max_pages: int | None = None) -> None:
        """Open (creating if needed) the outbox at `path`.

        `max_pages` caps the database size (SQLite `max_page_count`): a quota, so a
        runaway queue cannot fill the disk the operating system needs.
        """
        self.path = Path(path)
        self._clock = clock
        self._busy_ms = int(busy_timeout_s * 1000)
        self._max_pages = max_pages
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._make_dir()
        self._create_schema()

    @classmethod
    def for_config(cls, cfg: Config, **kwargs: Any) -> Outbox:
        return cls(cfg.outbox_path, **kwargs)

    # -- connections and transactions ------------------------------------------------

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
            conn.create_function("kiosk_redact", 1, redact_payload, deterministic=True)
        except BaseException:
            conn.close()
            raise
        return conn

    def _conn(self) -> sqlite3.Connection:
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
    def _read(self, doing: str) -> Iterator[sqlite3.Connection]:
        try:
            yield self._conn()
        except sqlite3.Error as exc:
            raise wrap_sqlite(exc, self.path, doing) from exc

    @contextmanager
    def _write(self, doing: str, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One `BEGIN IMMEDIATE` transaction; committed (and fsynced) when the block ends.

        `durable=False` skips the fsync for changes a crash may lose harmlessly (a
        claim, a polled status): WAL keeps the file consistent, and the next durable
        commit syncs the log anyway.
        """
        with self._read(doing) as conn:
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

    def _create_schema(self) -> None:
        with self._read("opening the outbox") as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                     "AND name = 'items'").fetchone()
        if version == SCHEMA_VERSION and has_table:
            return  # nothing to write: a read-only outbox can still be inspected
        if version > SCHEMA_VERSION:
            raise OutboxError(f"{self.path} has schema version {version}; this software "
                              f"knows {SCHEMA_VERSION}")
        with self._write("creating the outbox tables") as conn:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- enqueue (the kiosk) -----------------------------------------------------------

    def enqueue_report(self, report: Report) -> None:
        """Store `report`; returns only after the commit returned (it is durable)."""
        self._enqueue(report.id, Kind.REPORT, report.category, report.priority,
                      report.to_json_bytes())

    def enqueue_event(self, event: Event) -> None:
        """Store `event`; returns only after the commit returned (it is durable)."""
        self._enqueue(event.id, Kind.EVENT, event.type, event.priority,
                      event.to_json_bytes())

    def _enqueue(self, item_id: str, kind: Kind, label: str, priority: Priority,
                 payload: bytes) -> None:
        now = self._clock()
        with self._write("storing an item") as conn:
            inserted = conn.execute(
                "INSERT INTO items (id, kind, label, priority, payload, created_at, "
                "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING RETURNING seq",
                (item_id, kind.value, label, priority.rank, payload, now, now)).fetchall()
            if not inserted:
                self._check_same_item(conn, item_id, payload)

    @staticmethod
    def _check_same_item(conn: sqlite3.Connection, item_id: str, payload: bytes) -> None:
        """Enqueueing the same item twice is harmless; a different body is refused."""
        stored, state = conn.execute("SELECT payload, state FROM items WHERE id = ?",
                                     (item_id,)).fetchone()
        expected = redact_payload(payload) if state == State.DELIVERED else payload
        if bytes(stored) != expected:
            raise DuplicateItem(f"id {item_id} is already queued with a different body")

    # -- the uploader's side -----------------------------------------------------------

    def claim(self, limit: int, *, owner: str, lease_s: float) -> list[ClaimedItem]:
        """Claim up to `limit` due items, emergency first, then oldest first.

        Also takes back claims whose lease ran out (their owner died without `recover`).
        """
        now = self._clock()
        with self._write("claiming items", durable=False) as conn:
            rows = conn.execute(
                "UPDATE items SET state = 1, attempts = attempts + 1, claimed_by = ?, "
                "lease_until = ? WHERE seq IN (SELECT seq FROM items WHERE "
                "(state = 0 AND next_attempt_at <= ?) OR (state = 1 AND lease_until < ?) "
                "ORDER BY priority, seq LIMIT ?) "
                "RETURNING seq, id, kind, priority, payload, attempts",
                (owner, now + lease_s, now, now, limit)).fetchall()
        items = [ClaimedItem(id=r[1], kind=Kind(r[2]), priority=PRIORITY_BY_RANK[r[3]],
                             payload=bytes(r[4]), attempts=r[5], seq=r[0]) for r in rows]
        # RETURNING gives rows in no promised order.
        return sorted(items, key=lambda i: (i.priority.rank, i.seq))

    def recover(self) -> int:
        """Turn every claim back into a pending item: the (only) uploader is starting."""
        with self._write("recovering claimed items") as conn:
            return conn.execute("UPDATE items SET state = 0, claimed_by = NULL, "
                                "lease_until = NULL WHERE state = 1").rowcount

    def release(self, item_ids: list[str], *, owner: str) -> int:
        """Give back claims that were never attempted (the batch was cut short)."""
        with self._write("releasing claims", durable=False) as conn:
            return sum(conn.execute(
                "UPDATE items SET state = 0, attempts = max(0, attempts - 1), "
                "claimed_by = NULL, lease_until = NULL "
                "WHERE id = ? AND state = 1 AND claimed_by = ?", (i, owner)).rowcount
                for i in item_ids)

    def mark_delivered(self, item_id: str, status_url: str | None = None) -> bool:
        """The server stored the item: keep no personal data, in the same statement."""
        now = self._clock()
        with self._write("marking an item delivered") as conn:
            return conn.execute(
                "UPDATE items SET state = 2, payload = kiosk_redact(payload), "
                "delivered_at = ?, status_url = ?, last_error = NULL, claimed_by = NULL, "
                "lease_until = NULL WHERE id = ? AND state IN (0, 1)",
                (now, status_url, item_id)).rowcount > 0

    def mark_failed(self, item_id: str, reason: str, *, owner: str) -> bool:
        """Dead letter: the server refused the item for good (400/422)."""
        with self._write("marking an item failed") as conn:
            return conn.execute(
                "UPDATE items SET state = 3, last_error = ?, claimed_by = NULL, "
                "lease_until = NULL WHERE id = ? AND state = 1 AND claimed_by = ?",
                (reason, item_id, owner)).rowcount > 0

    def reschedule(self, item_id: str, delay_s: float, error: str, *, owner: str) -> bool:
        """Back to pending, due again in `delay_s`, with the error kept for the record."""
        due = self._clock() + max(0.0, delay_s)
        with self._write("rescheduling an item") as conn:
            return conn.execute(
                "UPDATE items SET state = 0, next_attempt_at = ?, last_error = ?, "
                "claimed_by = NULL, lease_until = NULL "
                "WHERE id = ? AND state = 1 AND claimed_by = ?",
                (due, error, item_id, owner)).rowcount > 0

    def next_due_in(self) -> float | None:
        """Seconds until the next pending item is due (0 if one is due), None if none."""
        with self._read("reading the queue") as conn:
            due = conn.execute("SELECT min(next_attempt_at) FROM items WHERE state = 0"
                               ).fetchone()[0]
        return None if due is None else max(0.0, due - self._clock())

    def prune(self, retention_s: float) -> int:
        """Delete delivered items older than `retention_s` (they are redacted already)."""
        cutoff = self._clock() - retention_s
        with self._write("pruning delivered items") as conn:
            return conn.execute("DELETE FROM items WHERE state = 2 AND delivered_at < ?",
                                (cutoff,)).rowcount

    # -- operator status (polled by the uploader, read by the done screen) -------------

    def status_poll_due(self, window_s: float, limit: int = 20) -> list[str]:
        """Reports delivered in the last `window_s` that no operator has taken up yet."""
        since = self._clock() - window_s
        with self._read("reading delivered reports") as conn:
            rows = conn.execute(
                "SELECT id FROM items WHERE kind = 'report' AND state = 2 AND "
                "delivered_at >= ? AND (operator_status IS NULL OR operator_status NOT IN "
                "('acknowledged', 'dispatched', 'closed', 'invalid')) "
                "ORDER BY priority, delivered_at DESC LIMIT ?", (since, limit)).fetchall()
        return [r[0] for r in rows]

    def set_operator_status(self, report_id: str, status: str) -> bool:
        with self._write("storing an operator status", durable=False) as conn:
            return conn.execute(
                "UPDATE items SET operator_status = ?, status_checked_at = ? WHERE id = ?",
                (status, self._clock(), report_id)).rowcount > 0

    def operator_status(self, report_id: str) -> str | None:
        """The command centre's last known status of the report, without the network."""
        with self._read("reading an operator status") as conn:
            row = conn.execute("SELECT operator_status FROM items WHERE id = ?",
                               (report_id,)).fetchone()
        return None if row is None else row[0]

    def status_url(self, report_id: str) -> str | None:
        with self._read("reading a status URL") as conn:
            row = conn.execute("SELECT status_url FROM items WHERE id = ?",
                               (report_id,)).fetchone()
        return None if row is None else row[0]

    # -- inspection and technician actions ---------------------------------------------

    def stats(self) -> QueueStats:
        with self._read("reading queue statistics") as conn:
            pending, delivered, failed, oldest = conn.execute(
                "SELECT total(state IN (0, 1)), total(state = 2), total(state = 3), "
                "min(CASE WHEN state IN (0, 1) THEN created_at END) FROM items").fetchone()
        age = None if oldest is None else max(0.0, round(self._clock() - oldest, 3))
        return QueueStats(int(pending), int(delivered), int(failed), age)

    def list_items(self, state: State | None = None) -> list[ItemSummary]:
        """Items without their payload (no personal data); PENDING includes CLAIMED."""
        low, high = (0, 3) if state is None else (int(state), int(state))
        if state is State.PENDING:
            high = State.CLAIMED
        with self._read("listing items") as conn:
            rows = conn.execute(_SELECT_SUMMARIES, (low, high)).fetchall()
        return [ItemSummary(id=r[0], kind=Kind(r[1]), label=r[2],
                            priority=PRIORITY_BY_RANK[r[3]], state=State(r[4]),
                            attempts=r[5], last_error=r[6], created_at=r[7],
                            next_attempt_at=r[8], delivered_at=r[9], operator_status=r[10])
                for r in rows]

    def retry(self, item_id: str) -> bool:
        """Make a failed (or waiting) item due now. False if unknown, in flight or done."""
        with self._write("retrying an item") as conn:
            return conn.execute("UPDATE items SET state = 0, next_attempt_at = ? "
                                "WHERE id = ? AND state IN (0, 3)",
                                (self._clock(), item_id)).rowcount > 0

    def retry_all_failed(self) -> int:
        with self._write("retrying failed items") as conn:
            return conn.execute("UPDATE items SET state = 0, next_attempt_at = ? "
                                "WHERE state = 3", (self._clock(),)).rowcount

    def integrity_check(self) -> str:
        """'ok', or SQLite's first complaint about the file."""
        with self._read("checking the database") as conn:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite rolls back by itself after some errors (e.g. SQLITE_FULL); a second
    # ROLLBACK would then fail and hide the first error.
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
