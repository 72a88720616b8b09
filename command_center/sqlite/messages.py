"""The text channel on SQLite (issue 15; its tables: command_center/tables/messages.py)."""

from __future__ import annotations

from command_center.sqlite.base import Tables
from command_center.tables import messages


class MessageTables(messages.MessageTables, Tables):
    pass
