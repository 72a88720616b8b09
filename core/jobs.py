"""The one way the kiosk process runs background work: named long-lived lanes.

Storing a report (an fsync), printing a ticket (seconds on a 9600-baud line), asking a
printer for its status or checking a PIN (scrypt, ~150 ms) must not freeze the screen.
Each `Lane` is one long-lived worker thread: work in a lane runs in order, and an
object such as the SQLite outbox is only ever used from its own lane (`LaneLocal`), so
the process holds one connection per lane, however many pages ask.

`done(result)` runs on the caller's thread through `post` (the Qt bridge in `ui/`
provides it) with a typed `Result`: `Ok(value)` or `Failed(error)`, never a bare
exception to sniff with isinstance. `alive` lets a page that asked and was closed
meanwhile not be called back. `InlineJobs` runs everything at once, for plain-Python
tests. `close()` drains every lane: work already asked for (the "left maintenance"
event, a report being stored) is finished, never dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeAlias, TypeVar

from wire.logs import event

T = TypeVar("T")
log = logging.getLogger(__name__)


class Lane(StrEnum):
    STORE = "store"       # the outbox: every read and write of the process's one Outbox
    PRINT = "print"       # tickets and test prints
    DEVICES = "devices"   # status queries and health snapshots of the devices
    PIN = "pin"           # technician PIN checks (CPU-bound scrypt)


@dataclass(frozen=True)
class Ok(Generic[T]):
    value: T


@dataclass(frozen=True)
class Failed:
    error: Exception
    lane: Lane


Result: TypeAlias = Ok[T] | Failed
Post = Callable[[Callable[[], None]], None]
Alive = Callable[[], bool]


class Jobs(Protocol):
    def run(self, lane: Lane, work: Callable[[], T],
            done: Callable[[Result[T]], None] | None = None, *,
            alive: Alive | None = None) -> None:
        """Run `work` in `lane`; then `done(result)` on the UI thread, if `alive()`."""

    def close(self) -> None: ...


class InlineJobs:
    """Runs work at once on the calling thread (plain-Python tests, one-shot commands)."""

    def run(self, lane: Lane, work: Callable[[], T],
            done: Callable[[Result[T]], None] | None = None, *,
            alive: Alive | None = None) -> None:
        result = _call(work, lane)
        if done is not None and (alive is None or alive()):
            done(result)

    def close(self) -> None:
        pass


class ThreadJobs:
    def __init__(self, post: Post) -> None:
        self._post = post
        self._lanes: dict[Lane, ThreadPoolExecutor] = {}
        self._lock = threading.Lock()
        self._closed = False

    def run(self, lane: Lane, work: Callable[[], T],
            done: Callable[[Result[T]], None] | None = None, *,
            alive: Alive | None = None) -> None:
        with self._lock:
            if self._closed:   # a timer firing while the app shuts down
                event(log, "job.after_close", logging.DEBUG, lane=lane.value)
                return
            pool = self._lanes.get(lane)
            if pool is None:
                pool = self._lanes[lane] = ThreadPoolExecutor(
                    1, thread_name_prefix=f"lane-{lane.value}")

        def task() -> None:
            result = _call(work, lane)
            if done is not None:
                self._post(lambda: _deliver(done, result, alive))

        pool.submit(task)

    def close(self) -> None:
        """Finish everything already asked for, then stop the lanes' threads."""
        with self._lock:
            self._closed = True
            lanes = list(self._lanes.values())
            self._lanes.clear()
        for pool in lanes:
            pool.shutdown(wait=True, cancel_futures=False)


class LaneLocal(Generic[T]):
    """An object made on first use inside its lane and used only there (the outbox's
    SQLite connection lives on the thread that made it)."""

    def __init__(self, lane: Lane, factory: Callable[[], T]) -> None:
        self.lane = lane
        self._factory = factory
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._factory()
            return self._value

    def built(self) -> T | None:
        """The object if it was made, else None (for closing it)."""
        return self._value


def _deliver(done: Callable[[Result[T]], None], result: Result[T],
             alive: Alive | None) -> None:
    if alive is None or alive():
        done(result)


def _call(work: Callable[[], T], lane: Lane) -> Result[T]:
    try:
        return Ok(work())
    except Exception as exc:  # handed to `done`, which decides what the user sees
        event(log, "job.failed", logging.WARNING, lane=lane.value, error=type(exc).__name__)
        return Failed(exc, lane)
