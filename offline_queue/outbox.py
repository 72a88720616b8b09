"""The durable outbox: one SQLite file in WAL mode, `synchronous=FULL`.

An item is acknowledged (the enqueue call returns) only after its commit returned, and
its payload bytes are frozen at that moment. The uploader claims due items inside
`BEGIN IMMEDIATE` with one `UPDATE … RETURNING` (emergency first, then oldest), and
settles each claim as delivered (payload replaced by its redacted form in the same
statement), failed (dead letter with the server's reason) or pending again with a
hold (`items.Hold`: why it waits) and a next attempt time. A crash at any point leaves
claims behind; `recover()` at uploader start, and the lease on every claim, turn them
back into pending items. See docs/outbox.md.

Stored times are wall-clock epochs (they outlive the process), so every comparison
with them tolerates a clock that was stepped: a next attempt further ahead than any
hold can last (`max_hold_s`) is due, and `shift_holds` moves holds with a step.

Thread safety: one connection per thread (the UI thread, a worker, the uploader loop;
see `database.Database`); other processes share the file through WAL and the busy
timeout.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from core.config import Config
from core.conversation import ASSIST_REQUESTED
from offline_queue.database import Database
from offline_queue.errors import DuplicateItem, ForeignItem
from offline_queue.inbound import SCHEMA as INBOUND_SCHEMA
from offline_queue.inbound import Inbound, start_conversation
from offline_queue.items import (
    PRIORITY_BY_RANK,
    ClaimedItem,
    Hold,
    ItemSummary,
    Kind,
    QueueStats,
    State,
    Waiting,
)
from offline_queue.sealing import NoSealer, ReportSealer, sealer_for
from wire.categories import Priority
from wire.errors import ReportInvalid
from wire.report import Event, Report, redact_payload
from wire.sealed import clear_view, comparable
from wire.status import SETTLED, OperatorStatus
from wire.ticket import ticket_code

__all__ = ["Hold", "ItemSummary", "Kind", "Outbox", "QueueStats", "State"]

SCHEMA_VERSION = 3
SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    seq               INTEGER PRIMARY KEY,                -- FIFO order within a priority
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
    status_checked_at REAL,
    hold              TEXT                                -- items.Hold, NULL: not held
);
-- Only pending items are indexed: a claim or a delivery then touches few pages, and
-- the claim walks this index in send order (emergency first, then oldest).
CREATE INDEX IF NOT EXISTS items_pending ON items (priority, seq) WHERE state = 0;
"""
# Version 3 (issue 15): the inbound tables (offline_queue.inbound), created by SCHEMA's
# CREATE … IF NOT EXISTS after the steps below, so the step itself is empty.
SCHEMA += INBOUND_SCHEMA
MIGRATIONS = {1: "ALTER TABLE items ADD COLUMN hold TEXT", 2: ""}
# Columns an item keeps when it is copied into another file (rescue, recover), and
# the same read back with claims turned into pending items.
ITEM_COLUMNS = ("id, kind, label, priority, payload, state, attempts, created_at, "
                "next_attempt_at, last_error, delivered_at, status_url, operator_status, "
                "hold")
_ITEM_VALUES = ITEM_COLUMNS.replace(" state,", " CASE state WHEN 3 THEN 3 ELSE 0 END,")
# Longer than any hold the uploader writes (`[uploader] backoff_cap_s` is at most an
# hour): a next attempt further ahead than this was written before the wall clock
# stepped back, and is due.
DEFAULT_MAX_HOLD_S = 3660.0

_SELECT_SUMMARIES = (
    "SELECT id, kind, label, priority, state, attempts, last_error, created_at, "
    "next_attempt_at, delivered_at, operator_status, hold FROM items "
    "WHERE state BETWEEN ? AND ? ORDER BY state, priority, seq")
# How each pending item waits (items.WAIT_REASONS); ?1 = now, ?2 = now + max hold.
_WAIT_REASON = (
    "CASE WHEN state = 1 THEN 'in_flight' WHEN hold = 'auth' THEN 'auth' "
    "WHEN hold = 'link' THEN 'link' "
    "WHEN next_attempt_at > ?1 AND next_attempt_at <= ?2 THEN 'item' ELSE 'due' END")
