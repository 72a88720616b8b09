"""The systemd watchdog, fed from the Qt event loop.

`kiosk-ui.service` has `Type=notify` and `WatchdogSec=`: systemd restarts the kiosk
unless it hears `WATCHDOG=1` in time. The ping must come from the GUI thread's event
loop — a timer there fires only while the loop turns, so a hung or blocked loop (a
frozen touchscreen) stops the pings and systemd restarts the session. A ping from any
other thread would keep a frozen UI alive.

QtCore only (no widgets): `kiosk/app.py` creates one after the QApplication, calls
`start()`, and `ready()` once the home screen has been shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from core.sdnotify import Notifier


class EventLoopWatchdog(QObject):
    """Sends WATCHDOG=1 every `notifier.watchdog_interval_s` (half of WATCHDOG_USEC)."""

    def __init__(self, notifier: Notifier | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier if notifier is not None else Notifier()
        self._timer = QTimer(self)
        # A precise timer: a coarse one may fire up to 5 % late, eating into the margin.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.ping)
        self.pings = 0

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> bool:
        """Start pinging; False (and no timer) when systemd asked for no watchdog."""
        interval = self.notifier.watchdog_interval_s
        if interval is None:
            return False
        self._timer.start(max(1, int(interval * 1000)))
        self.ping()  # the first ping at once: start-up may already have used some time
        return True

    def ready(self, status: str = "home screen shown") -> bool:
        """Tell systemd the kiosk is up (READY=1), and make sure the pings run."""
        if not self.active:
            self.start()
        return self.notifier.ready(status)

    def stop(self) -> None:
        self._timer.stop()
        self.notifier.stopping()

    def ping(self) -> None:
        if self.notifier.watchdog():
            self.pings += 1
