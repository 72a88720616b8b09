"""Status: every part's level and reason at a glance, refreshed while shown."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from core.health import Level
from core.jobs import Lane, Ok, Result
from ui.bridge import Bridge
from ui.maintenance.page import Page, body, button, level_label, set_level
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.status import (
    StatusReport,
    StatusRow,
    collect_devices,
    collect_queue,
    hook_health,
)
from wire.logs import mask_pii

REFRESH_MS = 5000


class StatusPage(Page):
    refreshed = Signal(object)   # StatusReport

    def __init__(self, services: MaintenanceServices, bridge: Bridge,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Status"), parent)
        self._services = services
        self._busy = False
        self.report: StatusReport | None = None
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(2, 1)
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        holder = QWidget()
        holder.setLayout(self.grid)
        self.box.addWidget(holder)
        self.facts = body(role="muted")
        self.box.addWidget(self.facts)
        self.box.addStretch(1)
        self.box.addWidget(button(self.tr("Check again now"), self.refresh))
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        bridge.hook_changed.connect(self._hook_changed)

    def activate(self) -> None:
        self.refresh()
        self._timer.start()

    def deactivate(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        # Two lanes: a slow printer query must not hold up the outbox, nor the reverse.
        self.run(self._services.jobs, Lane.DEVICES,
                 lambda: collect_devices(self._services), self._devices_done)

    def _devices_done(self, result: Result[StatusReport]) -> None:
        if not isinstance(result, Ok):
            self._busy = False   # collect_devices never raises; this would be a bug
            self.facts.setText(self.tr("The status could not be read") +
                               f": {type(result.error).__name__}")
            return
        devices = result.value
        self.run(self._services.jobs, Lane.STORE, lambda: collect_queue(self._services),
                 lambda queue: self._show(devices, queue))

    def _show(self, devices: StatusReport, queue: Result[StatusRow]) -> None:
        self._busy = False
        row = queue.value if isinstance(queue, Ok) else StatusRow(
            "queue", self.tr("Queue"), Level.FAIL, type(queue.error).__name__)
        self.show_report(devices.with_row(row, before="disk"))

    def show_report(self, report: StatusReport) -> None:
        self.report = report
        for i, row in enumerate(report.rows):
            if row.key not in self.rows:
                labels = (body(), level_label(), body())
                labels[0].setProperty("mrole", "message")
                for col, label in enumerate(labels):
                    self.grid.addWidget(label, i, col)
                self.rows[row.key] = labels
            title, level, reason = self.rows[row.key]
            title.setText(row.title)
            set_level(level, row.level)
            reason.setText(row.reason)
            reason.setAccessibleName(f"{row.title}: {row.reason}")
        self.facts.setText("\n".join(f"{label}: {mask_pii(value)}"
                                     for label, value in report.facts))
        self.refreshed.emit(report)

    def _hook_changed(self, off_hook: bool) -> None:
        """Live: the handset row follows the hook without waiting for a refresh."""
        if "hook" not in self.rows:
            return
        health = hook_health(self._services.hook.health(), off_hook)
        _, level, reason = self.rows["hook"]
        set_level(level, Level(health.level))
        reason.setText(mask_pii(health.reason))

    def level_of(self, key: str) -> str:
        """The level word shown for row `key` (tests and screen readers)."""
        return self.rows[key][1].text()

    def reason_of(self, key: str) -> str:
        return self.rows[key][2].text()
