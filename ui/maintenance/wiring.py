"""Plugging maintenance mode into the public kiosk window (called by `kiosk/app.py`).

The public UI offers the seams: `MainWindow.push_fullscreen/pop_fullscreen`, its
`screen_shown` signal, and `Flow.begin/end_technician_call`. Rules kept here:
  * the hidden gesture only counts on the home screen (a corner elsewhere may be a
    Back button); the key switch works anywhere, and wipes a half-written public
    report first (the technician has taken over the kiosk), except during a call;
  * during the technician's test call the flow ignores the handset and call statuses;
  * a commuter lifting the handset during maintenance still reaches 110: the flow
    starts the call underneath the maintenance widget, maintenance ends (reason
    "emergency_call", recorded), the widget is popped, and — because `pop_fullscreen`
    returns the flow home — the call screen is brought back with `flow.go(CALL)`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from core.flow import Flow, Screen
from ui.main_window import MainWindow
from ui.maintenance.mode import MaintenanceMode
from ui.maintenance.services import MaintenanceServices


class MaintenanceWiring(QObject):
    def __init__(self, window: MainWindow, flow: Flow, services: MaintenanceServices) -> None:
        super().__init__(window)
        self.window, self.flow = window, flow
        self.mode = MaintenanceMode(services, parent=self)
        self.gesture = self.mode.install_gesture(window)
        self._shown = False
        self.gesture.enabled = flow.screen is Screen.HOME
        window.screen_shown.connect(self._screen_shown)
        self.mode.requested.connect(self._show)
        self.mode.finished.connect(self._finished)
        self.mode.view.handset.test_call_started.connect(flow.begin_technician_call)
        self.mode.view.handset.test_call_ended.connect(flow.end_technician_call)

    def _show(self) -> None:
        if self.flow.in_call and not self.flow.technician_call:
            self.mode.leave("call_in_progress")   # never cover a caller's call screen
            return
        if self.flow.screen is not Screen.HOME:
            self.flow.end_session()   # the key switch: a technician takes over; wipe
        if not self._shown:
            self._shown = True
            self.window.push_fullscreen(self.mode.widget)

    def _finished(self) -> None:
        if self._shown:
            self._shown = False
            self.window.pop_fullscreen(self.mode.widget)
        if self.flow.in_call and not self.flow.technician_call:
            self.flow.go(Screen.CALL)   # a caller is talking to 110: show their call

    def _screen_shown(self, screen: str) -> None:
        self.gesture.enabled = screen == Screen.HOME.value and not self.mode.active
        if screen == Screen.CALL.value and self.mode.active \
                and not self.mode.test_call_active:
            self.mode.leave("emergency_call")

    def close(self) -> None:
        """The app stops: end maintenance (recorded) and stop watching for the gesture."""
        self.mode.leave("app_stopping")
        self.mode.uninstall_gesture()
