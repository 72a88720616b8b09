"""The flow on the stand-ins of devtools/standins.py (devices, store), a fake clock and
a view that records what it was shown."""

from __future__ import annotations

from typing import Any

from core.emergency import EmergencyLine
from core.flow import Flow, Lookup, Screen, Submission
from core.jobs import InlineJobs
from core.ports import CallStatus
from devtools.standins import (
    MemoryStore,
    SilentSpeaker,
    StandInHook,
    StandInPhone,
    StandInPrinter,
)
from tests.support.clock import FakeClock
from wire.report import KioskInfo

KIOSK = KioskInfo("test-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)


class RecordingView:
    def __init__(self) -> None:
        self.screens: list[Screen] = []
        self.calls: list[CallStatus] = []
        self.submissions: list[Submission] = []
        self.lookups: list[Lookup] = []
        self.conversations = 0
        self.resets = 0

    def show_screen(self, screen: Screen) -> None:
        self.screens.append(screen)

    def call_changed(self, status: CallStatus) -> None:
        self.calls.append(status)

    def submission_changed(self, submission: Submission) -> None:
        self.submissions.append(submission)

    def session_reset(self) -> None:
        self.resets += 1

    def settings_changed(self) -> None:
        pass

    def conversation_changed(self) -> None:
        self.conversations += 1

    def lookup_changed(self, lookup: Lookup) -> None:
        self.lookups.append(lookup)


def submit_report(flow: Flow, category: str, description: str) -> None:
    """A commuter's shortest report: a category, a line of text, send."""
    flow.start_report()
    flow.choose_category(category)
    flow.session.description = description
    flow.submit()


def make_flow(store: MemoryStore | None = None, **kw: Any) -> tuple[Flow, RecordingView]:
    store = store or MemoryStore()
    clock = kw.pop("clock", FakeClock())
    phone = kw.pop("phone", StandInPhone())
    hook = kw.pop("hook", StandInHook())
    line = EmergencyLine(phone, hook)
    flow = Flow(kiosk=KIOSK, languages=("id", "en"), phone=phone, line=line,
                printer=kw.pop("printer", StandInPrinter()),
                speaker=kw.pop("speaker", SilentSpeaker()),
                store=lambda: store, jobs=InlineJobs(), clock=clock, **kw)
    hook.subscribe(flow.hook_changed)   # in the app: through the Qt bridge
    view = RecordingView()
    flow.attach(view)
    flow.start()
    return flow, view
