"""`MaintenanceView`: the technician's pages as tabs, and the Leave button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from ui.bridge import Bridge
from ui.maintenance.device_pages import HandsetPage, PrinterPage, SpeakerPage
from ui.maintenance.page import Page, body, button
from ui.maintenance.queue_logs_pages import LogsPage, QueuePage
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.status_page import StatusPage
from ui.maintenance.style import stylesheet


class MaintenanceView(QWidget):
    left = Signal()   # the technician tapped Leave

    def __init__(self, services: MaintenanceServices, bridge: Bridge,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Maintenance")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(stylesheet())
        self.status = StatusPage(services, bridge)
        self.printer = PrinterPage(services)
        self.handset = HandsetPage(services, bridge)
        self.speaker = SpeakerPage(services)
        self.queue = QueuePage(services)
        self.logs = LogsPage(services)
        self.tabs = QTabWidget()
        self.tabs.tabBar().setExpanding(False)
        self.tabs.tabBar().setUsesScrollButtons(False)
        for page, name in ((self.status, self.tr("Status")), (self.printer, self.tr("Printer")),
                           (self.handset, self.tr("Handset")),
                           (self.speaker, self.tr("Speaker")), (self.queue, self.tr("Queue")),
                           (self.logs, self.tr("Logs"))):
            self.tabs.addTab(page, name)
        self._current: Page | None = None
        self.tabs.currentChanged.connect(self._switched)
        cfg = services.config.kiosk
        header = QHBoxLayout()
        title = body(self.tr("Maintenance") + f" — {cfg.id} · {cfg.station}", role="title")
        header.addWidget(title, 1)
        self.leave_button = button(self.tr("Leave maintenance"), self.left.emit, role="leave")
        self.leave_button.setMinimumWidth(260)
        header.addWidget(self.leave_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 16, 16, 16)
        box.setSpacing(12)
        box.addLayout(header)
        box.addWidget(self.tabs, 1)

    def pages(self) -> list[Page]:
        return [self.status, self.printer, self.handset, self.speaker, self.queue, self.logs]

    def start(self) -> None:
        """Maintenance was entered: open on the Status page."""
        self.tabs.setCurrentIndex(0)
        self._switched(0)

    def stop(self) -> None:
        """Maintenance ends: end our own test call, stop every timer."""
        self.handset.stop()
        for page in self.pages():
            page.deactivate()
        self._current = None

    def show_page(self, page: Page) -> None:
        self.tabs.setCurrentWidget(page)

    def _switched(self, index: int) -> None:
        if self._current is not None:
            self._current.deactivate()
        widget = self.tabs.widget(index)
        self._current = widget if isinstance(widget, Page) else None
        if self._current is not None:
            self._current.activate()
