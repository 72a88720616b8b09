"""The change log behind the live inbox (command_center.live) on SQLite.

`record` is called inside the transaction of the write it describes, so a change is
visible exactly when the write is. SQLite has one writer at a time, so sequence order
is commit order: a reader that has seen `seq` N has seen every change up to N.
"""

from __future__ import annotations

from command_center import rows
from command_center.live import ChangeFeed, LiveChange, PollingFeed
from command_center.sqlite.base import KEEP, PRUNE_EVERY, Tables, dicts, record

__all__ = ["KEEP", "PRUNE_EVERY", "ChangeTables", "record"]


class ChangeTables(Tables):
    _feed: PollingFeed

    def change_seq(self) -> int:
        row = self.db.conn().execute("SELECT max(seq) FROM live_changes").fetchone()
        return int(row[0]) if row is not None and isinstance(row[0], int) else 0

    def changes_since(self, after_seq: int, limit: int = 500) -> list[LiveChange]:
        found = dicts(self.db.conn().execute(
            "SELECT seq, at, kind, ref, priority FROM live_changes WHERE seq > ? "
            "ORDER BY seq LIMIT ?", (after_seq, max(1, limit))))
        return [rows.live_change_row(r) for r in found]

    def change_feed(self) -> ChangeFeed:
        return self._feed
