"""The text channel on PostgreSQL (issue 15): operator messages to kiosk sessions.

Messages are numbered per kiosk (1, 2, …) and a kiosk reads those after its cursor, so a
number must never become visible after a higher one. An advisory lock per kiosk, held
until commit, makes two operators replying to one kiosk (on any process) take turns:
numbering order is commit order. Replies are rare; other kiosks are not held up.
"""

from __future__ import annotations

from command_center.conversation import KioskMessage, message_row
from command_center.postgres.base import Tables

_COLUMNS = "kiosk_id, seq, session, text, operator, created_at, delivered_at"
MESSAGE_LOCK = 110_018   # pg_advisory_xact_lock namespace: one kiosk's numbering


class MessageTables(Tables):
    def add_kiosk_message(self, kiosk_id: str, session: str, text: str, operator: str,
                          at: float) -> KioskMessage:
        with self._transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                         (MESSAGE_LOCK, kiosk_id))
            row = conn.execute(
                "INSERT INTO kiosk_messages (kiosk_id, seq, session, text, operator, "
                "created_at) SELECT %s, coalesce(max(seq), 0) + 1, %s, %s, %s, %s "
                "FROM kiosk_messages WHERE kiosk_id = %s RETURNING " + _COLUMNS,
                (kiosk_id, session, text, operator, at, kiosk_id)).fetchone()
        assert row is not None
        return message_row(row)

    def kiosk_messages(self, kiosk_id: str, after: int, limit: int = 100
                       ) -> list[KioskMessage]:
        return [message_row(r) for r in self._rows(
            "SELECT " + _COLUMNS + " FROM kiosk_messages WHERE kiosk_id = %s "  # noqa: S608 (constants)
            "AND seq > %s ORDER BY seq LIMIT %s", (kiosk_id, after, limit))]

    def ack_kiosk_messages(self, kiosk_id: str, up_to: int, at: float) -> int:
        with self._transaction() as conn:
            return conn.execute(
                "UPDATE kiosk_messages SET delivered_at = %s WHERE kiosk_id = %s AND "
                "seq <= %s AND delivered_at IS NULL", (at, kiosk_id, up_to)).rowcount

    def session_messages(self, kiosk_id: str, session: str) -> list[KioskMessage]:
        return [message_row(r) for r in self._rows(
            "SELECT " + _COLUMNS + " FROM kiosk_messages WHERE kiosk_id = %s AND "  # noqa: S608 (constants)
            "session = %s ORDER BY seq", (kiosk_id, session))]
