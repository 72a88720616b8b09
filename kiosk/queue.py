"""The outbox as the technicians' screens see it (`core.queueview.QueueInspector`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.queueview import FailedItem, QueueCounts
from offline_queue.items import State
from offline_queue.outbox import Outbox
from wire.report import Event


class OutboxInspector:
    """Resolves the lane-local outbox at each call (all calls run in the store lane)."""

    def __init__(self, outbox: Callable[[], Outbox]) -> None:
        self._outbox = outbox

    def counts(self) -> QueueCounts:
        s = self._outbox().stats()
        return QueueCounts(s.pending, s.delivered, s.failed, s.oldest_pending_s)

    def failed_items(self) -> list[FailedItem]:
        return [FailedItem(i.id, i.kind.value, i.label, i.attempts, i.last_error,
                           i.created_at) for i in self._outbox().list_items(State.FAILED)]

    def retry(self, item_id: str) -> bool:
        return self._outbox().retry(item_id)

    def retry_all_failed(self) -> int:
        return self._outbox().retry_all_failed()

    def enqueue_event(self, event: Event) -> Any:
        return self._outbox().enqueue_event(event)
