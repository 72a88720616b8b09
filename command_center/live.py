"""What wakes the live inbox: a change sequence in the database and a waker per engine.

Every write an operator should see at once — a report or event stored, an operator's
action, an escalation — appends one row to the store's change log in the *same
transaction* (`Store.changes_since`, `Store.change_seq`). The sequence only grows, so
it is what a page or an SSE client says it has seen (`Last-Event-ID`).

The table is the truth. A `ChangeFeed` only says "look again": after a wake, and on
every reconnect, clients re-query the store from the sequence they last saw. A lost
wake therefore costs latency, never an item.

`PollingFeed` is the engine-neutral waker: writers in this process call `notify()`
after their commit (any thread) and waiters wake at once; a periodic re-check of
`current()` catches commits by another process (the CLI, a second server) within
`recheck_s`. The SQLite engine uses it as it is; the PostgreSQL engine calls
`notify()` from its LISTEN connection and may re-check less often.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    """What a change-log row says happened (branch on these, never on text)."""

    REPORT = "report"            # a report was stored
    EVENT = "event"              # a kiosk event was stored (call.started, …)
    ACTION = "action"            # an operator acted on a report
    ESCALATION = "escalation"    # a report moved to another unit (issue 15 routing)


@dataclass(frozen=True)
class LiveChange:
    """One row of the change log: `ref` is the report's or the event's id."""

    seq: int
    kind: ChangeKind | str       # a kind this version does not know stays a str
    ref: str
    at: float
    priority: str = ""           # the item's priority when written ("" if none)


class ChangeFeed(ABC):
    """Wakes waiters when the change sequence may have moved."""

    @abstractmethod
    def notify(self) -> None:
        """A change was committed: wake every waiter now. Safe from any thread."""

    @abstractmethod
    async def wait(self, after_seq: int, timeout_s: float) -> int:
        """The current sequence as soon as it is greater than `after_seq`, or whatever
        it is when `timeout_s` has passed (the caller then sends a heartbeat)."""

    @abstractmethod
    def close(self) -> None:
        """Stop any background work (idempotent)."""


class PollingFeed(ChangeFeed):
    """In-process wakes plus a re-check of `current()` every `recheck_s`.

    `current` reads the committed sequence (a cheap indexed query); it runs on a worker
    thread, so the event loop never waits on the database."""

    def __init__(self, current: Callable[[], int], recheck_s: float = 0.25,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._current = current
        self._recheck_s = recheck_s
        self._clock = clock
        self._lock = threading.Lock()
        # The event of each loop's current waiters (tests may run several loops).
        self._events: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}

    def notify(self) -> None:
        with self._lock:
            loops = list(self._events)
        for loop in loops:
            try:
                loop.call_soon_threadsafe(self._fire, loop)
            except RuntimeError:   # that loop has closed
                with self._lock:
                    self._events.pop(loop, None)

    def _fire(self, loop: asyncio.AbstractEventLoop) -> None:
        # Set the event the waiters hold and hand later waiters a fresh one: nobody
        # ever clears an event another waiter has yet to see.
        with self._lock:
            event = self._events.pop(loop, None)
        if event is not None:
            event.set()

    async def wait(self, after_seq: int, timeout_s: float) -> int:
        loop = asyncio.get_running_loop()
        deadline = self._clock() + timeout_s
        while True:
            with self._lock:   # taken before reading, so no wake can fall in between
                event = self._events.setdefault(loop, asyncio.Event())
            seq = await asyncio.to_thread(self._current)
            left = deadline - self._clock()
            if seq > after_seq or left <= 0:
                return seq
            with contextlib.suppress(TimeoutError):   # the re-check's turn
                await asyncio.wait_for(event.wait(), min(left, self._recheck_s))

    def close(self) -> None:
        with self._lock:
            self._events.clear()
