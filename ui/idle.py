"""Idle wipe: after `timeout_s` without a touch, "Still there?" for `countdown_s`,
then the flow forgets the user (`Flow.end_session`: a new session, default settings)
and every screen is cleared.

Never during a live call (`Flow.idle_allowed`); a handset left off the hook after a
call no longer holds the previous user's data on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from core.flow import Flow, Screen
from ui.overlays import Overlay
from ui.widgets.buttons import KioskButton, centred_label

ACTIVITY = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                      QEvent.Type.KeyPress, QEvent.Type.TouchUpdate})


class StillThere(Overlay):
    """The countdown overlay; any touch on it means "yes, still here"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "StillThere", margin=80, spacing=40)
        self.question = centred_label("title")
        self.seconds = centred_label("code", wrap=False)
        self.explain = centred_label("body")
        self.stay = KioskButton("primary", "tick", min_height=160, icon_px=64)
        for w in (self.question, self.seconds, self.explain, self.stay):
            self.box.addWidget(w)
        self.finish()

    def show_count(self, remaining: int) -> None:
        self.question.setText(self.tr("Still there?"))
        self.seconds.setText(str(remaining))
        self.explain.setText(self.tr("Touch the screen to continue. Otherwise everything "
                                     "you entered will be deleted."))
        self.stay.set_label(self.tr("Yes, continue"))
        self.cover()


class IdleWatcher(QObject):
    wiped = Signal()

    def __init__(self, flow: Flow, overlay: StillThere, timeout_s: float,
                 countdown_s: int) -> None:
        super().__init__(overlay)
        self.flow = flow
        self.overlay = overlay
        self.countdown_s = countdown_s
        self.remaining = 0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(int(timeout_s * 1000))
        self._idle.timeout.connect(self._expired)
        self._count = QTimer(self)
        self._count.setInterval(1000)
        self._count.timeout.connect(self._tick)
        overlay.stay.clicked.connect(self.poke)

    def start(self) -> None:
        self._idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.poke()
        return False

    def poke(self) -> None:
        """The user touched something: cancel any countdown and restart the clock."""
        if self._count.isActive():
            self._count.stop()
            self.overlay.hide()
        self._idle.start()

    @property
    def counting(self) -> bool:
        return self._count.isActive()

    def _nothing_to_forget(self) -> bool:
        f = self.flow
        return (f.screen is Screen.HOME and f.session.is_empty and f.submission is None
                and f.settings == f.navigation.defaults and not f.assist.active)

    def _expired(self) -> None:
        if not self.flow.idle_allowed or self._nothing_to_forget():
            self._idle.start()
            return
        self.remaining = self.countdown_s
        self.overlay.show_count(self.remaining)
        self.flow.speak(self.overlay.question.text() + " " + self.overlay.explain.text())
        self._count.start()

    def _tick(self) -> None:
        if not self.flow.idle_allowed:   # the handset was lifted meanwhile
            self.poke()
            return
        self.remaining -= 1
        if self.remaining > 0:
            self.overlay.show_count(self.remaining)
            return
        self._count.stop()
        self.overlay.hide()
        self.flow.end_session()
        self._idle.start()
        self.wiped.emit()
