"""The one kiosk window: a stack of screens implementing kiosk.flow.FlowView.

Seams for maintenance mode: `push_fullscreen(widget)` covers the public screens with a
widget of its own, `pop_fullscreen(widget)` removes it and returns home;
app-level event hooks go through `ui.lockdown.Lockdown.add_hook`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from core.flow import Flow, Screen, Submission
from core.ports import CallStatus
from ui import theme
from ui.idle import StillThere
from ui.screens.base import ScreenBase
from ui.screens.call import CallScreen
from ui.screens.category import CategoryScreen
from ui.screens.contact import ContactScreen
from ui.screens.describe import DescribeScreen
from ui.screens.done import DoneScreen
from ui.screens.home import HomeScreen
from ui.screens.lost_items import LostItemsScreen
from ui.screens.review import ReviewScreen
from ui.screens.where_when import WhereWhenScreen
from ui.translations import Translations


class MainWindow(QWidget):
    first_paint = Signal()
    screen_shown = Signal(str)   # Screen value, after the switch

    def __init__(self, flow: Flow, *, status_poll_s: float = 5.0) -> None:
        super().__init__()
        self.flow = flow
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Kiosk 110")
        self.setAcceptDrops(False)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.translations = Translations()
        self._language = flow.language
        self.translations.apply(flow.language)
        self._large_text = flow.settings.large_text
        self.setStyleSheet(theme.stylesheet(self._large_text))
        self.stack = QStackedWidget(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.stack)
        where_when = WhereWhenScreen(flow)
        built: list[ScreenBase] = [
            HomeScreen(flow), CallScreen(flow), CategoryScreen(flow), DescribeScreen(flow),
            LostItemsScreen(flow), where_when, ContactScreen(flow),
            ReviewScreen(flow, where_when=where_when), DoneScreen(flow, poll_s=status_poll_s),
        ]
        self.screens: dict[Screen, ScreenBase] = {s.kind: s for s in built}
        for s in built:
            self.stack.addWidget(s)
            s.retranslate()
        self.still_there = StillThere(self)
        for child in self.findChildren(QWidget):   # text fields accept drops by default
            child.setAcceptDrops(False)
        self._portrait: bool | None = None
        self._painted = False
        self._allow_close = False
        self._fullscreen: list[QWidget] = []
        flow.attach(self)

    # FlowView ---------------------------------------------------------------------

    def show_screen(self, screen: Screen) -> None:
        widget = self.screens[screen]
        widget.entered()
        if not self._fullscreen:
            self.stack.setCurrentWidget(widget)
        self.flow.speak(widget.prompt())
        self.screen_shown.emit(screen.value)

    def call_changed(self, status: CallStatus) -> None:
        call = self.screens[Screen.CALL]
        assert isinstance(call, CallScreen)
        call.call_changed(status)
        if self.flow.screen is Screen.HOME:
            self.screens[Screen.HOME].entered()

    def submission_changed(self, submission: Submission) -> None:
        done = self.screens[Screen.DONE]
        assert isinstance(done, DoneScreen)
        done.submission_changed(submission)

    def session_reset(self) -> None:
        for screen in self.screens.values():
            screen.reset()

    def settings_changed(self) -> None:
        # Re-translating every screen costs a few ms: only when the language changed.
        if self.flow.language != self._language:
            self._language = self.flow.language
            self.translations.apply(self._language)
            for screen in self.screens.values():
                screen.retranslate()
        if self.flow.settings.large_text != self._large_text:
            self._large_text = self.flow.settings.large_text
            self.setStyleSheet(theme.stylesheet(self._large_text))
        current = self.screens[self.flow.screen]
        current.entered()
        self.flow.speak(current.prompt())

    # Layout, painting, closing ---------------------------------------------------------

    @property
    def current_screen(self) -> ScreenBase:
        return self.screens[self.flow.screen]

    def resizeEvent(self, event: QResizeEvent) -> None:
        portrait = event.size().height() >= event.size().width()
        if portrait != self._portrait:
            self._portrait = portrait
            for screen in self.screens.values():
                screen.set_portrait(portrait)
        if self.still_there.isVisible():
            self.still_there.setGeometry(self.rect())
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_paint.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Alt+F4 from a window manager, or anything else: the kiosk does not close.
        if self._allow_close:
            event.accept()
        else:
            event.ignore()

    def shutdown(self) -> None:
        """Close for real (SIGTERM, tests)."""
        self._allow_close = True
        self.close()

    # Maintenance seam --------------------------------------------------------------------

    def push_fullscreen(self, widget: QWidget) -> None:
        """Cover the public screens with `widget` (maintenance mode)."""
        self._fullscreen.append(widget)
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)

    def pop_fullscreen(self, widget: QWidget) -> None:
        """Remove `widget` and return to a fresh home screen."""
        if widget in self._fullscreen:
            self._fullscreen.remove(widget)
            self.stack.removeWidget(widget)
        if not self._fullscreen:
            self.flow.home()
            self.stack.setCurrentWidget(self.screens[self.flow.screen])
