"""The one kiosk window: a stack of screens above the emergency bar; implements
core.flow.FlowView.

Seams for maintenance mode: `push_fullscreen(widget)` covers the public screens (and
the bar) with a widget of its own, `pop_fullscreen(widget)` removes it and starts a
fresh session; app-level event hooks go through `ui.lockdown.Lockdown.add_hook`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QStackedWidget, QWidget

from core.flow import Flow, Lookup, Screen, Submission
from core.ports import CallStatus
from ui import theme
from ui.bar import EmergencyBar
from ui.guide import TouchGuide
from ui.idle import StillThere
from ui.overlays import ConfirmHome
from ui.screens.base import ScreenBase
from ui.screens.call import CallScreen
from ui.screens.category import CategoryScreen
from ui.screens.contact import ContactScreen
from ui.screens.describe import DescribeScreen
from ui.screens.done import DoneScreen
from ui.screens.emergency import EmergencyScreen
from ui.screens.home import HomeScreen
from ui.screens.lookup import LookupScreen
from ui.screens.lost_items import LostItemsScreen
from ui.screens.review import ReviewScreen
from ui.screens.where_when import WhenScreen, WhereScreen
from ui.translations import Translations
from ui.widgets.buttons import KioskButton
from ui.widgets.card import Card
from ui.widgets.keyboard import OnScreenKeyboard


class Screens(Mapping[Screen, ScreenBase]):
    """The public screens, each built the first time it is needed. Home and the call
    screen are built with the window; the rest right after the first paint (so the kiosk
    shows Home sooner) or at once when asked for earlier. Iterating builds them all."""

    def __init__(self, build: Callable[[Screen], ScreenBase]) -> None:
        self._build = build
        self.built: dict[Screen, ScreenBase] = {}

    def __getitem__(self, kind: Screen) -> ScreenBase:
        screen = self.built.get(kind)
        if screen is None:
            screen = self.built[kind] = self._build(kind)
        return screen

    def __iter__(self) -> Iterator[Screen]:
        for kind in Screen:
            self[kind]
        return iter(list(self.built))

    def __len__(self) -> int:
        return len(Screen)

    def build_all(self) -> None:
        for kind in Screen:
            self[kind]


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
        palette = self.palette()   # hint text in fields: 7.5:1 on white (WCAG asks 4.5)
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(theme.PLACEHOLDER))
        self.setPalette(palette)
        self.translations = Translations()
        self._language = flow.language
        self.translations.apply(flow.language)
        self._large_text = flow.settings.large_text
        self._scale = 1.0
        self.setStyleSheet(theme.stylesheet(self._large_text))
        self.stack = QStackedWidget(self)
        self.bar = EmergencyBar(flow)
        self.frame = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.frame.setContentsMargins(0, 0, 0, 0)
        self.frame.setSpacing(0)
        self.frame.addWidget(self.stack, 1)
        self.frame.addWidget(self.bar, 0)
        self._status_poll_s = status_poll_s
        self._portrait: bool | None = None
        self._fullscreen: list[QWidget] = []
        self.screens = Screens(self._make_screen)
        self.guide = TouchGuide(flow, self)
        for kind in (Screen.HOME, Screen.CALL):   # a lift at start-up needs the call screen
            self.screens[kind]
        self.still_there = StillThere(self)
        self.confirm_home = ConfirmHome(self)
        self.confirm_home.discard.connect(flow.home)
        self.bar.back_button.clicked.connect(self.go_back)
        self.bar.home_button.clicked.connect(self.request_home)
        self.bar.listen_button.clicked.connect(self.listen_again)
        for part in (self.bar, self.still_there, self.confirm_home):
            self._no_drops_and_guided(part)
        self._second = QTimer(self)
        self._second.setInterval(1000)
        self._second.timeout.connect(self.bar.tick)
        self._second.start()
        self._painted = False
        self._allow_close = False
        flow.attach(self)
        self.refresh_bar()

    def _make_screen(self, kind: Screen) -> ScreenBase:
        """Build one public screen and bring it to the window's present state (language,
        orientation, scale), as if it had been there from the start."""
        flow = self.flow
        makers: dict[Screen, Callable[[], ScreenBase]] = {
            Screen.HOME: lambda: HomeScreen(flow),
            Screen.CALL: lambda: CallScreen(flow),
            Screen.CATEGORY: lambda: CategoryScreen(flow),
            Screen.EMERGENCY: lambda: EmergencyScreen(flow),
            Screen.DESCRIBE: lambda: DescribeScreen(flow),
            Screen.LOST_ITEMS: lambda: LostItemsScreen(flow),
            Screen.WHERE: lambda: WhereScreen(flow),
            Screen.WHEN: lambda: WhenScreen(flow),
            Screen.CONTACT: lambda: ContactScreen(flow),
            Screen.REVIEW: lambda: ReviewScreen(flow, when=self._when()),
            Screen.DONE: lambda: DoneScreen(flow, poll_s=self._status_poll_s),
            Screen.LOOKUP: lambda: LookupScreen(flow),
        }
        screen = makers[kind]()
        # Keep the stack's order (maintenance pages are pushed above the public screens).
        self.stack.insertWidget(len(self.screens.built), screen)
        screen.retranslate()
        if self._portrait is not None:
            screen.set_portrait(self._portrait)
        if self._scale != 1.0:
            self._scale_widgets(screen, self._scale)
        self._no_drops_and_guided(screen)
        return screen

    def _when(self) -> WhenScreen:
        when = self.screens[Screen.WHEN]
        assert isinstance(when, WhenScreen)
        return when

    def _no_drops_and_guided(self, root: QWidget) -> None:
        widgets = [root, *root.findChildren(QWidget)]
        for child in widgets:   # text fields accept drops by default
            child.setAcceptDrops(False)
            if isinstance(child, QAbstractButton):
                self.guide.watch(child)

    def build_remaining_screens(self) -> None:
        """Right after the first paint: every screen ready before the first touch."""
        self.screens.build_all()

    # FlowView ---------------------------------------------------------------------

    def show_screen(self, screen: Screen) -> None:
        widget = self.screens[screen]
        widget.entered()
        self.guide.reset()
        self.confirm_home.hide()
        if not self._fullscreen:
            self.stack.setCurrentWidget(widget)
        self.refresh_bar()
        self.flow.speak(self.spoken_screen())
        self.screen_shown.emit(screen.value)

    def call_changed(self, status: CallStatus) -> None:
        call = self.screens[Screen.CALL]
        assert isinstance(call, CallScreen)
        call.call_changed(status)
        self.refresh_bar()
        if self.flow.screen is Screen.HOME:
            self.screens[Screen.HOME].entered()

    def submission_changed(self, submission: Submission) -> None:
        done = self.screens[Screen.DONE]
        assert isinstance(done, DoneScreen)
        done.submission_changed(submission)
        self.refresh_bar()

    def conversation_changed(self) -> None:
        call = self.screens[Screen.CALL]
        assert isinstance(call, CallScreen)
        call.conversation_changed()

    def lookup_changed(self, lookup: Lookup) -> None:
        screen = self.screens[Screen.LOOKUP]
        assert isinstance(screen, LookupScreen)
        screen.lookup_changed(lookup)

    def session_reset(self) -> None:
        self.guide.reset()
        self.confirm_home.hide()
        for screen in self.screens.built.values():
            screen.reset()

    def settings_changed(self) -> None:
        # Re-translating every screen costs a few ms: only when the language changed.
        if self.flow.language != self._language:
            self._language = self.flow.language
            self.translations.apply(self._language)
            for screen in self.screens.built.values():
                screen.retranslate()
        if self.flow.settings.large_text != self._large_text:
            self._large_text = self.flow.settings.large_text
            self._restyle()
        current = self.screens[self.flow.screen]
        current.entered()
        self.refresh_bar()
        self.flow.speak(self.spoken_screen())

    def refresh_bar(self) -> None:
        screen = self.screens[self.flow.screen]
        self.bar.refresh(self.flow.screen, own_call=screen.has_call_button())

    # Voice ------------------------------------------------------------------------

    def spoken_screen(self) -> str:
        """The current screen read aloud: its prompt, then every option on it."""
        screen = self.current_screen
        options = screen.options() + self.bar_options()
        text = screen.prompt()
        if options:
            text = f"{text} {self.options_word()} {', '.join(options)}."
        return text.strip()

    def options_word(self) -> str:
        return self.tr("Options:")

    def bar_options(self) -> list[str]:
        return [b.accessibleName() for b in self.bar.buttons()
                if b.isVisibleTo(self.bar) and b.accessibleName()]

    def listen_again(self) -> None:
        """*Dengarkan lagi*: read the current screen aloud (voice setting or not)."""
        self.flow.announce(self.spoken_screen())

    # Back and Home ------------------------------------------------------------------

    def go_back(self) -> None:
        self.current_screen.go_back()

    def request_home(self) -> None:
        if self.flow.home_needs_confirmation:
            self.confirm_home.ask()
            self.flow.speak(self.confirm_home.spoken())
        else:
            self.flow.home()

    # Layout, painting, closing ---------------------------------------------------------

    @property
    def current_screen(self) -> ScreenBase:
        return self.screens[self.flow.screen]

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        portrait = size.height() >= size.width()
        if portrait != self._portrait:
            self._portrait = portrait
            # Portrait: the bar along the bottom. Landscape: a rail on the right.
            self.frame.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                    else QBoxLayout.Direction.LeftToRight)
            self.bar.set_rail(not portrait)
            for screen in self.screens.built.values():
                screen.set_portrait(portrait)
        scale = theme.scale_for(size.width(), size.height())
        if scale != self._scale:
            self._scale = scale
            self._restyle()
        self.bar.apply_scale(self._scale)   # its margins follow the window's size
        self.refresh_bar()
        for overlay in (self.still_there, self.confirm_home):
            if overlay.isVisible():
                overlay.setGeometry(self.rect())
        super().resizeEvent(event)

    def _restyle(self) -> None:
        scale = self._scale
        self.setStyleSheet(theme.stylesheet(self._large_text, scale))
        self._scale_widgets(self, scale)
        for screen in self.screens.built.values():
            screen.apply_scale(scale)
        self.bar.apply_scale(scale)

    @staticmethod
    def _scale_widgets(root: QWidget, scale: float) -> None:
        keyboards = root.findChildren(OnScreenKeyboard)
        for button in root.findChildren(KioskButton):
            if not any(k.isAncestorOf(button) for k in keyboards):
                button.apply_scale(scale)
        for card in root.findChildren(Card):
            card.apply_scale(scale)
        if isinstance(root, ScreenBase):
            root.apply_scale(scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_paint.emit()
            QTimer.singleShot(0, self.build_remaining_screens)

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
        """Cover the public screens and the bar with `widget` (maintenance mode)."""
        self._fullscreen.append(widget)
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self.bar.hide()

    def pop_fullscreen(self, widget: QWidget) -> None:
        """Remove `widget` and return to a fresh home screen (a new session)."""
        if widget in self._fullscreen:
            self._fullscreen.remove(widget)
            self.stack.removeWidget(widget)
        if not self._fullscreen:
            self.bar.show()
            self.flow.end_session()
            self.stack.setCurrentWidget(self.screens[self.flow.screen])
