"""Fakes at the flow's seams (the device ports and the store), and a fake clock."""

from __future__ import annotations

from typing import Any

from core.flow import Flow, Screen, Submission
from core.jobs import InlineJobs
from core.ports import CallStatus
from devtools.standins import SilentSpeaker, StandInPhone, StandInPrinter
from wire.report import Event, KioskInfo, Report

KIOSK = KioskInfo("test-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ListStore:
    def __init__(self, fail: bool = False) -> None:
        self.items: list[Report | Event] = []
        self.fail = fail
        self.status: str | None = None

    def enqueue_report(self, report: Report) -> None:
        if self.fail:
            raise OSError("disk full")
        self.items.append(report)

    def enqueue_event(self, event: Event) -> None:
        self.items.append(event)

    def operator_status(self, report_id: str) -> str | None:
        return self.status


class RecordingView:
    def __init__(self) -> None:
        self.screens: list[Screen] = []
        self.calls: list[CallStatus] = []
        self.submissions: list[Submission] = []
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


def make_flow(store: ListStore | None = None, **kw: Any) -> tuple[Flow, RecordingView]:
    store = store or ListStore()
    clock = kw.pop("clock", FakeClock())
    flow = Flow(kiosk=KIOSK, languages=("id", "en"), phone=kw.pop("phone", StandInPhone()),
                printer=kw.pop("printer", StandInPrinter()), speaker=SilentSpeaker(),
                store=lambda: store, jobs=InlineJobs(), clock=clock, **kw)
    view = RecordingView()
    flow.attach(view)
    flow.start()
    return flow, view
