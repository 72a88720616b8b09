"""Typed records of the outbox: item states, kinds, queue statistics, summaries.

Summaries carry no personal data (no payload): they are what `list`, the maintenance
screen and the heartbeat may show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Any

from wire.categories import Priority
from wire.report import rfc3339

# Priority.rank is stored, so the claim can ORDER BY it (lower sends first).
PRIORITY_BY_RANK = {p.rank: p for p in Priority}


class State(IntEnum):
    """Stored as an integer. CLAIMED is in flight: it counts as pending everywhere."""

    PENDING = 0
    CLAIMED = 1
    DELIVERED = 2
    FAILED = 3

    @classmethod
    def parse(cls, name: str) -> State:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown state {name!r}; expected one of {names}") from None


class Kind(StrEnum):
    REPORT = "report"
    EVENT = "event"

    @property
    def endpoint(self) -> str:
        """Path under the server's base URL that receives this kind."""
        return {"report": "/reports", "event": "/events"}[self.value]


@dataclass(frozen=True)
class QueueStats:
    pending: int
    delivered: int
    failed: int
    oldest_pending_s: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"pending": self.pending, "delivered": self.delivered,
                "failed": self.failed, "oldest_pending_s": self.oldest_pending_s}


@dataclass(frozen=True)
class ItemSummary:
    id: str
    kind: Kind
    label: str  # the report's category or the event's type
    priority: Priority
    state: State
    attempts: int
    last_error: str | None
    created_at: float
    next_attempt_at: float
    delivered_at: float | None
    operator_status: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind.value, "label": self.label,
                "priority": self.priority.value, "state": self.state.name.lower(),
                "attempts": self.attempts, "last_error": self.last_error,
                "created_at": _time(self.created_at),
                "next_attempt_at": _time(self.next_attempt_at),
                "delivered_at": _time(self.delivered_at),
                "operator_status": self.operator_status}


@dataclass(frozen=True)
class ClaimedItem:
    """An item the uploader holds: the frozen payload bytes go on the wire unchanged."""

    id: str
    kind: Kind
    priority: Priority
    payload: bytes
    attempts: int  # including the attempt this claim is for
    seq: int

    def __repr__(self) -> str:  # the payload may hold personal data
        return f"ClaimedItem(id={self.id!r}, kind={self.kind.value}, attempts={self.attempts})"


def _time(epoch: float | None) -> str | None:
    return None if epoch is None else rfc3339(datetime.fromtimestamp(epoch, UTC))
