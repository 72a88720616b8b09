"""Read a value as it is now, after calls that changed it.

mypy keeps an attribute narrowed by `assert flow.screen is Screen.HOME` across later calls
that change it (it cannot know they do), and then calls the next check impossible.
Reading through a function gives the declared type back; the check itself is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def now(read: Callable[[], T]) -> T:
    """`read()`: e.g. `assert now(lambda: flow.screen) is Screen.CALL` after a lift."""
    return read()