# Due: the time came, or it lies further ahead than any hold (a clock stepped back).
_CLAIM = (
    "UPDATE items SET state = 1, attempts = attempts + 1, claimed_by = ?, lease_until = ? "
    "WHERE seq IN (SELECT seq FROM items WHERE state = 0 AND "
    "(next_attempt_at <= ? OR next_attempt_at > ?) AND priority <= ? "
    "ORDER BY priority, seq LIMIT ?) RETURNING seq, id, kind, priority, payload, attempts")
_STATS = ("SELECT " + _WAIT_REASON + " AS why, count(*), min(created_at) FROM items "  # noqa: S608 (constants)
          "WHERE state IN (0, 1) GROUP BY why")


# Reports an operator has not settled yet (wire.status is the one vocabulary).
_SETTLED = sorted(s.value for s in SETTLED)
_STATUS_POLL_SQL = (
    "SELECT id FROM items WHERE kind = 'report' AND state = 2 AND delivered_at >= ? AND "  # noqa: S608 - only "?" placeholders are formatted in
    f"(operator_status IS NULL OR operator_status NOT IN ({', '.join('?' * len(_SETTLED))})) "
    "ORDER BY priority, delivered_at DESC LIMIT ?")


class Outbox:
    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time,
                 busy_timeout_s: float = 10.0, max_pages: int | None = None,
                 kiosk_id: str | None = None,
                 max_hold_s: float = DEFAULT_MAX_HOLD_S,
                 sealer: ReportSealer | None = None) -> None:
        """Open (creating if needed) the outbox at `path`.

        `clock` is the wall clock of the stored times. `max_pages` caps the database
        size (SQLite `max_page_count`): a quota, so a runaway queue cannot fill the
        disk the operating system needs. With `kiosk_id`, an item of another kiosk is
        refused (`ForeignItem`): the command centre would never take it. `sealer`
        turns each report into the bytes stored (`offline_queue.sealing`); without
        one, reports are refused (events are not): personal data is never written
        in clear unless the development mode says so.
        """
        self.path = Path(path)
        self._clock = clock
        self.kiosk_id = kiosk_id
        self.sealer: ReportSealer = sealer or NoSealer(
            "this outbox was opened without a sealer ([sealing] in the config)")
        self.max_hold_s = max_hold_s
        self._db = Database(self.path, busy_timeout_s=busy_timeout_s, max_pages=max_pages,
                            functions={"kiosk_redact": redact_payload},
                            on_open=self._ensure_schema, rescue=rescue_items)
        self._db.connection()
        # The centre's answers (operator messages, lookups) on the same file.
        self.inbound = Inbound(self._db, kiosk_id or "", clock)

    def _ensure_schema(self) -> None:
        self._db.ensure_schema(SCHEMA, SCHEMA_VERSION, table="items", migrations=MIGRATIONS)

    @classmethod
    def for_config(cls, cfg: Config, **kwargs: Any) -> Outbox:
        kwargs.setdefault("kiosk_id", cfg.kiosk.id)
        kwargs.setdefault("sealer", sealer_for(cfg))
        return cls(cfg.outbox_path, **kwargs)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- enqueue (the kiosk) -----------------------------------------------------------

    def enqueue_report(self, report: Report) -> None:
        """Store `report` sealed (its personal data never reaches the file in clear);
        returns only after the commit returned (it is durable). SealingUnavailable when
        no sealer can seal it: then nothing is stored."""
        self._check_kiosk(report.kiosk.id, "report")
        payload = self.sealer.seal(report)   # before any write, outside the transaction
        self._enqueue(report.id, Kind.REPORT, report.category, report.priority, payload)

    def enqueue_event(self, event: Event) -> None:
        """Store `event`; returns only after the commit returned (it is durable)."""
        self._check_kiosk(event.kiosk.id, "event")
        session = event.data.get("session") if event.type == ASSIST_REQUESTED else None
        # The uploader polls the operator's replies from this commit on.
        also = (_starter(session, self._clock())
                if isinstance(session, str) and session else None)
        self._enqueue(event.id, Kind.EVENT, event.type, event.priority,
                      event.to_json_bytes(), also=also)

    def _check_kiosk(self, kiosk_id: str, kind: str) -> None:
        if self.kiosk_id is not None and kiosk_id != self.kiosk_id:
            raise ForeignItem(f"kiosk.id {kiosk_id[:64]!r} is not this kiosk "
                              f"({self.kiosk_id!r}): a kiosk sends only its own {kind}s, "
                              "and the command centre refuses any other")

    def _enqueue(self, item_id: str, kind: Kind, label: str, priority: Priority,
                 payload: bytes, *,
                 also: Callable[[sqlite3.Connection], None] | None = None) -> None:
        now = self._clock()
        with self._db.write("storing an item") as conn:
            inserted = conn.execute(
                "INSERT INTO items (id, kind, label, priority, payload, created_at, "
                "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING RETURNING seq",
                (item_id, kind.value, label, priority.rank, payload, now, now)).fetchall()
            if not inserted:
                self._check_same_item(conn, item_id, payload)
            elif also is not None:
                also(conn)

    @staticmethod
    def _check_same_item(conn: sqlite3.Connection, item_id: str, payload: bytes) -> None:
        """Enqueueing the same item twice is harmless; a different body is refused.

        A sealed report compares by its clear metadata: sealing the same report twice
        gives other bytes, and nothing on this disk may tell what is sealed."""
        stored, state = conn.execute("SELECT payload, state FROM items WHERE id = ?",
                                     (item_id,)).fetchone()
        expected = redact_payload(payload) if state == State.DELIVERED else payload
        if comparable(bytes(stored)) != comparable(expected):
            raise DuplicateItem(f"id {item_id} is already queued with a different body")

    # -- the uploader's side -----------------------------------------------------------

    def _far(self, now: float) -> float:
        return now + self.max_hold_s

    def claim(self, limit: int, *, owner: str, lease_s: float,
              max_rank: int | None = None) -> list[ClaimedItem]:
        """Claim up to `limit` due items, emergency first, then oldest first; with
        `max_rank`, only items of that priority rank or more urgent."""
        now = self._clock()
        rank = len(PRIORITY_BY_RANK) if max_rank is None else max_rank
        with self._db.write("claiming items", durable=False) as conn:
            rows = conn.execute(
                _CLAIM,
                (owner, now + lease_s, now, self._far(now), rank, limit)).fetchall()
        items = [ClaimedItem(id=r[1], kind=Kind(r[2]), priority=PRIORITY_BY_RANK[r[3]],
                             payload=bytes(r[4]), attempts=r[5], seq=r[0]) for r in rows]
        # RETURNING gives rows in no promised order.
        return sorted(items, key=lambda i: (i.priority.rank, i.seq))

    def recover(self) -> int:
        """Turn every claim back into a pending item: the (only) uploader is starting."""
        with self._db.write("recovering claimed items") as conn:
            return conn.execute("UPDATE items SET state = 0, claimed_by = NULL, "
                                "lease_until = NULL WHERE state = 1").rowcount

    def expire_leases(self) -> int:
        """Take back claims whose lease ran out (an owner that died without `recover`)."""
        with self._db.write("expiring stale claims") as conn:
            return conn.execute("UPDATE items SET state = 0, claimed_by = NULL, "
                                "lease_until = NULL WHERE state = 1 AND lease_until < ?",
                                (self._clock(),)).rowcount

    def has_pending(self) -> bool:
        """Whether any item waits to be sent or is in flight."""
        with self._db.read("reading the queue") as conn:
            row = conn.execute("SELECT EXISTS (SELECT 1 FROM items WHERE state = 0) OR "
                               "EXISTS (SELECT 1 FROM items WHERE state = 1)").fetchone()
        return bool(row[0])

    def release(self, item_ids: list[str], *, owner: str) -> int:
        """Give back claims that were never attempted (the batch was cut short)."""
        with self._db.write("releasing claims", durable=False) as conn:
            return sum(conn.execute(
                "UPDATE items SET state = 0, attempts = max(0, attempts - 1), "
                "claimed_by = NULL, lease_until = NULL "
                "WHERE id = ? AND state = 1 AND claimed_by = ?", (i, owner)).rowcount
                for i in item_ids)

    def mark_delivered(self, item_id: str, status_url: str | None = None) -> bool:
        """The server stored the item: keep no personal data, in the same statement."""
        return self.mark_delivered_many([(item_id, status_url)]) == 1

    def mark_delivered_many(self, delivered: Sequence[tuple[str, str | None]]) -> int:
        """Settle several deliveries in one durable commit (a group commit).

        Losing this commit in a crash only means those items are sent again, and the
        server answers 202 for an id it already has: nothing is duplicated or lost.
        """
        return self.settle(delivered=delivered, owner=None)[0]

    def settle(self, *, owner: str | None,
               delivered: Sequence[tuple[str, str | None]] = (),
               held: Sequence[tuple[str, float, Hold, str]] = (),
               failed: Sequence[tuple[str, str]] = ()) -> tuple[int, int, int]:
        """Settle claims in one commit: `delivered` (id, status_url), `held` (id, delay,
        hold, error) and `failed` (id, reason). Fsynced when it delivers or fails
        something; a hold lost in a crash is only an earlier retry. Returns the counts
        settled of each.
        """
        now = self._clock()
        durable = bool(delivered or failed)
        with self._db.write("settling items", durable=durable) as conn:
            done = sum(conn.execute(
                "UPDATE items SET state = 2, payload = kiosk_redact(payload), "
                "delivered_at = ?, status_url = ?, last_error = NULL, claimed_by = NULL, "
                "lease_until = NULL, hold = NULL WHERE id = ? AND state IN (0, 1)",
                (now, url, item_id)).rowcount for item_id, url in delivered)
            waiting = sum(conn.execute(
                "UPDATE items SET state = 0, next_attempt_at = ?, last_error = ?, "
                "hold = ?, claimed_by = NULL, lease_until = NULL "
                "WHERE id = ? AND state = 1 AND (claimed_by = ? OR ? IS NULL)",
                (now + max(0.0, delay), error, hold.value, item_id, owner, owner)).rowcount
                for item_id, delay, hold, error in held)
            dead = sum(conn.execute(
                "UPDATE items SET state = 3, last_error = ?, claimed_by = NULL, "
                "lease_until = NULL, hold = NULL "
                "WHERE id = ? AND state = 1 AND (claimed_by = ? OR ? IS NULL)",
                (reason, item_id, owner, owner)).rowcount for item_id, reason in failed)
        return done, waiting, dead

    def mark_failed(self, item_id: str, reason: str, *, owner: str) -> bool:
        """Dead letter: the server refused the item for good (400/422)."""
        return self.settle(failed=[(item_id, reason)], owner=owner)[2] == 1

    def reschedule(self, item_id: str, delay_s: float, error: str, *, owner: str,
                   hold: Hold = Hold.ITEM) -> bool:
        """Back to pending, due again in `delay_s`, with the error kept for the record."""
        return self.settle(held=[(item_id, delay_s, hold, error)], owner=owner)[1] == 1

    def release_holds(self, *holds: Hold) -> int:
        """Make every item waiting for one of `holds` due now (the link answered, our
        token was accepted, or the uploader restarted and knows nothing of them)."""
        now = self._clock()
        with self._db.write("releasing held items", durable=False) as conn:
            return sum(conn.execute(
                "UPDATE items SET hold = NULL, next_attempt_at = min(next_attempt_at, ?) "
                "WHERE state = 0 AND hold = ?", (now, h.value)).rowcount for h in holds)

    def shift_holds(self, step_s: float) -> int:
        """The wall clock was stepped by `step_s`: move every future next attempt with
        it, so a hold keeps the length it was given."""
        now = self._clock()
        with self._db.write("moving holds after a clock step", durable=False) as conn:
            return conn.execute(
                "UPDATE items SET next_attempt_at = next_attempt_at + ? "
                "WHERE state = 0 AND next_attempt_at > ?", (step_s, now - step_s)).rowcount

    def next_due_in(self, max_rank: int | None = None) -> float | None:
        """Seconds until the next pending item is due (0 if one is due), None if none."""
        now = self._clock()
        rank = len(PRIORITY_BY_RANK) if max_rank is None else max_rank
        with self._db.read("reading the queue") as conn:
            due = conn.execute(
                "SELECT min(CASE WHEN next_attempt_at > ? THEN ? ELSE next_attempt_at END) "
                "FROM items WHERE state = 0 AND priority <= ?",
                (self._far(now), now, rank)).fetchone()[0]
        return None if due is None else max(0.0, due - now)

    def prune(self, retention_s: float) -> int:
        """Delete delivered items older than `retention_s` (they are redacted already)."""
        cutoff = self._clock() - retention_s
        with self._db.write("pruning delivered items") as conn:
            return conn.execute("DELETE FROM items WHERE state = 2 AND delivered_at < ?",
                                (cutoff,)).rowcount

    def purge_files(self) -> bool:
        """Make data purged by delivery leave the files: with `secure_delete` the
        database pages are already overwritten; a TRUNCATE checkpoint empties the
        -wal that still held the old pages. False if a busy reader made it wait."""
        return self._db.checkpoint_truncate()

    # -- operator status (polled by the uploader, read by the done screen) -------------

    def status_poll_due(self, window_s: float, limit: int = 20) -> list[str]:
        """Reports delivered in the last `window_s` that no operator has taken up yet."""
        since = self._clock() - window_s
        with self._db.read("reading delivered reports") as conn:
            rows = conn.execute(_STATUS_POLL_SQL, (since, *_SETTLED, limit)).fetchall()
        return [r[0] for r in rows]

    def set_operator_status(self, report_id: str, status: str) -> bool:
        with self._db.write("storing an operator status", durable=False) as conn:
            return conn.execute(
                "UPDATE items SET operator_status = ?, status_checked_at = ? WHERE id = ?",
                (status, self._clock(), report_id)).rowcount > 0

    def operator_status(self, report_id: str) -> OperatorStatus | None:
        """The command centre's last known status of the report, without the network."""
        with self._db.read("reading an operator status") as conn:
            row = conn.execute("SELECT operator_status FROM items WHERE id = ?",
                               (report_id,)).fetchone()
        return None if row is None else OperatorStatus.parse(row[0])

    # -- read-only queries for the kiosk's screens and the reprint command -------------

    def is_delivered(self, report_id: str) -> bool:
        """True once the command centre confirmed it received the item (201/202)."""
        with self._db.read("reading a delivery state") as conn:
            row = conn.execute("SELECT state FROM items WHERE id = ?",
                               (report_id,)).fetchone()
        return row is not None and row[0] == State.DELIVERED

    def report_by_code(self, code: str) -> Report | None:
        """The newest report in this outbox whose ticket code is `code`, as the kiosk
        may still know it (`wire.sealed.clear_view`: routing metadata, never personal
        data), or None. Codes are derived from ids, so this reads the ids of every
        report kept (retention bounds them)."""
        with self._db.read("finding a report by its code") as conn:
            rows = conn.execute("SELECT id FROM items WHERE kind = 'report' "
                                "ORDER BY seq DESC").fetchall()
            for (item_id,) in rows:
                if _code_of(item_id) == code:
                    payload = conn.execute("SELECT payload FROM items WHERE id = ?",
                                           (item_id,)).fetchone()
                    if payload is None:
                        return None
                    try:
                        return clear_view(json.loads(payload[0]))
                    except (ValueError, KeyError, TypeError, ReportInvalid):
                        return None
        return None

    def status_url(self, report_id: str) -> str | None:
        with self._db.read("reading a status URL") as conn:
            row = conn.execute("SELECT status_url FROM items WHERE id = ?",
                               (report_id,)).fetchone()
        return None if row is None else row[0]

    # -- inspection and technician actions ---------------------------------------------

    def stats(self) -> QueueStats:
        """Counts by state, and the pending items by what they wait for (WAIT_REASONS)."""
        now = self._clock()
        with self._db.read("reading queue statistics") as conn:
            delivered, failed = conn.execute(
                "SELECT total(state = 2), total(state = 3) FROM items").fetchone()
            rows = conn.execute(
                _STATS, (now, self._far(now))).fetchall()
        waiting = {why: Waiting(count, _age(now, oldest)) for why, count, oldest in rows}
        pending = sum(w.count for w in waiting.values())
        ages = [w.oldest_s for w in waiting.values() if w.oldest_s is not None]
        return QueueStats(pending, int(delivered), int(failed), max(ages) if ages else None,
                          waiting)

    def list_items(self, state: State | None = None) -> list[ItemSummary]:
        """Items without their payload (no personal data); PENDING includes CLAIMED."""
        low, high = (0, 3) if state is None else (int(state), int(state))
        if state is State.PENDING:
            high = State.CLAIMED
        with self._db.read("listing items") as conn:
            rows = conn.execute(_SELECT_SUMMARIES, (low, high)).fetchall()
        return [ItemSummary(id=r[0], kind=Kind(r[1]), label=r[2],
                            priority=PRIORITY_BY_RANK[r[3]], state=State(r[4]),
                            attempts=r[5], last_error=r[6], created_at=r[7],
                            next_attempt_at=r[8], delivered_at=r[9], operator_status=r[10],
                            hold=_hold(r[11])) for r in rows]

    def retry(self, item_id: str) -> bool:
        """Make a failed (or waiting) item due now. False if unknown, in flight or done."""
        with self._db.write("retrying an item") as conn:
            return conn.execute("UPDATE items SET state = 0, next_attempt_at = ?, "
                                "hold = NULL WHERE id = ? AND state IN (0, 3)",
                                (self._clock(), item_id)).rowcount > 0

    def retry_all_failed(self) -> int:
        with self._db.write("retrying failed items") as conn:
            return conn.execute("UPDATE items SET state = 0, next_attempt_at = ?, "
                                "hold = NULL WHERE state = 3", (self._clock(),)).rowcount

    def sealed_backlog(self) -> dict[str, int]:
        """Reports not delivered yet (pending, in flight or failed), by the centre key
        they are sealed to: the centre keeps that private key until none is left."""
        with self._db.read("reading the sealed backlog") as conn:
            rows = conn.execute(
                "SELECT json_extract(CAST(payload AS TEXT), '$.sealed.kid') AS kid, "
                "count(*) FROM items WHERE kind = 'report' AND state IN (0, 1, 3) "
                "AND json_valid(CAST(payload AS TEXT)) GROUP BY kid").fetchall()
        return {str(kid): int(n) for kid, n in rows if kid is not None}

    def integrity_check(self) -> str:
        """'ok', or SQLite's first complaint about the file."""
        with self._db.read("checking the database") as conn:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _starter(session: str, now: float) -> Callable[[sqlite3.Connection], None]:
    return lambda conn: start_conversation(conn, session, now)


