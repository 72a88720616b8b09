"""Fakes at the flow's seams (the device ports and the store), and a fake clock."""

from __future__ import annotations

from typing import Any

from core.conversation import Message
from core.emergency import EmergencyLine
from core.flow import Flow, Lookup, Screen, Submission
from core.jobs import InlineJobs
from core.ports import CallStatus, HookListener
from devtools.standins import SilentSpeaker, StandInHook, StandInPhone, StandInPrinter
from tests.support.clock import FakeClock
from wire.report import Event, KioskInfo, Report
from wire.status import OperatorStatus
from wire.ticket import ticket_code

KIOSK = KioskInfo("test-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)


class ListStore:
    """The flow's store seam (what the outbox offers), in memory."""

    def __init__(self, fail: bool = False) -> None:
        self.items: list[Report | Event] = []
        self.fail = fail
        self.status: str | None = None
        self.delivered: set[str] = set()

    def enqueue_report(self, report: Report) -> None:
        if self.fail:
            raise OSError("disk full")
        self.items.append(report)

    def enqueue_event(self, event: Event) -> None:
        self.items.append(event)

    def operator_status(self, report_id: str) -> OperatorStatus | None:
        return OperatorStatus.parse(self.status) if self.status else None

    def is_delivered(self, report_id: str) -> bool:
        return report_id in self.delivered

    def report_by_code(self, code: str) -> Report | None:
        found = [r for r in self.items if isinstance(r, Report) and ticket_code(r.id) == code]
        return found[-1] if found else None

    def events(self, kind: str) -> list[Event]:
        return [e for e in self.items if isinstance(e, Event) and e.type == kind]

    def reports(self) -> list[Report]:
        return [r for r in self.items if isinstance(r, Report)]


class Replies:
    """Operator replies as issue 15's uploader will store them (core.conversation)."""

    def __init__(self) -> None:
        self.replies: list[tuple[str, Message]] = []

    def operator_messages(self, session: str, after: int) -> list[Message]:
        return [m for s, m in self.replies if s == session and m.seq > after]

    def conversation_ended(self, session: str) -> None:
        self.replies = [(s, m) for s, m in self.replies if s != session]


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


class Handset(StandInHook):
    """A hook switch the test lifts: listeners run at once, in order (as on the driver
    thread): first the emergency line, which dials, then the flow."""

    def __init__(self) -> None:
        super().__init__()
        self.off_hook = False

    def is_off_hook(self) -> bool:
        return self.off_hook

    def set(self, off_hook: bool) -> None:
        self.off_hook = off_hook
        listeners: list[HookListener] = list(self.listeners)
        for listener in listeners:
            listener(off_hook)


def make_flow(store: ListStore | None = None, **kw: Any) -> tuple[Flow, RecordingView]:
    store = store or ListStore()
    clock = kw.pop("clock", FakeClock())
    phone = kw.pop("phone", StandInPhone())
    hook = kw.pop("hook", Handset())
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
