"""Waiting on a condition, never on time: the one `wait_until` of the suite and a
listener that keeps what a device told it (the machine is shared, so the limits are
generous; a test that passes returns as soon as its condition holds)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

WAIT_S = 20.0

T = TypeVar("T")


def wait_until(predicate: Callable[[], bool], timeout: float = WAIT_S,
               every: float = 0.01) -> bool:
    """Whether `predicate` came true within `timeout` seconds (checked every `every`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


class Heard(Generic[T]):
    """A listener that keeps every value it is given (from any thread) and lets a test
    wait for one."""

    def __init__(self) -> None:
        self.values: list[T] = []
        self._cond = threading.Condition()

    def __call__(self, value: T) -> None:
        with self._cond:
            self.values.append(value)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[T], bool], timeout: float = WAIT_S) -> T:
        """The first value `predicate` accepts; AssertionError if none came in time."""
        with self._cond:
            found: list[T] = []

            def seen() -> bool:
                found[:] = [v for v in self.values if predicate(v)]
                return bool(found)

            if not self._cond.wait_for(seen, timeout):
                raise AssertionError(f"nothing such within {timeout} s; got {self.describe()}")
            return found[0]

    def describe(self) -> str:
        return repr(self.values)

    def snapshot(self) -> list[T]:
        with self._cond:
            return list(self.values)
