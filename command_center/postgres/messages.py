"""The text channel on PostgreSQL (issue 15; its tables: command_center/tables/messages.py).

An advisory lock per kiosk, held until commit, makes two operators replying to one kiosk
(on any process) take turns: numbering order is commit order. Replies are rare; other
kiosks are not held up.
"""

from __future__ import annotations

from command_center.postgres.base import Tables
from command_center.tables import messages
from command_center.tables.session import Session

MESSAGE_LOCK = 110_018   # pg_advisory_xact_lock namespace: one kiosk's numbering


class MessageTables(messages.MessageTables, Tables):
    def _lock_numbering(self, s: Session, kiosk_id: str) -> None:
        s.one("SELECT pg_advisory_xact_lock(?, hashtext(?)) AS x", (MESSAGE_LOCK, kiosk_id))
