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


class Hold(StrEnum):
    """Why a pending item waits (stored in `items.hold`; NULL: it does not wait).

    LINK: its last attempt failed for a reason of the link (connection, timeout,
    captive portal), not of the item: any success makes it due at once, and a restart
    forgets it. ITEM: the server (Retry-After) or the item's own repeated failure set
    its next attempt. AUTH: the command centre refuses our token (proven by a refused
    heartbeat too); due again as soon as a heartbeat is accepted.
    """

    LINK = "link"
    ITEM = "item"
    AUTH = "auth"


class Kind(StrEnum):
    REPORT = "report"
    EVENT = "event"

    @property
    def endpoint(self) -> str:
        """Path under the server's base URL that receives this kind."""
        return {"report": "/reports", "event": "/events"}[self.value]


@dataclass(frozen=True)
class Waiting:
    """Pending items of one kind of wait, and how long the oldest has been queued."""

    count: int = 0
    oldest_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "oldest_s": self.oldest_s}

    def plus(self, other: Waiting) -> Waiting:
        ages = [a for a in (self.oldest_s, other.oldest_s) if a is not None]
        return Waiting(self.count + other.count, max(ages) if ages else None)


# The reasons an item waits, as `status --json`, the health snapshot and the heartbeat
# show them: due (sendable now), in_flight (claimed), and one per Hold.
WAIT_REASONS = ("due", "in_flight", *(h.value for h in Hold))


@dataclass(frozen=True)
class QueueStats:
    pending: int
    delivered: int
    failed: int
    oldest_pending_s: float | None
    waiting: dict[str, Waiting] | None = None  # by WAIT_REASONS; None: not counted

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"pending": self.pending, "delivered": self.delivered,
                                "failed": self.failed,
                                "oldest_pending_s": self.oldest_pending_s}
        if self.waiting is not None:
            data["waiting"] = {k: self.waiting.get(k, Waiting()).to_dict()
                               for k in WAIT_REASONS}
        return data

    def blocked_by(self, reason: Hold | None) -> QueueStats:
        """These stats as seen while the whole uplink waits for `reason` (the link is
        down, or our token refused): the items that were due wait for it too."""
        if reason is None or self.waiting is None:
            return self
        waiting = dict(self.waiting)
        due = waiting.pop("due", Waiting())
        waiting["due"] = Waiting()
        waiting[reason.value] = waiting.get(reason.value, Waiting()).plus(due)
        if reason is Hold.AUTH:  # nothing moves until the token is accepted
            waiting[Hold.AUTH.value] = waiting[Hold.AUTH.value].plus(
                waiting.pop(Hold.LINK.value, Waiting()))
            waiting[Hold.LINK.value] = Waiting()
        return QueueStats(self.pending, self.delivered, self.failed,
                          self.oldest_pending_s, waiting)


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
    hold: Hold | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind.value, "label": self.label,
                "priority": self.priority.value, "state": self.state.name.lower(),
                "attempts": self.attempts, "last_error": self.last_error,
                "hold": None if self.hold is None else self.hold.value,
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
