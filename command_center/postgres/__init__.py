"""The national storage engine: PostgreSQL (psycopg 3).

`PostgresStore` implements `command_center.store.Store` with the same semantics as the
SQLite engine and passes the same contract tests; its parts live in `kiosks`,
`reports`, `operators` and `partners`, all on one bounded connection `pool`. Several
centre processes may share one database: idempotent inserts use `ON CONFLICT`, claims
`FOR UPDATE SKIP LOCKED`, and every change the live inbox cares about sends a NOTIFY in
its own transaction (`listen.Listener` wakes the inbox).

Durability: a commit returns once PostgreSQL has flushed its WAL (synchronous_commit=on,
the server's default; with a synchronous standby, once the standby has it too).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from typing import TypeVar

from command_center.live import PollingFeed
from command_center.postgres.changes import ChangeTables
from command_center.postgres.listen import Listener
from command_center.postgres.messages import MessageTables
from command_center.postgres.operators import OperatorTables
from command_center.postgres.partners import PartnerTables
from command_center.postgres.pool import Conn, Pool
from command_center.postgres.reports import ReportTables
from command_center.postgres.schema import migrate
from command_center.postgres.units import UnitTables
from command_center.store import Store

T = TypeVar("T")
SCHEMES = ("postgresql://", "postgres://")
# With LISTEN/NOTIFY waking the feed at once, its re-check is only the safety net for a
# notification lost while the listener reconnects (it also wakes on reconnect).
RECHECK_S = 2.0
__all__ = ["SCHEMES", "Listener", "PostgresStore", "is_postgres_url"]


def is_postgres_url(url: str) -> bool:
    return url.startswith(SCHEMES)


class PostgresStore(ReportTables, OperatorTables, PartnerTables, ChangeTables,
                    MessageTables, UnitTables, Store):
    reads_block = True   # every read is a round trip to the server

    def __init__(self, url: str, clock: Callable[[], float] = time.time,
                 pool_size: int = 16) -> None:
        self.pool = Pool(url, size=pool_size)
        self._clock = clock
        with closing(self.pool.connect()) as conn:
            self.schema_version = migrate(conn)
        # Kiosk writes run here, off the event loop; each worker borrows a pooled
        # connection per write, so concurrent kiosks commit in parallel and PostgreSQL
        # groups their WAL flushes.
        self._writers = ThreadPoolExecutor(max_workers=pool_size,
                                           thread_name_prefix="cc-pg-writer")
        self._feed = PollingFeed(self.change_seq, recheck_s=RECHECK_S)
        self._listener: Listener | None = None
        self._listener_lock = threading.Lock()

    def close(self) -> None:
        with self._listener_lock:
            if self._listener is not None:
                self._listener.stop()
        self._feed.close()
        self._writers.shutdown(wait=True)
        self.pool.close()

    def _start_listening(self) -> None:
        """The feed's LISTEN connection, from the first `change_feed()` on (a CLI
        command that never asks for the feed opens no listener)."""
        with self._listener_lock:
            if self._listener is None:
                self._listener = self.listen(self._feed.notify)
                self._listener.listening.wait(2.0)   # else the re-check covers the gap

    def listen(self, wake: Callable[[], None]) -> Listener:
        """A started listener calling `wake()` on every change (and on reconnect)."""
        return Listener(self.pool.connect, wake).start()

    async def _write(self, write: Callable[[Conn], T], transaction: bool = True) -> T:
        """Run `write` on a writer thread, in a transaction (or, for a write that is
        one statement, in that statement's own: one round trip less each way)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writers, self._committed, write,
                                          transaction)

    def _committed(self, write: Callable[[Conn], T], transaction: bool) -> T:
        if not transaction:
            with self.pool.connection() as conn:
                return write(conn)
        with self._transaction() as conn:
            return write(conn)
