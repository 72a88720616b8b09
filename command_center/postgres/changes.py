"""The change log behind the live inbox (command_center.live) on PostgreSQL.

The contract says sequence order is commit order: a client that has seen `seq` N must
never later find a change numbered below N. On SQLite (one writer at a time) an
autoincrement gives that for free. On PostgreSQL concurrent transactions draw sequence
numbers in one order and commit in another, so a number drawn at insert could appear
*behind* a reader's cursor. Numbering under a lock at each write would serialise every
commit (and its WAL flush) of every centre process.

So writers insert their change row with `seq` NULL, in their own transaction, and send a
NOTIFY with it (`record`). Readers number what has committed (`stamp`): under an
advisory lock, every visible row without a number gets the next ones, in insertion
order. A row that commits later is numbered later, above everything numbered before:
the sequence is the order in which changes became visible — commit order — and it only
grows. Stamping is one short transaction when something is new, an index look-up
(`live_changes_unstamped`) when nothing is.
"""

from __future__ import annotations

from command_center import rows
from command_center.live import ChangeFeed, LiveChange, PollingFeed
from command_center.postgres.base import Tables, record

KEEP = 100_000        # numbered change rows kept; older ones go
STAMP_LOCK = 110_017  # pg_advisory_xact_lock key of the numbering
PRUNE_EVERY = 1_000
__all__ = ["ChangeTables", "record"]


class ChangeTables(Tables):
    _feed: PollingFeed

    def change_seq(self) -> int:
        self._stamp()
        row = self._one("SELECT coalesce(max(seq), 0) AS seq FROM live_changes")
        return int(row["seq"]) if row else 0

    def changes_since(self, after_seq: int, limit: int = 500) -> list[LiveChange]:
        self._stamp()
        found = self._rows("SELECT seq, at, kind, ref, priority FROM live_changes "
                           "WHERE seq > %s ORDER BY seq LIMIT %s", (after_seq, max(1, limit)))
        return [rows.live_change_row(r) for r in found]

    def change_feed(self) -> ChangeFeed:
        self._start_listening()
        return self._feed

    def _start_listening(self) -> None:
        raise NotImplementedError

    def _stamp(self) -> None:
        """Number every committed change that has no number yet (see the module)."""
        if self._one("SELECT 1 AS x FROM live_changes WHERE seq IS NULL LIMIT 1") is None:
            return
        with self._transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (STAMP_LOCK,))
            # This statement's snapshot is taken after the lock: it sees every number
            # the previous holder gave, so numbers never repeat.
            row = conn.execute(
                "WITH base AS (SELECT coalesce(max(seq), 0) AS top FROM live_changes), "
                "numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n "
                "FROM live_changes WHERE seq IS NULL) "
                "UPDATE live_changes c SET seq = base.top + numbered.n FROM base, numbered "
                "WHERE c.id = numbered.id RETURNING c.seq").fetchall()
            top = max((int(r["seq"]) for r in row), default=0)
            if top and top // PRUNE_EVERY != (top - len(row)) // PRUNE_EVERY:
                conn.execute("DELETE FROM live_changes WHERE seq <= %s", (top - KEEP,))
