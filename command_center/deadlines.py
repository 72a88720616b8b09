"""How long an item may wait for an operator: the one place the inbox reads it from.

A row that carries its own `deadline` (an epoch, from the routing rows of its unit) is
judged by it; otherwise the deadline follows from the priority. Swap `deadline_of` for
the routing rows' answer and every page follows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Seconds to acknowledge, by priority, when the row names no deadline of its own.
BY_PRIORITY_S = {"emergency": 60.0, "urgent": 300.0, "normal": 900.0}
DEFAULT_S = BY_PRIORITY_S["normal"]
WARN_AT = 0.5   # the age turns amber at half the time to the deadline


class Urgency(StrEnum):
    """How an open item's age stands against its deadline (the age column's colour)."""

    OK = "ok"
    WARN = "warn"
    OVERDUE = "overdue"
    DONE = "done"        # acknowledged or closed: no deadline runs


@dataclass(frozen=True)
class Deadline:
    start: float     # when the clock started (received here)
    at: float        # when it must have been acknowledged

    def urgency(self, now: float, waiting: bool) -> Urgency:
        if not waiting:
            return Urgency.DONE
        if now >= self.at:
            return Urgency.OVERDUE
        if now - self.start >= (self.at - self.start) * WARN_AT:
            return Urgency.WARN
        return Urgency.OK


def deadline_of(row: Any) -> Deadline:
    """The deadline of a report row (or anything with `received_at`/`priority`)."""
    start = _number(getattr(row, "received_at", None)) or 0.0
    own = _number(getattr(row, "deadline", None))
    if own is not None:
        return Deadline(start, own)
    return Deadline(start, start + BY_PRIORITY_S.get(str(getattr(row, "priority", "")),
                                                     DEFAULT_S))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None
