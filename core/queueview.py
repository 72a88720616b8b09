"""What the technicians' screens may see of the outbox: counts and failed items, no
payload. `offline_queue` implements the outbox; the composition root adapts it to
this protocol, so the screens never import the outbox (and never see personal data).
Every method is called in the store lane (`core.jobs.Lane.STORE`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from wire.report import Event


@dataclass(frozen=True)
class QueueCounts:
    pending: int
    delivered: int
    failed: int
    oldest_pending_s: float | None


@dataclass(frozen=True)
class FailedItem:
    id: str
    kind: str          # "report" or "event"
    label: str         # the report's category or the event's type
    attempts: int
    last_error: str | None
    created_at: float  # epoch seconds


class QueueInspector(Protocol):
    def counts(self) -> QueueCounts: ...

    def failed_items(self) -> list[FailedItem]: ...

    def retry(self, item_id: str) -> bool: ...

    def retry_all_failed(self) -> int: ...

    def enqueue_event(self, event: Event) -> Any: ...
