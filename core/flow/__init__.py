"""The public flow of the kiosk in plain Python: screens, the call, the report.

The UI observes it through `FlowView` (injected, mu-editor style) and calls its
methods when the user taps; the flow never imports Qt. Device callbacks and background
job results reach it on the UI thread (the Qt bridge in `ui/` does that).

`Flow` is a thin facade over parts along the real seams: `navigation` (which screen,
Back, the visit's settings), `journey` (the order of a report's steps), `call` (the
voice call as the screens see it; the dialling itself is
`core.emergency.EmergencyLine`, on the hook driver's thread), `assist` (the text
channel for a caller who cannot speak or hear), `submission` (validate, store
durably, print, poll the centre), `lookup` (*Cek laporan*) and `guidance` (touch to
hear). Two rules shape it: nothing delays the emergency call, and a user is told
"saved" only after the outbox's commit returned ("delivered" only once the centre
confirmed it).

A visit ends (`end_session`: a new session id, default settings, everything wiped)
on the idle timeout and on *Selesai*; *Home* only discards the report being written
and keeps the visitor's language and settings (`home`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from core.abuse import REPEAT_FLAG, CallAbuseGuard, RepeatDetector
from core.conversation import OperatorMessages
from core.flow import journey
from core.flow.assist import Assist
from core.flow.call import CallFlow
from core.flow.guidance import TouchToHear
from core.flow.lookup import Lookup, Lookups, LookupState
from core.flow.navigation import VOLUME_LEVELS, Navigator, Screen, Settings
from core.flow.submission import (
    PrintState,
    ReportStore,
    StoreState,
    Submission,
    Submissions,
)
from core.jobs import Jobs
from core.lookup import RemoteLookup
from core.ports import CallLine, CallStatus, Phone, Printer, Speaker
from core.session import Session
from wire.categories import Priority
from wire.errors import ReportInvalid
from wire.logs import event
from wire.report import Event, KioskInfo, Report

__all__ = ["VOLUME_LEVELS", "Flow", "FlowView", "Lookup", "LookupState", "PrintState",
           "ReportStore", "Screen", "Settings", "StoreState", "Submission"]

log = logging.getLogger(__name__)


class FlowView(Protocol):
    def show_screen(self, screen: Screen) -> None: ...

    def call_changed(self, status: CallStatus) -> None: ...

    def submission_changed(self, submission: Submission) -> None: ...

    def session_reset(self) -> None: ...

    def settings_changed(self) -> None: ...

    def conversation_changed(self) -> None: ...

    def lookup_changed(self, lookup: Lookup) -> None: ...


class Flow:
    def __init__(self, *, kiosk: KioskInfo, languages: tuple[str, ...], phone: Phone,
                 line: CallLine, printer: Printer, speaker: Speaker,
                 store: Callable[[], ReportStore], jobs: Jobs,
                 emergency_numbers: tuple[str, ...] = ("110", "112"),
                 voice: bool = True, large_text: bool = False,
                 clock: Callable[[], float] = time.monotonic,
                 abuse: CallAbuseGuard | None = None,
                 repeats: RepeatDetector | None = None,
                 messages: Callable[[], OperatorMessages] | None = None,
                 remote_lookup: Callable[[], RemoteLookup] | None = None) -> None:
        self.kiosk = kiosk
        self.clock = clock
        self.jobs = jobs
        self.speaker = speaker
        self.repeats = repeats or RepeatDetector(clock)
        self.session = Session()
        self.editing = False   # a step opened with *Ubah* from the check screen
        self._view: FlowView | None = None
        self.navigation = Navigator(lambda: self.view, speaker, languages, voice=voice,
                                    large_text=large_text)
        self.submissions = Submissions(lambda: self.view, kiosk, printer, store, jobs)
        self.calls = CallFlow(self.navigation, lambda: self.view, phone, line=line,
                              emergency_numbers=emergency_numbers,
                              abuse=abuse or CallAbuseGuard(clock), clock=clock,
                              call_started=self._record_call_started)
        self.assist = Assist(lambda: self.view, kiosk, jobs,
                             record=self.submissions.record_event,
                             announce=self.navigation.announce, messages=messages)
        self.lookups = Lookups(lambda: self.view, store, jobs, remote=remote_lookup,
                               clock=clock)
        self.guide = TouchToHear(clock)

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

    @property
    def home_needs_confirmation(self) -> bool:
        """*Home* would throw away a report being written: ask first."""
        return self.screen.is_report_step and not self.session.is_empty

    def home(self) -> None:
        """Start again at home: the report being written is discarded (a new draft
        object, same visitor); the language and the other settings stay."""
        self.session = self.session.restart()
        self._clear_report()
        self.navigation.reset(Screen.HOME)
        self.view.session_reset()
        self.view.show_screen(Screen.HOME)

    def end_session(self) -> None:
        """The visitor has gone (idle wipe, *Selesai*): forget everything about them."""
        self.session = Session()
        self._clear_report()
        self.assist.reset()
        self.lookups.reset()
        self.navigation.reset(Screen.HOME, settings=True)
        self.view.session_reset()
        self.view.settings_changed()
        self.view.show_screen(Screen.HOME)

    def _clear_report(self) -> None:
        self.submissions.clear()
        self.editing = False
        self.guide.reset()

    @property
    def idle_allowed(self) -> bool:
        """The idle wipe never interrupts a live call (or a technician's test call);
        a handset left off the hook after a call does not keep a stranger's data on
        screen."""
        return not (self.in_call or self.technician_call)

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

    def cycle_volume(self) -> None:
        self.navigation.cycle_volume()

    def speak(self, text: str) -> None:
        """A prompt, when voice guidance is on."""
        self.navigation.speak(text)

    def announce(self, text: str) -> None:
        """Said whatever the voice setting: call progress, *Dengarkan lagi*."""
        self.navigation.announce(text)

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

    @property
    def can_redial(self) -> bool:
        """After a failed call with the handset still up: one touch calls again."""
        return self.calls.can_redial

    def request_assist(self) -> None:
        """*Saya tidak bisa bicara / mendengar* on the call screen."""
        self.assist.request(self.session.id, self.call.number or self.emergency_numbers[0])

    def _record_call_started(self, trigger: str) -> None:
        self.assist.reset()
        self.submissions.record_event(Event.create(
            kiosk=self.kiosk, type="call.started", priority=Priority.EMERGENCY,
            data={"trigger": trigger, "numbers": list(self.emergency_numbers),
                  "session": self.session.id}))

    # ------------------------------------------------------------ the report

    @property
    def submission(self) -> Submission | None:
        return self.submissions.current

    def start_report(self) -> None:
        self.go(Screen.CATEGORY)

    def choose_category(self, code: str) -> None:
        s = self.session
        from_items = s.lists_items
        s.category = code
        if not (from_items and s.lists_items):   # theft <-> loss keeps the ticked items
            s.lost_items.clear()
        self.editing = False
        self.go(journey.first_step(s))

    def set_stolen(self, stolen: bool) -> None:
        """The theft/loss journey's question: stolen (a crime) or lost?"""
        self.session.category = "theft" if stolen else "lost_item"

    def next_step(self) -> None:
        """*Next* on a report step (validation is the screen's)."""
        target = journey.next_step(self.session, self.screen, editing=self.editing)
        self.editing = False
        self.go(target)

    def edit(self, screen: Screen) -> None:
        """*Ubah* on the check screen: open one step; its *Next* comes back here."""
        self.editing = True
        self.go(screen)

    def add_alert_details(self) -> None:
        """After an alert: an optional follow-up report of the same emergency."""
        category = self.session.category
        self.session = self.session.restart()
        self.session.category = category
        self.session.alert_details = True
        self.submissions.clear()
        self.navigation.reset(Screen.HOME)
        self.view.session_reset()
        self.go(journey.first_step(self.session))

    def submit(self) -> None:
        s = self.session
        repeat = self.repeats.check_and_record(
            s.category or "", s.description_text() + "|" + ",".join(sorted(s.lost_items)))
        self._store(lambda: s.to_report(self.kiosk, self.language,
                                        flags=(REPEAT_FLAG,) if repeat else ()))

    def send_alert(self) -> None:
        """One touch on an emergency category's *send an alert without speaking*."""
        s = self.session
        repeat = self.repeats.check_and_record(s.category or "", "silent_alert")
        self._store(lambda: s.to_alert(self.kiosk, self.language,
                                       flags=(REPEAT_FLAG,) if repeat else ()))

    def _store(self, build: Callable[[], Report]) -> None:
        try:
            report = build()
        except (ReportInvalid, ValueError) as exc:
            event(log, "report.invalid", logging.WARNING, field=getattr(exc, "field", ""))
            self.show_done(Submission(None, "", StoreState.FAILED))
            return
        self.editing = False
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

    def poll_printer(self) -> None:
        self.submissions.poll_printer()

    def reprint(self) -> None:
        self.submissions.reprint()

    # ------------------------------------------------------------ Cek laporan

    def start_lookup(self) -> None:
        self.lookups.reset()
        self.go(Screen.LOOKUP)