def _code_of(item_id: str) -> str | None:
    try:
        return ticket_code(item_id)
    except ValueError:
        return None


def _age(now: float, created: float | None) -> float | None:
    return None if created is None else max(0.0, round(now - created, 3))


def _hold(value: str | None) -> Hold | None:
    try:
        return None if value is None else Hold(value)
    except ValueError:  # a value a newer version wrote: it waits, for a reason we
        return Hold.ITEM  # do not know, on its own


def copy_items(source: sqlite3.Connection, schema: str, target: str) -> int:
    """Copy the items of `source`'s `schema` that are not delivered into the attached
    database `target`, keeping ids unique (what the target has wins); claims come back
    as pending. The number copied."""
    if not (schema.isidentifier() and target.isidentifier()):
        raise ValueError("schema names are identifiers")
    sql = (f"INSERT OR IGNORE INTO {target}.items ({ITEM_COLUMNS}) "  # noqa: S608 (names checked)
           f"SELECT {_ITEM_VALUES} FROM {schema}.items WHERE state IN (0, 1, 3) ORDER BY seq")
    return source.execute(sql).rowcount


def rescue_items(stale: sqlite3.Connection, path: Path) -> int:
    """`stale` writes to a file that lost its name: copy the items it holds that are
    not delivered into the outbox now at `path` (created if there is none)."""
    Outbox(path).close()  # creates the file and its schema, or checks them
    stale.execute("ATTACH DATABASE ? AS current", (str(path),))
    try:
        stale.execute("BEGIN IMMEDIATE")
        try:
            copied = copy_items(stale, "main", "current")
            stale.execute("COMMIT")
        except BaseException:
            stale.execute("ROLLBACK")
            raise
    finally:
        stale.execute("DETACH DATABASE current")
    return copied
