"""The public flow of the kiosk in plain Python: screens, the call, the report.

The UI observes it through `FlowView` (injected, mu-editor style) and calls its
methods when the user taps; the flow never imports Qt. Device callbacks and background
job results reach it on the UI thread (the Qt bridge in `ui/` does that).

`Flow` is a thin facade over three parts along the real seams: `navigation` (which
screen, Back, the session's settings), `call` (the voice call as the screens see it;
the dialling itself is `core.emergency.EmergencyLine`, on the hook driver's thread)
and `submission` (validate, store durably, print, poll the centre). Two rules shape
it: nothing delays the emergency call, and a user is told "received" only after the
outbox's commit returned.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from core.abuse import REPEAT_FLAG, CallAbuseGuard, RepeatDetector
from core.emergency import EmergencyLine
from core.flow.call import CallFlow
from core.flow.navigation import Navigator, Screen, Settings
from core.flow.submission import (
    PrintState,
    ReportStore,
    StoreState,
    Submission,
    Submissions,
)
from core.jobs import Jobs
from core.ports import CallStatus, Phone, Printer, Speaker
from core.session import Session
from wire.categories import Priority
from wire.errors import ReportInvalid
from wire.logs import event
from wire.report import Event, KioskInfo

__all__ = ["Flow", "FlowView", "PrintState", "ReportStore", "Screen", "Settings",
           "StoreState", "Submission"]

log = logging.getLogger(__name__)


class FlowView(Protocol):
    def show_screen(self, screen: Screen) -> None: ...

    def call_changed(self, status: CallStatus) -> None: ...

    def submission_changed(self, submission: Submission) -> None: ...

    def session_reset(self) -> None: ...

    def settings_changed(self) -> None: ...


class Flow:
    def __init__(self, *, kiosk: KioskInfo, languages: tuple[str, ...], phone: Phone,
                 line: EmergencyLine, printer: Printer, speaker: Speaker,
                 store: Callable[[], ReportStore], jobs: Jobs,
                 emergency_numbers: tuple[str, ...] = ("110", "112"),
                 voice: bool = True, large_text: bool = False,
                 clock: Callable[[], float] = time.monotonic,
                 abuse: CallAbuseGuard | None = None,
                 repeats: RepeatDetector | None = None) -> None:
        self.kiosk = kiosk
        self.clock = clock
        self.jobs = jobs
        self.speaker = speaker
        self.repeats = repeats or RepeatDetector(clock)
        self.session = Session()
        self._view: FlowView | None = None
        self.navigation = Navigator(lambda: self.view, speaker, languages, voice=voice,
                                    large_text=large_text)
        self.submissions = Submissions(lambda: self.view, kiosk, printer, store, jobs)
        self.calls = CallFlow(self.navigation, lambda: self.view, phone, line=line,
                              emergency_numbers=emergency_numbers,
                              abuse=abuse or CallAbuseGuard(clock), clock=clock,
                              call_started=self._record_call_started)

    # ------------------------------------------------------------ view and navigation

    def attach(self, view: FlowView) -> None:
        self._view = view

    @property
    def view(self) -> FlowView:
        if self._view is None:
            raise RuntimeError("Flow.attach(view) was not called")
        return self._view

    def start(self) -> None:
        """Show home, or the call screen when the modem adopted a call after a crash."""
        self.view.show_screen(Screen.HOME)
        self.calls.adopt()

    @property
    def screen(self) -> Screen:
        return self.navigation.screen

    def go(self, screen: Screen) -> None:
        self.navigation.go(screen)

    def back(self) -> None:
        if self.screen is Screen.DONE or not self.navigation.back():
            self.home()

    def home(self) -> None:
        """Forget the user entirely: a new session object, default settings, home."""
        self.session = Session()
        self.submissions.clear()
        self.navigation.reset(Screen.HOME, settings=True)
        self.view.session_reset()
        self.view.settings_changed()
        self.view.show_screen(Screen.HOME)

    @property
    def idle_allowed(self) -> bool:
        """The idle wipe never interrupts a call or someone holding the handset."""
        return not (self.in_call or self.off_hook or self.technician_call)

    # ------------------------------------------------------------ settings and voice

    @property
    def settings(self) -> Settings:
        return self.navigation.settings

    @property
    def language(self) -> str:
        return self.navigation.language

    @property
    def languages(self) -> tuple[str, ...]:
        return self.navigation.languages

    def set_language(self, language: str) -> None:
        self.navigation.set_language(language)

    def toggle_voice(self) -> None:
        self.navigation.toggle_voice()

    def toggle_large_text(self) -> None:
        self.navigation.toggle_large_text()

    def speak(self, text: str) -> None:
        self.navigation.speak(text)

    # ------------------------------------------------------------ the call

    @property
    def call(self) -> CallStatus:
        return self.calls.call

    @property
    def in_call(self) -> bool:
        return self.calls.in_call

    @property
    def off_hook(self) -> bool:
        return self.calls.off_hook

    @off_hook.setter
    def off_hook(self, value: bool) -> None:
        self.calls.off_hook = value

    @property
    def technician_call(self) -> bool:
        return self.calls.technician_call

    @property
    def emergency_numbers(self) -> tuple[str, ...]:
        return self.calls.emergency_numbers

    @property
    def phone(self) -> Phone:
        return self.calls.phone

    @property
    def abuse(self) -> CallAbuseGuard:
        return self.calls.abuse

    @property
    def hold_to_call(self) -> bool:
        return self.calls.abuse.hold_required

    def call_button(self) -> None:
        self.calls.call_button()

    def hook_changed(self, off_hook: bool) -> None:
        self.calls.hook_changed(off_hook)

    def call_status(self, status: CallStatus) -> None:
        self.calls.call_status(status)

    def end_call(self) -> None:
        self.calls.end_call()

    def leave_call_screen(self) -> None:
        """After a call: back to where the user was (a half-written report survives)."""
        if self.screen is Screen.CALL and not self.in_call:
            self.back()

    def begin_technician_call(self) -> None:
        self.calls.line.begin_technician_call()

    def end_technician_call(self) -> None:
        self.calls.line.end_technician_call()

    def _record_call_started(self, trigger: str) -> None:
        self.submissions.record_event(Event.create(
            kiosk=self.kiosk, type="call.started", priority=Priority.EMERGENCY,
            data={"trigger": trigger, "numbers": list(self.emergency_numbers)}))

    # ------------------------------------------------------------ the report

    @property
    def submission(self) -> Submission | None:
        return self.submissions.current

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
            event(log, "report.invalid", logging.WARNING, field=getattr(exc, "field", ""))
            self.show_done(Submission(None, "", StoreState.FAILED))
            return
        self.show_done(None)
        self.submissions.store(report)

    def show_done(self, submission: Submission | None) -> None:
        """The done screen (Back goes home), showing `submission` if given."""
        self.navigation.reset(Screen.DONE, [Screen.HOME])
        self.view.show_screen(Screen.DONE)
        if submission is not None:
            self.submissions.show(submission)

    def poll_operator_status(self) -> None:
        self.submissions.poll_operator_status()
