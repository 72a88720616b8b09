"""Printer, Handset and Speaker pages: test each part, see its state live.

Every test is an accountable action (an event for the command centre). The handset
page never hangs up a call it did not start: an emergency call from the public
handset keeps going while a technician is here.
"""

from __future__ import annotations

import functools
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from core.health import Level
from core.jobs import Lane, Ok, Result
from core.maintenance import MaintenanceEvent
from core.ports import CallPhase, CallStatus, PrinterState, PrintResult, Ticket
from ui.bridge import Bridge
from ui.maintenance.page import Page, body, button, level_label, set_level
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.status import paper_health
from wire.logs import mask_pii
from wire.report import now_wib, rfc3339
from wire.ticket import ticket_code

IN_CALL = (CallPhase.DIALLING, CallPhase.ALERTING, CallPhase.ACTIVE)


class PrinterPage(Page):
    printed = Signal(object)        # PrintResult (or the exception)
    paper_checked = Signal(object)  # PrinterState

    def __init__(self, services: MaintenanceServices, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Printer"), parent)
        self._services = services
        row = QHBoxLayout()
        self.paper_level = level_label()
        self.paper_reason = body()
        row.addWidget(self.paper_level)
        row.addWidget(self.paper_reason, 1)
        self.box.addLayout(row)
        self.print_button = button(self.tr("Print a test ticket"), self.test_print,
                                   role="primary")
        self.box.addWidget(self.print_button)
        self.result = body(role="message")
        self.box.addWidget(self.result)
        self.box.addWidget(button(self.tr("Check the paper again"), self.check_paper))
        self.box.addStretch(1)

    def activate(self) -> None:
        self.check_paper()

    def check_paper(self) -> None:
        self.run(self._services.jobs, Lane.DEVICES, self._services.printer.state, self._paper)

    def _paper(self, result: Result[PrinterState]) -> None:
        state = result.value if isinstance(result, Ok) else PrinterState.NO_ANSWER
        health = paper_health(state)
        set_level(self.paper_level, health.level)
        self.paper_reason.setText(health.reason)
        self.paper_checked.emit(state)

    def test_print(self) -> None:
        cfg = self._services.config
        ticket = Ticket(code=ticket_code(str(uuid.uuid4())), category="information",
                        station=cfg.kiosk.station, created_at=rfc3339(now_wib()),
                        language=cfg.kiosk.languages[0], is_test=True)
        self.print_button.setEnabled(False)
        self.result.setText(self.tr("Printing a test ticket…"))
        self.run(self._services.jobs, Lane.PRINT,
                 lambda: self._services.printer.print_ticket(ticket), self._printed)

    def _printed(self, result: Result[PrintResult]) -> None:
        self.print_button.setEnabled(True)
        if isinstance(result, Ok):
            ok, state, reason = result.value.ok, result.value.state.value, result.value.reason
        else:
            ok, state, reason = False, "error", type(result.error).__name__
        self._services.sink.record(MaintenanceEvent.TEST_PRINT, ok=ok, state=state)
        if ok:
            self.result.setText(self.tr("Test ticket printed."))
        else:
            self.result.setText(self.tr("Not printed") + f": {reason or state}")
        self.printed.emit(result.value if isinstance(result, Ok) else result.error)
        self.check_paper()


class HandsetPage(Page):
    call_changed = Signal(object)   # CallStatus, after the page showed it
    # Around the technician's own call: the public flow must ignore the hook and the
    # call statuses meanwhile (kiosk.flow.Flow.begin/end_technician_call).
    test_call_started = Signal()
    test_call_ended = Signal()

    def __init__(self, services: MaintenanceServices, bridge: Bridge,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Handset"), parent)
        self._services = services
        self._testing = False
        self._answered = False
        row = QHBoxLayout()
        self.hook_level = level_label()
        self.hook_text = body(role="message")
        row.addWidget(self.hook_level)
        row.addWidget(self.hook_text, 1)
        self.box.addLayout(row)
        number = services.config.modem.test_number
        self.number = body(self.tr("Test number") + f": {number}" if number else
                           self.tr("No test number is configured ([modem] test_number)."))
        self.box.addWidget(self.number)
        self.call_text = body(role="title")
        self.call_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.call_text.setMinimumHeight(120)
        self.box.addWidget(self.call_text)
        buttons = QHBoxLayout()
        self.call_button = button(self.tr("Start a test call"), self.test_call, role="primary")
        self.hang_button = button(self.tr("Hang up the test call"), self.hang_up, role="leave")
        buttons.addWidget(self.call_button)
        buttons.addWidget(self.hang_button)
        self.box.addLayout(buttons)
        self.box.addWidget(body(self.tr("Lifting the handset still calls 110, except during "
                                        "a test call."), role="muted"))
        self.box.addStretch(1)
        bridge.hook_changed.connect(self._show_hook)
        bridge.call_status.connect(self._show_call)

    def activate(self) -> None:
        self._show_hook(self._services.hook.is_off_hook())
        self._show_call(self._services.phone.status())

    def deactivate(self) -> None:
        """Leaving the page keeps a running test call; leaving maintenance ends it."""

    def stop(self) -> None:
        if self._testing:
            self.hang_up()

    def _show_hook(self, off_hook: bool) -> None:
        health = self._services.hook.health()
        set_level(self.hook_level, health.level)
        state = self.tr("Handset lifted") if off_hook else self.tr("Handset on the hook")
        self.hook_text.setText(state if health.level is Level.OK
                               else f"{state} · {mask_pii(health.reason)}")

    def call_words(self, status: CallStatus) -> str:
        if status.phase is CallPhase.IDLE:
            return self.tr("No call in progress.")
        who = self.tr("Emergency call") if status.emergency else self.tr("Test call")
        phase = {
            CallPhase.DIALLING: self.tr("dialling…"),
            CallPhase.ALERTING: self.tr("ringing at the other end…"),
            CallPhase.ACTIVE: self.tr("connected"),
            CallPhase.ENDED: self.tr("ended"),
        }[status.phase]
        text = f"{who}: {phase}"
        if status.phase is CallPhase.ENDED and status.reason is not None:
            text += f" ({status.reason.value.replace('_', ' ')})"
        return text

    @property
    def testing(self) -> bool:
        return self._testing

    def test_call(self) -> None:
        number = self._services.config.modem.test_number
        if not number or self._services.phone.status().phase in IN_CALL:
            return
        self._testing, self._answered = True, False
        self.test_call_started.emit()   # before dialling: no window for the hook to race
        self._services.sink.record(MaintenanceEvent.TEST_CALL, status="started")
        # Dialling makes phone.status() non-idle at once, so the public UI knows a call
        # is in progress and does not start an emergency call over the test call.
        self._services.phone.call(number)
        status = self._services.phone.status()
        if not self._testing:
            return   # the driver ended it at once (e.g. no modem) and said so
        if status.phase is CallPhase.IDLE:
            # The driver publishes DIALLING a moment later: show it now, and never
            # offer a second test call meanwhile.
            self.call_text.setText(self.tr("Test call") + ": " + self.tr("dialling…"))
            self.call_button.setEnabled(False)
            self.hang_button.setEnabled(True)
        else:
            self._show_call(status)

    def hang_up(self) -> None:
        status = self._services.phone.status()
        if self._testing and not status.emergency:
            self._services.phone.hang_up()

    def _show_call(self, status: object) -> None:
        if not isinstance(status, CallStatus):
            return
        if self._testing and status.phase is CallPhase.IDLE:
            return   # our dial request is queued in the driver; it has not started yet
        self.call_text.setText(self.call_words(status))
        busy = status.phase in IN_CALL
        ours = self._testing and not status.emergency
        if ours and status.phase is CallPhase.ACTIVE:
            self._answered = True
        if ours and status.phase is CallPhase.ENDED:
            self._testing = False
            self._services.sink.record(
                MaintenanceEvent.TEST_CALL, status="ended", answered=self._answered,
                reason=status.reason.value if status.reason else "")
            self.test_call_ended.emit()
        self.call_button.setEnabled(bool(self._services.config.modem.test_number) and not busy)
        self.hang_button.setEnabled(self._testing and busy)
        self.call_changed.emit(status)


PHRASES = {
    "id": "Ini uji suara kios seratus sepuluh. Jika Anda mendengar ini, pengeras suara "
          "berfungsi.",
    "en": "This is a sound test of the one one zero kiosk. If you can hear this, the "
          "speaker works.",
}
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


class SpeakerPage(Page):
    spoken = Signal(str)   # language

    def __init__(self, services: MaintenanceServices, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Speaker"), parent)
        self._services = services
        for language in services.config.kiosk.languages:
            self.box.addWidget(button(self.tr("Say a test phrase in %1").replace(
                "%1", LANGUAGE_NAMES[language]), functools.partial(self.say, language),
                role="primary"))
        self.box.addWidget(button(self.tr("Stop speaking"), self._services.speaker.stop))
        self.result = body(role="message")
        self.box.addWidget(self.result)
        self.box.addStretch(1)

    def say(self, language: str) -> None:
        self._services.speaker.say(PHRASES[language], language)
        self._services.sink.record(MaintenanceEvent.TEST_SPEECH, language=language)
        self.result.setText(self.tr("Speaking") + f": {LANGUAGE_NAMES[language]}")
        self.spoken.emit(language)
