"""The text channel (issue 15), once for both engines: operator messages to kiosk
sessions, numbered per kiosk (1, 2, …); a kiosk reads those after its cursor, so a
number must never become visible after a higher one (`_lock_numbering`)."""

from __future__ import annotations

from command_center.conversation import KioskMessage, message_row
from command_center.tables import session as db

COLUMNS = "kiosk_id, seq, session, text, operator, created_at, delivered_at"


class MessageTables(db.Engine):
    def _lock_numbering(self, s: db.Session, kiosk_id: str) -> None:
        """Make two replies to one kiosk take turns until commit (on SQLite, BEGIN
        IMMEDIATE has done it already)."""

    def add_kiosk_message(self, kiosk_id: str, session: str, text: str, operator: str,
                          at: float) -> KioskMessage:
        with self._tx() as s:
            self._lock_numbering(s, kiosk_id)
            row = s.one(
                "INSERT INTO kiosk_messages (kiosk_id, seq, session, text, operator, "
                "created_at) SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? "
                "FROM kiosk_messages WHERE kiosk_id = ? RETURNING " + COLUMNS,
                (kiosk_id, session, text, operator, at, kiosk_id))
        assert row is not None
        return message_row(row)

    def kiosk_messages(self, kiosk_id: str, after: int, limit: int = 100
                       ) -> list[KioskMessage]:
        return [message_row(r) for r in self._read().rows(
            "SELECT " + COLUMNS + " FROM kiosk_messages WHERE kiosk_id = ? AND seq > ? "  # noqa: S608 (constants)
            "ORDER BY seq LIMIT ?", (kiosk_id, after, limit))]

    def ack_kiosk_messages(self, kiosk_id: str, up_to: int, at: float) -> int:
        with self._tx() as s:
            return s.run(
                "UPDATE kiosk_messages SET delivered_at = ? WHERE kiosk_id = ? AND "
                "seq <= ? AND delivered_at IS NULL", (at, kiosk_id, up_to))

    def session_messages(self, kiosk_id: str, session: str) -> list[KioskMessage]:
        return [message_row(r) for r in self._read().rows(
            "SELECT " + COLUMNS + " FROM kiosk_messages WHERE kiosk_id = ? AND "  # noqa: S608 (constants)
            "session = ? ORDER BY seq", (kiosk_id, session))]
