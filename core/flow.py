"""The public flow of the kiosk in plain Python: screens, the call, the report.

The UI observes it through `FlowView` (injected, mu-editor style) and calls its
methods when the user taps; the flow never imports Qt. Device callbacks and background
job results must reach it on the UI thread (the Qt bridge in `ui/` does that).

Two rules shape it: nothing delays the emergency call (the modem is asked first,
bookkeeping after), and a user is told "received" only after the outbox's commit
returned.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

from core.abuse import REPEAT_FLAG, CallAbuseGuard, RepeatDetector
from core.jobs import Jobs
from core.ports import (
    CallPhase,
    CallStatus,
    Phone,
    Printer,
    PrinterState,
    PrintResult,
    Speaker,
    Ticket,
)
from core.session import Session
from wire.categories import Priority
from wire.errors import ReportInvalid
from wire.logs import event
from wire.report import Event, KioskInfo, Report
from wire.ticket import ticket_code

log = logging.getLogger(__name__)

LIVE_PHASES = (CallPhase.DIALLING, CallPhase.ALERTING, CallPhase.ACTIVE)
# Operator states the command centre reports once a person has the report in hand.
ACKNOWLEDGED = frozenset({"acknowledged", "dispatched", "closed"})


class Screen(StrEnum):
    HOME = "home"
    CALL = "call"
    CATEGORY = "category"
    DESCRIBE = "describe"
    LOST_ITEMS = "lost_items"
    WHERE_WHEN = "where_when"
    CONTACT = "contact"
    REVIEW = "review"
    DONE = "done"


class StoreState(StrEnum):
    SAVING = "saving"
    STORED = "stored"
    FAILED = "failed"


class PrintState(StrEnum):
    WAITING = "waiting"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"
    NO_PRINTER = "no_printer"


@dataclass(frozen=True)
class Submission:
    """A submitted report as the done screen shows it."""

    report: Report | None
    code: str
    store: StoreState
    printing: PrintState = PrintState.WAITING
    print_problem: PrinterState | None = None
    acknowledged: bool = False


class ReportStore(Protocol):
    """What the flow needs from the outbox (offline_queue.outbox.Outbox)."""

    def enqueue_report(self, report: Report) -> Any: ...

    def enqueue_event(self, event: Event) -> Any: ...

    def operator_status(self, report_id: str) -> str | None: ...


class FlowView(Protocol):
    def show_screen(self, screen: Screen) -> None: ...

    def call_changed(self, status: CallStatus) -> None: ...

    def submission_changed(self, submission: Submission) -> None: ...

    def session_reset(self) -> None: ...

    def settings_changed(self) -> None: ...


@dataclass
class Settings:
    language: str
    voice: bool
    large_text: bool


class Flow:
    def __init__(self, *, kiosk: KioskInfo, languages: tuple[str, ...], phone: Phone,
                 printer: Printer, speaker: Speaker, store: Callable[[], ReportStore],
                 jobs: Jobs, emergency_numbers: tuple[str, ...] = ("110", "112"),
                 voice: bool = True, large_text: bool = False,
                 clock: Callable[[], float] = time.monotonic,
                 abuse: CallAbuseGuard | None = None,
                 repeats: RepeatDetector | None = None) -> None:
        self.kiosk = kiosk
        self.languages = languages
        self.phone = phone
        self.printer = printer
        self.speaker = speaker
        self._store_factory = store
        self._store: ReportStore | None = None   # created and used in the store lane
        self.jobs = jobs
        self.emergency_numbers = emergency_numbers
        self._defaults = Settings(languages[0], voice, large_text)
        self.settings = replace(self._defaults)
        self.clock = clock
        self.abuse = abuse or CallAbuseGuard(clock)
        self.repeats = repeats or RepeatDetector(clock)
        self.session = Session()
        self.submission: Submission | None = None
        self.screen = Screen.HOME
        self._history: list[Screen] = []
        self.call = CallStatus(CallPhase.IDLE)
        self._call_started_at = 0.0
        self.off_hook = False
        self.technician_call = False
        self._view: FlowView | None = None

    # ------------------------------------------------------------ view and navigation

    def attach(self, view: FlowView) -> None:
        self._view = view

    @property
    def view(self) -> FlowView:
        if self._view is None:
            raise RuntimeError("Flow.attach(view) was not called")
        return self._view

    @property
    def language(self) -> str:
        return self.settings.language

    def start(self) -> None:
        """Show home, or the call screen when the modem adopted a call after a crash."""
        status = self.phone.status()
        self.view.show_screen(Screen.HOME)
        if status.phase in LIVE_PHASES:
            event(log, "call.recovered", phase=status.phase.value)
            self._call_started_at = self.clock()
            self.call = status
            self.go(Screen.CALL)
            self.view.call_changed(status)

    def go(self, screen: Screen) -> None:
        if screen is self.screen:
            return
        self._history.append(self.screen)
        self.screen = screen
        self.view.show_screen(screen)

    def back(self) -> None:
        if self.screen is Screen.DONE or not self._history:
            self.home()
            return
        self.screen = self._history.pop()
        self.view.show_screen(self.screen)

    def home(self) -> None:
        """Forget the user entirely: a new session object, default settings, home."""
        self.session = Session()
        self.submission = None
        self.settings = replace(self._defaults)
        self._history.clear()
        self.screen = Screen.HOME
        self.view.session_reset()
        self.view.settings_changed()
        self.view.show_screen(Screen.HOME)

    @property
    def idle_allowed(self) -> bool:
        """The idle wipe never interrupts a call or someone holding the handset."""
        return not (self.in_call or self.off_hook or self.technician_call)

    # ------------------------------------------------------------ settings and voice

    def set_language(self, language: str) -> None:
        if language not in self.languages or language == self.settings.language:
            return
        self.settings.language = language
        self.view.settings_changed()

    def toggle_voice(self) -> None:
        self.settings.voice = not self.settings.voice
        if not self.settings.voice:
            self.speaker.stop()
        self.view.settings_changed()

    def toggle_large_text(self) -> None:
        self.settings.large_text = not self.settings.large_text
        self.view.settings_changed()

    def speak(self, text: str) -> None:
        """Say a prompt (replacing the one being said) when voice guidance is on."""
        if self.settings.voice and text:
            self.speaker.say(text, self.settings.language)

    # ------------------------------------------------------------ the call

    @property
    def in_call(self) -> bool:
        return self.call.phase in LIVE_PHASES

    @property
    def hold_to_call(self) -> bool:
        return self.abuse.hold_required

    def call_button(self) -> None:
        if self.in_call:
            self.go(Screen.CALL)
        else:
            self._start_call("button")

    def lift_dials(self, off_hook: bool) -> bool:
        """Whether this hook change must dial 110 at once.

        Called on the hook driver's thread, before the UI thread hears of the lift, so
        a busy UI cannot delay the emergency call: the caller (ui.bridge) dials, then
        `hook_changed(off_hook, dialled=True)` does the screens and bookkeeping. It only
        reads two plain attributes, which is safe from another thread.
        """
        return off_hook and not self.technician_call and not self.in_call

    def hook_changed(self, off_hook: bool, dialled: bool = False) -> None:
        """The handset was lifted or replaced (UI thread); `dialled`: already dialled."""
        self.off_hook = off_hook
        if self.technician_call and not dialled:
            return   # the technician's own test call owns the handset
        if off_hook:
            if self.in_call:   # (a dial from the hook thread meanwhile was ignored)
                self.go(Screen.CALL)
            else:
                self._start_call("handset", dial=not dialled)
        elif self.in_call:
            self.phone.hang_up()

    def end_call(self) -> None:
        if self.in_call:
            self.phone.hang_up()

    def _start_call(self, trigger: str, dial: bool = True) -> None:
        if dial:
            self.phone.call_emergency()   # first: nothing may delay the emergency call
        self._call_started_at = self.clock()
        self.call = CallStatus(CallPhase.DIALLING, number=self.emergency_numbers[0],
                               attempts=len(self.emergency_numbers))
        self.go(Screen.CALL)
        self.view.call_changed(self.call)
        event(log, "call.started", trigger=trigger)
        call_event = Event.create(kiosk=self.kiosk, type="call.started",
                                  priority=Priority.EMERGENCY,
                                  data={"trigger": trigger,
                                        "numbers": list(self.emergency_numbers)})
        self.jobs.run("store", lambda: self._outbox().enqueue_event(call_event),
                      self._event_stored)

    def _event_stored(self, result: Any) -> None:
        if isinstance(result, BaseException):
            event(log, "call.event_not_stored", logging.ERROR, error=type(result).__name__)

    def call_status(self, status: CallStatus) -> None:
        """A status from the modem driver (delivered on the UI thread)."""
        if self.technician_call:
            return
        was_live = self.in_call
        self.call = status
        if status.phase is CallPhase.ENDED and was_live:
            self.abuse.call_ended(self._call_started_at, status)
            event(log, "call.ended", reason=status.reason.value if status.reason else "")
        self.view.call_changed(status)

    def leave_call_screen(self) -> None:
        """After a call: back to where the user was (a half-written report survives)."""
        if self.screen is Screen.CALL and not self.in_call:
            self.back()

    def begin_technician_call(self) -> None:
        self.technician_call = True

    def end_technician_call(self) -> None:
        self.technician_call = False

    # ------------------------------------------------------------ the report

    def start_report(self) -> None:
        self.go(Screen.CATEGORY)

    def choose_category(self, code: str) -> None:
        if self.session.category != code:
            self.session.lost_items.clear()
        self.session.category = code
        self.go(Screen.LOST_ITEMS if code == "lost_item" else Screen.DESCRIBE)

    def submit(self) -> None:
        s = self.session
        repeat = self.repeats.check_and_record(
            s.category or "", s.description_text() + "|" + ",".join(sorted(s.lost_items)))
        try:
            report = s.to_report(self.kiosk, self.language,
                                 flags=(REPEAT_FLAG,) if repeat else ())
        except (ReportInvalid, ValueError) as exc:
            event(log, "report.invalid", logging.WARNING,
                  field=getattr(exc, "field", ""))
            self._show_submission(Submission(None, "", StoreState.FAILED))
            return
        self._show_submission(Submission(report, ticket_code(report.id), StoreState.SAVING))
        self.jobs.run("store", lambda: self._outbox().enqueue_report(report),
                      lambda result: self._stored(report, result))

    def _show_submission(self, submission: Submission) -> None:
        self.submission = submission
        self._history = [Screen.HOME]
        self.screen = Screen.DONE
        self.view.show_screen(Screen.DONE)
        self.view.submission_changed(submission)

    def _update(self, report: Report, **changes: Any) -> Submission | None:
        """Apply changes if this report is still the one on screen."""
        if self.submission is None or self.submission.report is not report:
            return None
        self.submission = replace(self.submission, **changes)
        self.view.submission_changed(self.submission)
        return self.submission

    def _stored(self, report: Report, result: Any) -> None:
        if isinstance(result, BaseException):
            event(log, "report.not_stored", logging.ERROR, error=type(result).__name__)
            self._update(report, store=StoreState.FAILED)
            return
        event(log, "report.stored", id=report.id, category=report.category,
              flags=list(report.flags))
        if self._update(report, store=StoreState.STORED, printing=PrintState.PRINTING):
            ticket = Ticket(code=ticket_code(report.id), category=report.category,
                            station=self.kiosk.station, created_at=report.created_at,
                            language=report.language, lost_items=report.lost_items)
            self.jobs.run("print", lambda: self.printer.print_ticket(ticket),
                          lambda result: self._printed(report, result))

    def _printed(self, report: Report, result: Any) -> None:
        if isinstance(result, PrintResult) and result.ok:
            self._update(report, printing=PrintState.PRINTED)
            return
        state = result.state if isinstance(result, PrintResult) else PrinterState.NO_ANSWER
        event(log, "ticket.not_printed", logging.WARNING, state=state.value)
        printing = (PrintState.NO_PRINTER if state is PrinterState.NOT_INSTALLED
                    else PrintState.FAILED)
        self._update(report, printing=printing, print_problem=state)

    def poll_operator_status(self) -> None:
        """Ask the outbox whether an operator has the report yet (done screen timer)."""
        sub = self.submission
        if sub is None or sub.report is None or sub.store is not StoreState.STORED \
                or sub.acknowledged:
            return
        report = sub.report
        self.jobs.run("store", lambda: self._outbox().operator_status(report.id),
                      lambda result: self._status_polled(report, result))

    def _status_polled(self, report: Report, result: Any) -> None:
        if isinstance(result, str) and result in ACKNOWLEDGED:
            event(log, "report.acknowledged", id=report.id)
            self._update(report, acknowledged=True)

    def _outbox(self) -> ReportStore:
        # Built lazily inside the store lane: SQLite connections stay on one thread.
        if self._store is None:
            self._store = self._store_factory()
        return self._store
