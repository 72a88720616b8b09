"""Keep the kiosk window covering its whole screen, whatever runs the display.

`showFullScreen()` alone is a request: cage and a window manager honour it, but under X11
without a window manager nobody does, and the window stays at its default size (a 200 px
strip of home screen on a 1080×1920 panel). So `ScreenFill` also sets the window's
geometry to the screen's (which X11 without a WM obeys, and Wayland ignores), and does
both again whenever the screens change: a rotation or a resolution change (the screen's
geometry), a monitor plugged in or out, another primary screen, or the window moved to
another screen. Anything that later resizes the window away from its screen's size gets
it put back. The pointer cursor is hidden while the window fills the screen: a kiosk is
touched, and an arrow left over the middle of the home screen only confuses.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from wire.logs import event

log = logging.getLogger("ui.fullscreen")
# Re-apply after a burst of screen events has settled (a rotation is several events).
SETTLE_MS = 50
# A window manager that keeps refusing must not make us fight it for ever.
MAX_RETRIES = 20


class ScreenFill(QObject):
    """Make `window` fill the primary screen, now and after every screen change."""

    def __init__(self, window: QWidget, *, hide_cursor: bool = True) -> None:
        super().__init__(window)
        self._window = window
        self._hide_cursor = hide_cursor
        self._cursor_hidden = False
        self._retries = 0
        self._watched: list[QScreen] = []
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.apply)

    def start(self) -> None:
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication), "create the QApplication first"
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screen_removed)
        app.primaryScreenChanged.connect(self._screens_changed)
        self._window.setWindowFlags(Qt.WindowType.FramelessWindowHint
                                    | Qt.WindowType.WindowStaysOnTopHint)
        self._window.installEventFilter(self)
        if self._hide_cursor and not self._cursor_hidden:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self._cursor_hidden = True
        self.apply()
        handle = self._window.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._screens_changed)

    def stop(self) -> None:
        self._settle.stop()
        self._window.removeEventFilter(self)
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    def target(self) -> QRect:
        """The geometry the window must have: its screen's, in device-independent pixels."""
        screen = QGuiApplication.primaryScreen()
        return screen.geometry() if screen is not None else QRect()

    def apply(self) -> None:
        """Put the window on the primary screen, at that screen's full size."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:   # no screen at all (every monitor unplugged): wait for one
            return
        self._watch(screen)
        handle = self._window.windowHandle()
        if handle is not None and handle.screen() is not screen:
            handle.setScreen(screen)
        geometry = screen.geometry()
        self._window.setGeometry(geometry)
        self._window.showFullScreen()
        self._window.raise_()
        self._window.activateWindow()
        event(log, "ui.fill_screen", screen=screen.name(), width=geometry.width(),
              height=geometry.height(), x=geometry.x(), y=geometry.y())

    def eventFilter(self, watched: QObject, ev: QEvent) -> bool:
        if (watched is self._window and ev.type() in (QEvent.Type.Resize, QEvent.Type.Move)
                and self._window.isVisible()):
            if self._window.geometry() == self.target():
                self._retries = 0
            elif self._retries < MAX_RETRIES:
                self._retries += 1
                self._settle.start()
            elif self._retries == MAX_RETRIES:
                self._retries += 1
                event(log, "ui.fill_screen_refused", logging.WARNING,
                      width=self._window.width(), height=self._window.height())
        return False

    def _screens_changed(self, *_: object) -> None:
        self._retries = 0
        self._settle.start()

    def _screen_removed(self, screen: QScreen) -> None:
        if screen in self._watched:
            self._watched.remove(screen)
        self._screens_changed()

    def _watch(self, screen: QScreen) -> None:
        """Follow the geometry of the screen the window is on (rotation, new mode)."""
        if screen in self._watched:
            return
        for old in self._watched:
            old.geometryChanged.disconnect(self._screens_changed)
        self._watched = [screen]
        screen.geometryChanged.connect(self._screens_changed)


def fill_screen(window: QWidget) -> ScreenFill:
    """Show `window` covering its screen for good (see the module's docstring)."""
    fill = ScreenFill(window)
    fill.start()
    return fill
