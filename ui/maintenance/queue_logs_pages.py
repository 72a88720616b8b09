"""Queue (counts, failed items with the server's reason, retry) and Logs (the last 200
lines, masked). Neither ever shows a report's personal data: queue rows come from
`core.queueview.QueueInspector`, which carries no payload, and every text is masked again."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from core.jobs import Lane, Ok, Result
from core.maintenance import MaintenanceEvent
from core.queueview import FailedItem, QueueCounts
from ui.maintenance.page import Page, body, button
from ui.maintenance.services import MaintenanceServices
from wire.logs import mask_pii

LOG_LINES = 200


@dataclass(frozen=True)
class QueueView:
    stats: QueueCounts
    failed: list[FailedItem]


class QueuePage(Page):
    loaded = Signal(object)    # QueueView
    retried = Signal(object)   # bool (one) or int (all)

    RETRY_COLUMN = 5

    def __init__(self, services: MaintenanceServices, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Queue"), parent)
        self._services = services
        self.counts = body(role="message")
        self.box.addWidget(self.counts)
        headers = [self.tr("Item"), self.tr("Kind"), self.tr("Tries"),
                   self.tr("Server's reason"), self.tr("Age"), ""]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(72)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.box.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.retry_all = button(self.tr("Retry all failed items"), self.retry_all_failed,
                                role="primary")
        row.addWidget(self.retry_all)
        row.addWidget(button(self.tr("Refresh"), self.refresh))
        self.box.addLayout(row)
        self.result = body(role="muted")
        self.box.addWidget(self.result)

    def activate(self) -> None:
        self.refresh()

    def _load(self) -> QueueView:
        queue = self._services.queue
        if queue is None:
            raise RuntimeError("no outbox")
        return QueueView(queue.counts(), queue.failed_items())

    def refresh(self) -> None:
        self.run(self._services.jobs, Lane.STORE, self._load, self._show)

    def _show(self, result: Result[QueueView]) -> None:
        if not isinstance(result, Ok):
            self.counts.setText(self.tr("The outbox cannot be read."))
            return
        view = result.value
        s = view.stats
        oldest = ("—" if s.oldest_pending_s is None
                  else f"{int(s.oldest_pending_s // 60)} min {int(s.oldest_pending_s % 60)} s")
        self.counts.setText(
            self.tr("Pending: %1 · Failed: %2 · Delivered (kept): %3 · Oldest pending: %4")
            .replace("%1", str(s.pending)).replace("%2", str(s.failed))
            .replace("%3", str(s.delivered)).replace("%4", oldest))
        now = self._services.wall_clock()
        self.table.setRowCount(len(view.failed))
        for i, item in enumerate(view.failed):
            age_min = max(0, int((now - item.created_at) // 60))
            cells = (item.id[:8], f"{item.kind}: {item.label}", str(item.attempts),
                     mask_pii(item.last_error or ""), f"{age_min} min")
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip("")
                self.table.setItem(i, col, cell)
            retry: QPushButton = button(self.tr("Retry"),
                                        functools.partial(self.retry_one, item.id))
            self.table.setCellWidget(i, self.RETRY_COLUMN, retry)
        self.retry_all.setEnabled(s.failed > 0)
        self.loaded.emit(view)

    def retry_one(self, item_id: str) -> None:
        queue = self._services.queue

        def retry() -> bool:
            return queue is not None and queue.retry(item_id)

        def done(result: Result[bool]) -> None:
            ok = isinstance(result, Ok) and result.value
            self._services.sink.record(MaintenanceEvent.RETRY, scope="one", item=item_id,
                                       ok=ok)
            self.result.setText(self.tr("Item %1 will be sent again.").replace(
                "%1", item_id[:8]) if ok else self.tr("That item can no longer be retried."))
            self.retried.emit(ok)
            self.refresh()

        self.run(self._services.jobs, Lane.STORE, retry, done)

    def retry_all_failed(self) -> None:
        queue = self._services.queue

        def retry() -> int:
            return queue.retry_all_failed() if queue is not None else 0

        def done(result: Result[int]) -> None:
            count = result.value if isinstance(result, Ok) else 0
            self._services.sink.record(MaintenanceEvent.RETRY, scope="all", count=count)
            self.result.setText(self.tr("%1 item(s) will be sent again.").replace(
                "%1", str(count)))
            self.retried.emit(count)
            self.refresh()

        self.run(self._services.jobs, Lane.STORE, retry, done)


def readable(line: str) -> str:
    """A JSON log line as `time level event key=value …`, masked."""
    try:
        entry = json.loads(line)
    except ValueError:
        return mask_pii(line)
    if not isinstance(entry, dict):
        return mask_pii(line)
    ts = str(entry.pop("ts", ""))[11:19]
    level = str(entry.pop("level", ""))
    name = str(entry.pop("event", ""))
    entry.pop("logger", None)
    rest = " ".join(f"{k}={v}" for k, v in entry.items())
    return mask_pii(f"{ts} {level:<7} {name} {rest}".rstrip())


class LogsPage(Page):
    def __init__(self, services: MaintenanceServices, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Logs (last %1 lines, personal data masked)")
                         .replace("%1", str(LOG_LINES)), parent)
        self._services = services
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.box.addWidget(self.text, 1)
        self.box.addWidget(button(self.tr("Refresh"), self.refresh))

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        lines = self._services.log_lines()[-LOG_LINES:]
        self.text.setPlainText("\n".join(readable(line) for line in lines))
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.maximum())
