"""The call: its state large in words, colour and icon, so a deaf user can follow it,
and every change of state said on the loudspeaker, so a blind caller hears it.

When the call has ended the screen stays for at least `RETURN_AFTER_S` seconds with
a visible countdown (WCAG 2.2.1), or until the user touches *Keep this screen*; with
the handset still lifted after a failed call, *Call again* redials with one touch.
*Saya tidak bisa bicara / mendengar* opens the text channel (ui/screens/assist.py).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from core.flow import Flow, Screen
from core.ports import CallPhase, CallStatus, EndReason
from ui.screens.assist import AssistPanel
from ui.screens.base import ScreenBase, reset_keyboard, set_role
from ui.widgets.buttons import KioskButton, centred_label
from ui.widgets.icons import GLYPHS

RETURN_AFTER_S = 30
# Ends nobody chose: the caller may still be waiting with the handset at their ear.
FAILED = frozenset(set(EndReason) - {EndReason.LOCAL_HANGUP, EndReason.REMOTE_HANGUP})


# How often the conversation reads the operator's replies from the outbox (a local
# SQLite read in the store lane): with the uploader's 0.5 s poll of the centre, a reply
# is on the screen within ~1 s (issue 15's target: p99 ≤ 2 s).
REPLY_POLL_MS = 500


class CallScreen(ScreenBase):
    kind = Screen.CALL

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.state = centred_label("state-info")
        self.detail = centred_label("body")
        self.timer_label = centred_label("title")
        self.hint = centred_label("warn")
        self.countdown = centred_label("muted")
        for w in (self.state, self.detail, self.timer_label, self.hint, self.countdown):
            self.body.addWidget(w)
        row = QHBoxLayout()
        self.gap_layout(row)
        self.end_button = KioskButton("call", "end", min_height=170, icon_px=88)
        self.end_button.clicked.connect(flow.end_call)
        self.again_button = KioskButton("call", "redial", min_height=170, icon_px=88)
        self.again_button.clicked.connect(flow.call_button)
        self.keep_button = KioskButton("choice", "timer", min_height=90)
        self.keep_button.clicked.connect(self._keep)
        row.addWidget(self.end_button)
        row.addWidget(self.again_button)
        self.body.addLayout(row)
        self.body.addWidget(self.keep_button)
        self.assist_button = KioskButton("choice", "assist", min_height=100, icon_px=52)
        self.assist_button.clicked.connect(flow.request_assist)
        self.body.addWidget(self.assist_button)
        self.assist = AssistPanel(flow)
        self.assist.hide()
        self.assist.typing_changed.connect(self._typing)
        self.body.addWidget(self.assist)
        self.keyboard = self.add_keyboard(self.assist.field)
        self.keyboard.hide()
        self._status = CallStatus(CallPhase.IDLE)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._second)
        self._left = 0
        self._poll = QTimer(self)
        self._poll.setInterval(REPLY_POLL_MS)
        self._poll.timeout.connect(flow.assist.poll)

    # --------------------------------------------------------------- the call's states

    def call_changed(self, status: CallStatus) -> None:
        before = self._status
        self._status = status
        if status.phase is CallPhase.ENDED and before.phase is not CallPhase.ENDED:
            self._left = RETURN_AFTER_S
        self._render()
        ended = status.phase is CallPhase.ENDED
        if status.phase is CallPhase.ACTIVE or (ended and self._left > 0):
            self._tick.start()
        elif not ended:
            self._tick.stop()
        if (status.phase, status.number, status.reason) != (before.phase, before.number,
                                                             before.reason):
            self.flow.announce(self.spoken(status))

    def spoken(self, status: CallStatus) -> str:
        """What the loudspeaker says for this state (every state change says something)."""
        phase = status.phase
        if phase is CallPhase.DIALLING:
            if self.rolled_over_text():
                return self.rolled_over_text()
            return self.tr("Calling %1. Please wait.").replace("%1", self._number())
        if phase is CallPhase.ALERTING:
            return self.tr("Ringing. An operator will answer.")
        if phase is CallPhase.ACTIVE:
            return self.tr("Connected to the police. Speak into the handset.")
        if phase is CallPhase.ENDED:
            return f"{self.end_reason(status.reason)} {self.ended_advice()}".strip()
        return self.phase_words()

    def _number(self) -> str:
        return self._status.number or self.flow.emergency_numbers[0]

    def rolled_over_text(self) -> str:
        s = self._status
        if s.rolled_over and s.attempt - 2 < len(self.flow.emergency_numbers):
            previous = self.flow.emergency_numbers[s.attempt - 2]
            return self.tr("%1 is busy or unreachable — now trying %2.") \
                .replace("%1", previous).replace("%2", self._number())
        return ""

    def phase_words(self) -> str:
        phase = self._status.phase
        if phase.is_live and self._status.connection_trouble:
            return self.tr("Connection trouble — stay on the line")
        if phase is CallPhase.DIALLING:
            return self.tr("Calling %1…").replace("%1", self._number())
        if phase is CallPhase.ALERTING:
            return self.tr("Ringing %1…").replace("%1", self._number())
        if phase is CallPhase.ACTIVE:
            return self.tr("Connected to %1").replace("%1", self._number())
        if phase is CallPhase.ENDED:
            return self.tr("Call ended")
        return self.tr("No call")

    def _state_role(self) -> tuple[str, str]:
        phase = self._status.phase
        if phase.is_live and self._status.connection_trouble:
            return GLYPHS["warning"], "warn"
        if phase is CallPhase.ALERTING:
            return "\u2706", "warn"
        if phase is CallPhase.ACTIVE:
            return GLYPHS["tick"], "good"
        if phase is CallPhase.ENDED:
            failed = self._status.reason in FAILED
            return (GLYPHS["warning"], "bad") if failed else (GLYPHS["cross"], "info")
        return "\u260e", "info"

    def end_reason(self, reason: EndReason | None) -> str:
        texts = {
            EndReason.LOCAL_HANGUP: self.tr("You ended the call."),
            EndReason.REMOTE_HANGUP: self.tr("The operator ended the call."),
            EndReason.BUSY: self.tr("The emergency line was busy."),
            EndReason.NO_CARRIER: self.tr("The call could not be connected."),
            EndReason.NO_ANSWER: self.tr("Nobody answered."),
            EndReason.NO_NETWORK: self.tr("There is no mobile network here right now."),
            EndReason.MODEM_ERROR: self.tr("The telephone has a fault."),
            EndReason.MODEM_SILENT: self.tr("The telephone is not responding."),
            EndReason.MODEM_GONE: self.tr("The telephone is disconnected."),
            EndReason.NOT_INSTALLED: self.tr("This kiosk has no telephone line."),
            EndReason.MAX_DURATION: self.tr("The call reached its time limit."),
            EndReason.MODEM_RESET: self.tr("The telephone restarted and the call was cut "
                                           "off."),
            EndReason.NO_PHONE_SERVICE: self.tr("The telephone service is not running."),
        }
        return texts.get(reason, self.tr("The call ended.")) if reason else \
            self.tr("The call ended.")

    def ended_advice(self) -> str:
        if self._status.reason not in FAILED:
            return ""
        if self.flow.off_hook:
            return self.tr("The handset is still lifted: touch Call again to try once "
                           "more.")
        return self.tr("Lift the handset or touch Call again to try again. You can also "
                       "send a written report.")

    def _render(self) -> None:
        icon, role = self._state_role()
        words = self.phase_words()
        self.state.setText(f"{icon}\n{words}")
        self.state.setAccessibleName(words)
        set_role(self.state, f"state-{role}")
        s = self._status
        live = s.phase.is_live
        ended = s.phase is CallPhase.ENDED
        detail = ""
        if ended:
            detail = f"{self.end_reason(s.reason)} {self.ended_advice()}".strip()
        elif s.connection_trouble:
            # The modem stopped answering; the call itself is most likely still up.
            detail = self.tr("Connection trouble. Stay on the line: the call may still "
                             "be connected.")
        elif s.rolled_over:
            detail = self.rolled_over_text()
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.hint.setText(self.tr("Lift the handset and speak.") if not self.flow.off_hook
                          else self.tr("Speak into the handset."))
        self.hint.setVisible(live and not self.flow.assist.active)
        self.end_button.setVisible(live)
        self.again_button.setVisible(ended)
        self.assist_button.setVisible(live and not self.flow.assist.active)
        self.assist.setVisible(self.flow.assist.active)
        self.keep_button.setVisible(ended and self._left > 0)
        self._show_countdown()
        self._show_timer()

    def _show_countdown(self) -> None:
        ended = self._status.phase is CallPhase.ENDED
        self.countdown.setVisible(ended and self._left > 0)
        self.countdown.setText(self.tr("This screen closes in %1 s.").replace(
            "%1", str(self._left)))

    def _second(self) -> None:
        if self._status.phase is CallPhase.ENDED:
            if self._left <= 0:
                return   # kept: it stays until the user leaves it
            self._left -= 1
            if self._left <= 0:
                self._tick.stop()
                self.flow.leave_call_screen()
            self._render()
        else:
            self._show_timer()

    def _keep(self) -> None:
        """The user wants more time: the ended screen stays until they leave it."""
        self._left = 0
        self._tick.stop()
        self._render()

    def _show_timer(self) -> None:
        s = self._status
        if s.phase is CallPhase.ACTIVE and s.connected_at is not None:
            seconds = max(0, int(time.monotonic() - s.connected_at))
            self.timer_label.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")
            self.timer_label.setAccessibleName(self.tr("Call time"))
            self.timer_label.show()
        else:
            self.timer_label.hide()

    def _typing(self, typing: bool) -> None:
        self.keyboard.setVisible(typing)
        self.place_bottom()

    # --------------------------------------------------------------- the text channel

    def conversation_changed(self) -> None:
        before = self.assist.latest_operator_line()
        self.assist.refresh()
        self._render()
        if self.flow.assist.active:
            self._poll.start()
        latest = self.assist.latest_operator_line()
        if latest and latest != before:
            self.flow.speak(self.tr("The operator writes: %1").replace("%1", latest))

    # --------------------------------------------------------------- the screen

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Emergency call"))
        self.end_button.set_label(self.tr("End call"), self.tr("Hang up"))
        self.again_button.set_label(self.tr("Call again"), self.tr("Call 110 again"))
        self.keep_button.set_label(self.tr("Keep this screen"))
        self.assist_button.set_label(self.tr("I cannot speak or hear"),
                                     self.tr("Tell the operator and answer in writing"))
        self.assist.retranslate()
        self.keyboard.retranslate()
        self._render()

    def prompt(self) -> str:
        if self._status.phase is CallPhase.ENDED:
            return self.spoken(self._status)
        return self.tr("Lift the handset and speak.") if not self.flow.off_hook else ""

    def entered(self) -> None:
        self._status = self.flow.call
        self._render()

    def reset(self) -> None:
        self._tick.stop()
        self._poll.stop()
        self._left = 0
        self._status = CallStatus(CallPhase.IDLE)
        self.assist.reset()
        reset_keyboard(self.keyboard)
        self.keyboard.hide()
        self.scroll_to_top()

    def reflow(self, portrait: bool) -> None:
        large = self.flow.settings.large_text
        wide = not portrait and not large and self.width() >= 1500
        narrow = large and self.width() < 900
        self.assist.place(columns=3 if wide else 1 if narrow else 2)

    def apply_scale(self, scale: float) -> None:
        super().apply_scale(scale)
        if hasattr(self, "keyboard"):
            self.reflow(self.portrait)
