"""The change log behind the live inbox (command_center.live) on SQLite.

`record` is called inside the transaction of the write it describes, so a change is
visible exactly when the write is. SQLite has one writer at a time, so sequence order
is commit order: a reader that has seen `seq` N has seen every change up to N.
"""

from __future__ import annotations

import sqlite3

from command_center import rows
from command_center.live import ChangeFeed, ChangeKind, LiveChange, PollingFeed
from command_center.sqlite.base import Tables, dicts

KEEP = 100_000        # change rows kept; older ones go (clients past them re-query all)
PRUNE_EVERY = 1_000


def record(conn: sqlite3.Connection, kind: ChangeKind, ref: str, at: float,
           priority: str = "") -> int:
    """Append one change in the caller's transaction; its sequence number."""
    seq = int(conn.execute("INSERT INTO live_changes (at, kind, ref, priority) "
                           "VALUES (?,?,?,?) RETURNING seq",
                           (at, kind.value, ref, priority)).fetchone()[0])
    if seq % PRUNE_EVERY == 0:
        conn.execute("DELETE FROM live_changes WHERE seq <= ?", (seq - KEEP,))
    return seq


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
