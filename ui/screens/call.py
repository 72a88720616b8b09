"""The call: its state large in words, colour and icon, so a deaf user can follow it."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from core.flow import Flow, Screen
from core.ports import CallPhase, CallStatus, EndReason
from ui.screens.base import ScreenBase, set_role
from ui.widgets.buttons import KioskButton, label
from ui.widgets.icons import GLYPHS

RETURN_AFTER_MS = 8000


class CallScreen(ScreenBase):
    kind = Screen.CALL

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.state = label("state-info")
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state.setMinimumHeight(260)
        self.detail = label("body")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer_label = label("title")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label("warn")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.state, self.detail, self.timer_label, self.hint):
            self.body.addWidget(w)
        self.body.addStretch(1)
        row = QHBoxLayout()
        self.end_button = KioskButton("call", GLYPHS["end"], min_height=200, icon_px=96)
        self.end_button.clicked.connect(flow.end_call)
        self.again_button = KioskButton("call", GLYPHS["call"], min_height=200, icon_px=96)
        self.again_button.clicked.connect(flow.call_button)
        row.addWidget(self.end_button)
        row.addWidget(self.again_button)
        self.body.addLayout(row)
        self._status = CallStatus(CallPhase.IDLE)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_timer)
        self._return = QTimer(self)
        self._return.setSingleShot(True)
        self._return.setInterval(RETURN_AFTER_MS)
        self._return.timeout.connect(flow.leave_call_screen)

    def call_changed(self, status: CallStatus) -> None:
        self._status = status
        self._render()
        if status.phase is CallPhase.ACTIVE:
            self._tick.start()
        else:
            self._tick.stop()
        if status.phase is CallPhase.ENDED:
            self._return.start()
        else:
            self._return.stop()

    def _number(self) -> str:
        return self._status.number or self.flow.emergency_numbers[0]

    def _state_text(self) -> tuple[str, str, str]:
        """(icon, words, role) for the current phase."""
        phase = self._status.phase
        if phase is CallPhase.DIALLING:
            return GLYPHS["call"], self.tr("Calling %1…").replace("%1", self._number()), "info"
        if phase is CallPhase.ALERTING:
            return GLYPHS["ring"], self.tr("Ringing %1…").replace("%1", self._number()), "warn"
        if phase is CallPhase.ACTIVE:
            return GLYPHS["tick"], self.tr("Connected to %1").replace("%1", self._number()), \
                "good"
        if phase is CallPhase.ENDED:
            return GLYPHS["cross"], self.tr("Call ended"), "bad"
        return GLYPHS["call"], self.tr("Lift the handset to call 110"), "info"

    def end_reason(self, reason: EndReason | None) -> str:
        texts = {
            EndReason.LOCAL_HANGUP: self.tr("You ended the call."),
            EndReason.REMOTE_HANGUP: self.tr("The operator ended the call."),
            EndReason.BUSY: self.tr("The emergency line was busy."),
            EndReason.NO_CARRIER: self.tr("The call could not be connected."),
            EndReason.NO_ANSWER: self.tr("Nobody answered."),
            EndReason.NO_NETWORK: self.tr("There is no mobile network here."),
            EndReason.MODEM_ERROR: self.tr("The telephone has a fault."),
            EndReason.MODEM_SILENT: self.tr("The telephone is not responding."),
            EndReason.MODEM_GONE: self.tr("The telephone is disconnected."),
            EndReason.NOT_INSTALLED: self.tr("This kiosk has no telephone line."),
            EndReason.MAX_DURATION: self.tr("The call reached its time limit."),
            EndReason.MODEM_RESET: self.tr("The telephone restarted and the call was cut "
                                           "off."),
            EndReason.NO_PHONE_SERVICE: self.tr("The telephone service is not running."),
        }
        return texts.get(reason, "") if reason else ""

    def _render(self) -> None:
        icon, words, role = self._state_text()
        self.state.setText(f"{icon}\n{words}")
        self.state.setAccessibleName(words)
        set_role(self.state, f"state-{role}")
        s = self._status
        live = s.phase in (CallPhase.DIALLING, CallPhase.ALERTING, CallPhase.ACTIVE)
        detail = ""
        if s.phase is CallPhase.ENDED:
            detail = self.end_reason(s.reason)
            if s.reason is not EndReason.LOCAL_HANGUP:
                detail += " " + self.tr("Lift the handset or touch Call again to try again. "
                                        "You can also make a written report.")
        elif s.connection_trouble:
            # The modem stopped answering; the call itself is most likely still up.
            detail = self.tr("Connection trouble. Stay on the line: the call may still "
                             "be connected.")
            set_role(self.state, "state-warn")
        elif s.rolled_over and s.attempt - 2 < len(self.flow.emergency_numbers):
            previous = self.flow.emergency_numbers[s.attempt - 2]
            detail = self.tr("%1 is busy or unreachable — now trying %2.") \
                .replace("%1", previous).replace("%2", self._number())
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.hint.setText(self.tr("Lift the handset and speak.") if not self.flow.off_hook
                          else self.tr("Speak into the handset."))
        self.hint.setVisible(live)
        self.end_button.setVisible(live)
        self.again_button.setVisible(s.phase is CallPhase.ENDED)
        self._show_timer()

    def _show_timer(self) -> None:
        s = self._status
        if s.phase is CallPhase.ACTIVE and s.connected_at is not None:
            seconds = max(0, int(time.monotonic() - s.connected_at))
            self.timer_label.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")
            self.timer_label.setAccessibleName(self.tr("Call time"))
            self.timer_label.show()
        else:
            self.timer_label.hide()

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Emergency call"))
        self.end_button.set_label(self.tr("End call"), self.tr("Hang up"))
        self.again_button.set_label(self.tr("Call again"))
        self._render()

    def prompt(self) -> str:
        if self._status.phase is CallPhase.ENDED:
            return self.state.accessibleName()
        return self.tr("Lift the handset and speak.") if not self.flow.off_hook else ""

    def entered(self) -> None:
        self._status = self.flow.call
        self._render()

    def reset(self) -> None:
        self._return.stop()
        self._tick.stop()
        self._status = CallStatus(CallPhase.IDLE)
