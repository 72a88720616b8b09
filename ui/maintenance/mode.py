"""`MaintenanceMode`: the way in (gesture or key switch → PIN pad → pages) and out
(Leave, 2 minutes without a touch, key switch turned back).

What `kiosk/app.py` does with it:
    mode = MaintenanceMode(services)
    mode.install_gesture(main_window)          # hidden gesture on the public screens
    mode.requested.connect(show mode.widget full screen)
    mode.finished.connect(go back to the home screen)
    key_switch_reader → mode.key_switch_changed(bool)   (optional hardware)
The public UI keeps handling the hook: a lifted handset still calls 110 while a
technician is here (except during their own test call, when phone.status() is busy).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from core.maintenance import MaintenanceEvent, MaintenanceSession
from ui.maintenance.gesture import GestureFilter
from ui.maintenance.pin_pad import PinPad
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.style import stylesheet
from ui.maintenance.view import MaintenanceView
from wire.logs import event

log = logging.getLogger(__name__)

PIN_TIMEOUT_S = 30.0   # a PIN pad left open in a station goes home sooner than a session
_TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)


class Stage(StrEnum):
    OFF = "off"
    PIN = "pin"         # the PIN pad is shown
    INSIDE = "inside"   # the PIN was right: the technician pages are shown


class _ActivityFilter(QObject):
    def __init__(self, on_touch: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_touch = on_touch

    def eventFilter(self, watched: QObject, ev: QEvent) -> bool:
        if ev.type() in _TOUCHES:
            self._on_touch()
        return False


class MaintenanceMode(QObject):
    requested = Signal()   # show `widget` full screen (the PIN pad comes first)
    entered = Signal()     # the PIN was right
    finished = Signal()    # maintenance is over: back to the home screen

    def __init__(self, services: MaintenanceServices, parent: QObject | None = None, *,
                 pin_timeout_s: float = PIN_TIMEOUT_S, tick_ms: int = 1000) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = services.bridge
        self.widget = QStackedWidget()
        self.widget.setObjectName("MaintenanceRoot")
        self.widget.setStyleSheet(stylesheet())
        self.pin_pad = PinPad(services.auth, services.jobs)
        self.view = MaintenanceView(services, self.bridge)
        self.widget.addWidget(self.pin_pad)
        self.widget.addWidget(self.view)
        self.stage = Stage.OFF
        self.session: MaintenanceSession | None = None
        self._via = ""
        self._pin_timeout_s = pin_timeout_s
        self._last_touch = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.check_idle)
        self._activity = _ActivityFilter(self.touch, self)
        self.gesture: GestureFilter | None = None
        self.pin_pad.accepted.connect(self._enter)
        self.pin_pad.cancelled.connect(lambda: self.leave("cancelled"))
        self.view.left.connect(lambda: self.leave("leave_button"))

    @property
    def active(self) -> bool:
        return self.stage is not Stage.OFF

    @property
    def test_call_active(self) -> bool:
        """The technician's own test call is up: the handset belongs to it."""
        return self.view.handset.testing

    # ------------------------------------------------------------ ways in

    def install_gesture(self, window: QWidget) -> GestureFilter:
        """Watch `window` (the public main window) for the hidden gesture."""
        self.gesture = GestureFilter(window, self.services.config.maintenance.gesture,
                                     self.services.clock, parent=self)
        self.gesture.triggered.connect(lambda: self.begin("gesture"))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.gesture)
        return self.gesture

    def uninstall_gesture(self) -> None:
        app = QApplication.instance()
        if self.gesture is not None and app is not None:
            app.removeEventFilter(self.gesture)
        self.gesture = None

    @Slot(bool)
    def key_switch_changed(self, turned_on: bool) -> None:
        """The maintenance key switch: on opens the PIN pad, off ends maintenance."""
        if turned_on:
            self.begin("key_switch")
        elif self.stage is not Stage.OFF:
            self.leave("key_switch")

    def begin(self, via: str) -> None:
        """Show the PIN pad. Nothing else is reachable without the right PIN."""
        if self.stage is not Stage.OFF:
            return
        self.stage, self._via = Stage.PIN, via
        self.pin_pad.reset()
        self.widget.setCurrentWidget(self.pin_pad)
        self.touch()
        self._watch(True)
        event(log, "maintenance.pin_pad_shown", via=via)
        self.requested.emit()

    def _enter(self) -> None:
        if self.stage is not Stage.PIN:
            return
        cfg = self.services.config.maintenance
        self.session = MaintenanceSession(cfg.auto_exit_s, self.services.clock, self._via)
        self.stage = Stage.INSIDE
        self.services.sink.record(MaintenanceEvent.ENTERED, via=self._via)
        self.widget.setCurrentWidget(self.view)
        self.view.start()
        self.entered.emit()

    # ------------------------------------------------------------ ways out

    def leave(self, reason: str) -> None:
        """End maintenance (or close the PIN pad) and go back to the home screen."""
        if self.stage is Stage.OFF:
            return
        if self.stage is Stage.INSIDE and self.session is not None:
            self.view.stop()
            self.services.sink.record(MaintenanceEvent.LEFT, reason=reason,
                                      duration_s=round(self.session.duration_s()))
        else:
            event(log, "maintenance.pin_pad_closed", reason=reason)
        self.session = None
        self.stage = Stage.OFF
        self.pin_pad.reset()
        self.widget.setCurrentWidget(self.pin_pad)
        self._watch(False)
        self.finished.emit()

    def touch(self) -> None:
        self._last_touch = self.services.clock()
        if self.session is not None:
            self.session.touch()

    def check_idle(self) -> None:
        """Called every second while active (and by tests with a fake clock)."""
        if self.stage is Stage.INSIDE and self.session is not None:
            # A technician's test call counts as activity: they are listening.
            if self.view.handset.testing:
                self.session.touch()
            elif self.session.expired():
                self.leave("idle")
        elif (self.stage is Stage.PIN
              and self.services.clock() - self._last_touch >= self._pin_timeout_s):
            self.leave("pin_timeout")

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if on:
            self._timer.start()
            if app is not None:
                app.installEventFilter(self._activity)
        else:
            self._timer.stop()
            if app is not None:
                app.removeEventFilter(self._activity)
