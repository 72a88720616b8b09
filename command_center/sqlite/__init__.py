"""The embedded storage engine: one SQLite file (WAL) in the data dir.

`SqliteStore` implements `command_center.store.Store`; its parts live in `kiosks`,
`reports`, `operators`, `partners` and `units`, all on one `command_center.db.Database`.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from command_center.db import DB_FILE, Checkpointer, Database, GroupCommit, Synchronous
from command_center.live import PollingFeed
from command_center.sqlite.changes import ChangeTables
from command_center.sqlite.kiosks import KioskTables
from command_center.sqlite.messages import MessageTables
from command_center.sqlite.operators import OperatorTables
from command_center.sqlite.partners import PartnerTables
from command_center.sqlite.reports import ReportTables
from command_center.sqlite.units import UnitTables
from command_center.store import Store

T = TypeVar("T")
__all__ = ["DB_FILE", "SqliteStore"]


class SqliteStore(KioskTables, ReportTables, OperatorTables, PartnerTables, MessageTables,
                  UnitTables, ChangeTables,
                  Store):
    def __init__(self, data_dir: Path, synchronous: Synchronous = "normal",
                 clock: Callable[[], float] = time.time) -> None:
        self.db = Database(data_dir / DB_FILE, synchronous)
        self._clock = clock
        self._checkpointer = (Checkpointer(self.db.path).start()
                              if synchronous == "normal" else None)
        # Under FULL, kiosk writes share fsyncs (db.GroupCommit); under NORMAL a commit
        # costs ~0.2 ms and runs on the caller's own connection.
        self._group = GroupCommit(self.db) if synchronous == "full" else None
        # Writers here notify it after their commit; its re-check sees other processes.
        self._feed = PollingFeed(self.change_seq)

    def close(self) -> None:
        self._feed.close()
        if self._group is not None:
            self._group.stop()
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.db.close()

    async def _write(self, write: Callable[[sqlite3.Connection], T]) -> T:
        """Run `write` in a committed transaction without blocking the event loop: under
        FULL in the writer thread's next group (the fsync is waited for there), under
        NORMAL right here (autocommit; a commit without fsync takes ~0.2 ms)."""
        if self._group is not None:
            return await asyncio.wrap_future(self._group.submit(write))
        return write(self.db.conn())
