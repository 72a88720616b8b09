"""LISTEN/NOTIFY: wake the live inbox when another process (or this one) changed a table.

The table is the truth, a notification only says "look again": `wake()` is called for
each one, and once more every time the listener has (re)connected, because whatever was
notified while it was not listening is lost — the woken side re-queries and so misses
nothing. The listener holds its own direct connection, never a pooled one: a LISTEN
belongs to a session, and a pooled connection is handed to other threads between uses.
Behind a transaction-mode pgbouncer it must bypass the bouncer (docs/national.md).

Writers send `pg_notify` inside the transaction of the change (`base.notify`):
PostgreSQL delivers it only if and when that transaction commits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg

from command_center.errors import StoreError
from command_center.postgres.base import CHANNEL
from command_center.postgres.pool import Conn
from command_center.worker import Worker
from wire.logs import event

log = logging.getLogger("command_center.postgres")
POLL_S = 0.5          # how soon stop() is noticed
RETRY_S = (0.1, 5.0)  # reconnect delay: first, at most (doubling between)


class Listener(Worker):
    """One thread, one connection, `LISTEN kiosk110_changed`; reconnects for ever."""

    def __init__(self, connect: Callable[[], Conn], wake: Callable[[], None]) -> None:
        self._connect = connect
        self._wake = wake
        super().__init__("pg-listen", join_s=10)
        self.listening = threading.Event()   # set while LISTEN is in force
        self.connections = 0                 # how many times it has (re)connected
        self.backend_pid: int | None = None

    def _run(self) -> None:
        delay = RETRY_S[0]
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except StoreError as exc:
                event(log, "live.listen_unreachable", error=str(exc), retry_s=delay)
                self._stop.wait(delay)
                delay = min(delay * 2, RETRY_S[1])
                continue
            delay = RETRY_S[0]
            try:
                self._listen(conn)
            except psycopg.Error as exc:
                event(log, "live.listen_lost", error=type(exc).__name__)
            finally:
                self.listening.clear()
                conn.close()

    def _listen(self, conn: Conn) -> None:
        conn.execute(f"LISTEN {CHANNEL}")
        self.backend_pid = conn.info.backend_pid
        self.connections += 1
        self.listening.set()
        self._call_wake()   # what changed while nobody listened: look again
        while not self._stop.is_set():
            for _notice in conn.notifies(timeout=POLL_S):
                self._call_wake()

    def _call_wake(self) -> None:
        try:
            self._wake()
        except Exception:   # a broken subscriber must not end the listening
            log.exception("live.wake_failed")
