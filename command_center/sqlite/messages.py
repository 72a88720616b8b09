"""The text channel on SQLite (issue 15): operator messages to kiosk sessions."""

from __future__ import annotations

from command_center.conversation import KioskMessage, message_row
from command_center.sqlite.base import Tables, dicts

_COLUMNS = "kiosk_id, seq, session, text, operator, created_at, delivered_at"


class MessageTables(Tables):
    def add_kiosk_message(self, kiosk_id: str, session: str, text: str, operator: str,
                          at: float) -> KioskMessage:
        with self.db.transaction() as conn:
            row = dicts(conn.execute(
                "INSERT INTO kiosk_messages (kiosk_id, seq, session, text, operator, "
                "created_at) SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? "
                "FROM kiosk_messages WHERE kiosk_id = ? RETURNING " + _COLUMNS,
                (kiosk_id, session, text, operator, at, kiosk_id)))
        return message_row(row[0])

    def kiosk_messages(self, kiosk_id: str, after: int, limit: int = 100
                       ) -> list[KioskMessage]:
        return [message_row(r) for r in dicts(self.db.conn().execute(
            "SELECT " + _COLUMNS + " FROM kiosk_messages WHERE kiosk_id = ? AND seq > ? "  # noqa: S608 (constants)
            "ORDER BY seq LIMIT ?", (kiosk_id, after, limit)))]

    def ack_kiosk_messages(self, kiosk_id: str, up_to: int, at: float) -> int:
        with self.db.transaction() as conn:
            return conn.execute(
                "UPDATE kiosk_messages SET delivered_at = ? WHERE kiosk_id = ? AND "
                "seq <= ? AND delivered_at IS NULL", (at, kiosk_id, up_to)).rowcount

    def session_messages(self, kiosk_id: str, session: str) -> list[KioskMessage]:
        return [message_row(r) for r in dicts(self.db.conn().execute(
            "SELECT " + _COLUMNS + " FROM kiosk_messages WHERE kiosk_id = ? AND "  # noqa: S608 (constants)
            "session = ? ORDER BY seq", (kiosk_id, session)))]
