"""The outbox's inbound tables: what the centre sends back to the kiosk (issue 15).

Only the uploader talks to the centre; the UI process has no network. So the centre's
answers come in through the same SQLite file as everything else (one outbox object per
process: `Outbox.inbound` shares its connections), in three tables:

- `conversations`: sessions whose caller asked for the text channel. A row is written
  in the same transaction as the `call.assist_requested` event (`Outbox.enqueue_event`)
  and marked ended by the UI when the conversation is over (`conversation_ended`);
  the uploader polls the centre's messages only while one is active and younger than
  `CONVERSATION_MAX_S` (a kiosk that crashed mid-call does not poll for ever).
- `messages`: the operator's replies, keyed by `(kiosk, seq)`, kept only for active
  conversations and deleted when the conversation ends. `inbound_cursor` remembers the
  last seq received and the last one acknowledged to the centre, so a reply is stored
  before it is acknowledged and never acknowledged twice.
- `lookups`: *Cek laporan* requests for codes this kiosk does not hold; the uploader
  fills `answer_json`, the UI polls it (`core.lookup.RemoteLookup`).

Every value is read tolerantly: a stored text with control or bidi characters is
cleaned, a long one clipped, unreadable JSON is "could not ask" — never an exception
on the screen.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.conversation import MAX_TEXT, Message, Sender
from core.lookup import LookupAnswer, Progress
from offline_queue.database import Database
from wire.status import OperatorStatus
from wire.text import text_problem

# How long a conversation may stay active without the UI ending it (a crash, a
# power cut): the uploader stops polling and its messages go.
CONVERSATION_MAX_S = 3600.0
# Lookups older than this are no longer polled by the UI (it gives up after 60 s).
LOOKUP_MAX_S = 600.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    session   TEXT PRIMARY KEY,
    asked_at  REAL NOT NULL,          -- epoch of the call.assist_requested enqueue
    ended_at  REAL                    -- NULL: still on the screen
);
CREATE TABLE IF NOT EXISTS messages (
    kiosk       TEXT NOT NULL,
    seq         INTEGER NOT NULL,     -- the centre's per-kiosk order
    session     TEXT NOT NULL,
    at          TEXT NOT NULL,        -- RFC 3339, the centre's time
    text        TEXT NOT NULL,
    received_at REAL NOT NULL,
    PRIMARY KEY (kiosk, seq)
);
CREATE INDEX IF NOT EXISTS messages_session ON messages (session, seq);
CREATE TABLE IF NOT EXISTS inbound_cursor (
    kiosk     TEXT PRIMARY KEY,
    received  INTEGER NOT NULL DEFAULT 0,  -- highest seq stored (or seen and dropped)
    acked     INTEGER NOT NULL DEFAULT 0   -- highest seq the centre was told of
);
CREATE TABLE IF NOT EXISTS lookups (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL,
    asked_at    REAL NOT NULL,
    answer_json TEXT,
    answered_at REAL
);
"""


@dataclass(frozen=True)
class InboundMessage:
    """One operator message as the centre sent it, already checked (offline_queue.
    replies)."""

    seq: int
    session: str
    at: str
    text: str


def shown_text(value: object) -> str:
    """A stored text as the screen may show it: one line, printable, ≤ MAX_TEXT."""
    text = value if isinstance(value, str) else ""
    if text_problem(text) is not None:
        text = "".join(ch for ch in text if text_problem(ch) is None)
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def start_conversation(conn: sqlite3.Connection, session: str, now: float) -> None:
    """Inside the enqueue transaction of a `call.assist_requested` event."""
    conn.execute("INSERT INTO conversations (session, asked_at) VALUES (?, ?) "
                 "ON CONFLICT (session) DO UPDATE SET asked_at = excluded.asked_at, "
                 "ended_at = NULL", (session, now))


