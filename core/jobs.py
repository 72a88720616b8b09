"""Background work for the flow, with results delivered back on the caller's thread.

Storing a report (an fsync) and printing a ticket (seconds on a 9600-baud line) must
not freeze the screen. Each *lane* is one worker thread, so work in a lane runs in
order and an object such as the SQLite outbox is only ever used from its own thread.
`post` hands the completion back to the UI thread (the Qt bridge in `ui/` provides it);
`InlineJobs` runs everything at once, for plain-Python tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from wire.logs import event

T = TypeVar("T")
Done = Callable[[Any], None]   # receives the result, or the exception raised
Post = Callable[[Callable[[], None]], None]

log = logging.getLogger(__name__)


class Jobs(Protocol):
    def run(self, lane: str, work: Callable[[], Any], done: Done) -> None:
        """Run `work` in `lane`; call `done(result_or_exception)` on the UI thread."""

    def close(self) -> None: ...


class InlineJobs:
    def run(self, lane: str, work: Callable[[], Any], done: Done) -> None:
        done(_call(work, lane))

    def close(self) -> None:
        pass


class ThreadJobs:
    def __init__(self, post: Post) -> None:
        self._post = post
        self._lanes: dict[str, ThreadPoolExecutor] = {}

    def run(self, lane: str, work: Callable[[], Any], done: Done) -> None:
        pool = self._lanes.get(lane)
        if pool is None:
            pool = self._lanes[lane] = ThreadPoolExecutor(1, thread_name_prefix=f"job-{lane}")

        def task() -> None:
            result = _call(work, lane)
            self._post(lambda: done(result))

        pool.submit(task)

    def close(self) -> None:
        for pool in self._lanes.values():
            pool.shutdown(wait=True, cancel_futures=False)
        self._lanes.clear()


def _call(work: Callable[[], Any], lane: str) -> Any:
    try:
        return work()
    except Exception as exc:  # handed to `done`, which decides what the user sees
        event(log, "job.failed", logging.WARNING, lane=lane, error=type(exc).__name__)
        return exc
