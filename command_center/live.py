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
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from wire.logs import event as log_event

log = logging.getLogger("command_center.live")


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


@dataclass
class _LoopState:
    """What one event loop's waiters share: the sequence last read, the event that
    wakes them when it moves, and the poller that reads it."""

    seq: int = -1
    event: asyncio.Event = field(default_factory=asyncio.Event)
    kick: asyncio.Event = field(default_factory=asyncio.Event)   # read now
    waiters: int = 0
    task: asyncio.Task[None] | None = None


class PollingFeed(ChangeFeed):
    """In-process wakes plus a re-check of `current()` every `recheck_s`.

    `current` reads the committed sequence (a cheap indexed query) on a worker thread,
    so the event loop never waits on the database. However many streams wait, one
    poller per event loop reads it: once per `recheck_s`, and at once after `notify()`;
    it runs only while someone waits."""

    def __init__(self, current: Callable[[], int], recheck_s: float = 0.25,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._current = current
        self._recheck_s = recheck_s
        self._clock = clock
        self._lock = threading.Lock()
        self._loops: dict[asyncio.AbstractEventLoop, _LoopState] = {}
        self._closed = False

    def notify(self) -> None:
        with self._lock:
            loops = list(self._loops.items())
        for loop, state in loops:
            try:
                loop.call_soon_threadsafe(state.kick.set)
            except RuntimeError:   # that loop has closed
                with self._lock:
                    self._loops.pop(loop, None)

    async def wait(self, after_seq: int, timeout_s: float) -> int:
        loop = asyncio.get_running_loop()
        with self._lock:
            state = self._loops.setdefault(loop, _LoopState())
        state.waiters += 1
        if state.task is None or state.task.done():
            state.task = loop.create_task(self._poll(state))
        try:
            deadline = self._clock() + timeout_s
            seq = await asyncio.to_thread(self._current)   # fresh on every call
            state.seq = max(state.seq, seq)
            while True:
                event = state.event
                left = deadline - self._clock()
                if state.seq > after_seq or left <= 0:
                    return state.seq
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), left)
        finally:
            state.waiters -= 1

    async def _poll(self, state: _LoopState) -> None:
        while state.waiters > 0 and not self._closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(state.kick.wait(), self._recheck_s)
            # Cleared before reading: a notify after this read sets it again, and one
            # before it committed before the read, so the read sees its change.
            state.kick.clear()
            try:
                seq = await asyncio.to_thread(self._current)
            except Exception as exc:   # busy or gone: the next round tries again
                log_event(log, "live.recheck_failed", logging.WARNING,
                          error=type(exc).__name__)
                continue
            if seq != state.seq:
                state.seq = seq
                # Wake the waiters holding this event; later ones get a fresh one, so
                # nobody ever clears an event another waiter has yet to see.
                woken, state.event = state.event, asyncio.Event()
                woken.set()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            self._loops.clear()