class Inbound:
    """`core.conversation.OperatorMessages` and `core.lookup.RemoteLookup` for the UI;
    the uploader's side of the same tables."""

    def __init__(self, db: Database, kiosk_id: str, clock: Callable[[], float] = time.time
                 ) -> None:
        self._db = db
        self.kiosk_id = kiosk_id
        self._clock = clock

    def for_kiosk(self, kiosk_id: str) -> Inbound:
        """The same tables for `kiosk_id` (an outbox opened without its kiosk's id)."""
        return self if kiosk_id == self.kiosk_id else Inbound(self._db, kiosk_id, self._clock)

    # -- the UI (store lane) -----------------------------------------------------------

    def operator_messages(self, session: str, after: int) -> list[Message]:
        with self._db.read("reading operator messages") as conn:
            rows = conn.execute(
                "SELECT seq, text, at FROM messages WHERE kiosk = ? AND session = ? "
                "AND seq > ? ORDER BY seq", (self.kiosk_id, session, after)).fetchall()
        return [Message(Sender.OPERATOR, shown_text(text), int(seq),
                        at if isinstance(at, str) else "")
                for seq, text, at in rows if isinstance(seq, int)]

    def conversation_ended(self, session: str) -> None:
        """The conversation left the screen: stop polling for it, forget its messages."""
        with self._db.write("ending a conversation", durable=False) as conn:
            conn.execute("UPDATE conversations SET ended_at = ? WHERE session = ?",
                         (self._clock(), session))
            conn.execute("DELETE FROM messages WHERE session = ?", (session,))

    def ask(self, code: str) -> str:
        lookup_id = str(uuid.uuid4())
        with self._db.write("asking for a report's status", durable=False) as conn:
            conn.execute("INSERT INTO lookups (id, code, asked_at) VALUES (?, ?, ?)",
                         (lookup_id, code, self._clock()))
        return lookup_id

    def answer(self, lookup_id: str) -> LookupAnswer | None:
        with self._db.read("reading a lookup") as conn:
            row = conn.execute("SELECT code, answer_json FROM lookups WHERE id = ?",
                               (lookup_id,)).fetchone()
        if row is None or row[1] is None:
            return None
        return lookup_answer(str(row[0]), row[1])

    # -- the uploader ------------------------------------------------------------------

    def active_sessions(self) -> list[str]:
        since = self._clock() - CONVERSATION_MAX_S
        with self._db.read("reading active conversations") as conn:
            rows = conn.execute("SELECT session FROM conversations WHERE ended_at IS NULL "
                                "AND asked_at >= ? ORDER BY asked_at", (since,)).fetchall()
        return [r[0] for r in rows]

    def cursor(self) -> tuple[int, int]:
        """(highest seq received, highest seq acknowledged)."""
        with self._db.read("reading the message cursor") as conn:
            row = conn.execute("SELECT received, acked FROM inbound_cursor WHERE kiosk = ?",
                               (self.kiosk_id,)).fetchone()
        return (0, 0) if row is None else (int(row[0]), int(row[1]))

    def store_messages(self, messages: Iterable[InboundMessage]) -> tuple[int, list[int]]:
        """Store the messages of active conversations, durably, and move the cursor past
        every one seen. Returns (new cursor, seqs dropped: their session is not active)."""
        active = set(self.active_sessions())
        now = self._clock()
        dropped: list[int] = []
        with self._db.write("storing operator messages") as conn:
            row = conn.execute("SELECT received FROM inbound_cursor WHERE kiosk = ?",
                               (self.kiosk_id,)).fetchone()
            received = 0 if row is None else int(row[0])
            for m in messages:
                if m.seq <= received:
                    continue
                if m.session in active:
                    conn.execute("INSERT INTO messages (kiosk, seq, session, at, text, "
                                 "received_at) VALUES (?, ?, ?, ?, ?, ?) "
                                 "ON CONFLICT (kiosk, seq) DO NOTHING",
                                 (self.kiosk_id, m.seq, m.session, m.at, m.text, now))
                else:
                    dropped.append(m.seq)
                received = max(received, m.seq)
            conn.execute("INSERT INTO inbound_cursor (kiosk, received) VALUES (?, ?) "
                         "ON CONFLICT (kiosk) DO UPDATE SET received = "
                         "max(received, excluded.received)", (self.kiosk_id, received))
        return received, dropped

    def mark_acked(self, up_to: int) -> None:
        with self._db.write("recording a message acknowledgement", durable=False) as conn:
            conn.execute("UPDATE inbound_cursor SET acked = max(acked, ?) WHERE kiosk = ?",
                         (up_to, self.kiosk_id))

    def lookups_due(self) -> list[tuple[str, str]]:
        """(id, code) of lookups still waiting for the centre's answer."""
        since = self._clock() - LOOKUP_MAX_S
        with self._db.read("reading lookups") as conn:
            rows = conn.execute("SELECT id, code FROM lookups WHERE answer_json IS NULL "
                                "AND asked_at >= ? ORDER BY asked_at LIMIT 5",
                                (since,)).fetchall()
        return [(str(a), str(b)) for a, b in rows]

    def store_answer(self, lookup_id: str, answer: dict[str, object]) -> None:
        with self._db.write("storing a lookup answer", durable=False) as conn:
            conn.execute("UPDATE lookups SET answer_json = ?, answered_at = ? WHERE id = ?",
                         (json.dumps(answer, ensure_ascii=True), self._clock(), lookup_id))

    def prune(self) -> int:
        """Messages of ended or stale conversations, and old lookups, go."""
        now = self._clock()
        with self._db.write("pruning inbound tables", durable=False) as conn:
            gone = conn.execute(
                "DELETE FROM messages WHERE session NOT IN (SELECT session FROM "
                "conversations WHERE ended_at IS NULL AND asked_at >= ?)",
                (now - CONVERSATION_MAX_S,)).rowcount
            conn.execute("DELETE FROM conversations WHERE coalesce(ended_at, asked_at) < ?",
                         (now - CONVERSATION_MAX_S,))
            conn.execute("DELETE FROM lookups WHERE asked_at < ?", (now - LOOKUP_MAX_S,))
        return int(gone)


def lookup_answer(code: str, raw: object) -> LookupAnswer:
    """A stored answer as the screen shows it; anything unreadable is UNAVAILABLE."""
    try:
        data = json.loads(raw) if isinstance(raw, (str, bytes)) else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("found"), bool):
        return LookupAnswer(code, Progress.UNAVAILABLE)
    if not data["found"]:
        return LookupAnswer(code, Progress.NOT_FOUND)
    status = OperatorStatus.parse(data.get("status"))
    category, updated = data.get("category"), data.get("updated_at")
    return LookupAnswer.from_status(
        code, status, delivered=True,
        category=category if isinstance(category, str) else None,
        updated_at=updated if isinstance(updated, str) else None)
