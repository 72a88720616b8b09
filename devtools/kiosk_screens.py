"""`python -m devtools.kiosk_screens DIR`: every screen, both languages, both orientations.

Renders offscreen with `QWidget.grab()` using stand-in devices and an in-memory
store, driving the real flow to each state. Files: `ui-<state>-<lang>-<orientation>.png`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from core.emergency import EmergencyLine
from core.flow import Flow, PrintState, Screen, StoreState, Submission
from core.jobs import InlineJobs
from core.ports import CallPhase, CallStatus, EndReason, PrinterState
from core.session import When
from devtools.standins import SilentSpeaker, StandInHook, StandInPhone, StandInPrinter
from ui.main_window import MainWindow
from ui.screens.contact import ContactScreen
from wire.report import Event, KioskInfo, Report
from wire.status import OperatorStatus

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
KIOSK = KioskInfo("demo-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)


class MemoryStore:
    """An outbox stand-in that keeps items in a list (never used by the real app)."""

    def __init__(self) -> None:
        self.items: list[Report | Event] = []
        self.status: str | None = None

    def enqueue_report(self, report: Report) -> None:
        self.items.append(report)

    def enqueue_event(self, event: Event) -> None:
        self.items.append(event)

    def operator_status(self, report_id: str) -> OperatorStatus | None:
        return OperatorStatus.parse(self.status) if self.status else None


def build(language: str = "id") -> tuple[Flow, MainWindow]:
    store = MemoryStore()
    languages = (language, *(x for x in ("id", "en") if x != language))
    phone = StandInPhone()
    flow = Flow(kiosk=KIOSK, languages=languages, phone=phone,
                line=EmergencyLine(phone, StandInHook()), printer=StandInPrinter(),
                speaker=SilentSpeaker(), store=lambda: store, jobs=InlineJobs())
    window = MainWindow(flow)
    flow.start()
    return flow, window


def _report(flow: Flow) -> None:
    flow.start_report()
    flow.session.description = "Tas saya dicopet di peron arah Lebak Bulus, dompet hilang."
    flow.session.when = When.MIN_30
    flow.choose_category("theft")


def _call(phase: CallPhase, **kw: Any) -> Callable[[Flow], None]:
    def run(flow: Flow) -> None:
        flow.call_button()
        flow.call_status(CallStatus(phase, **kw))
    return run


def _done(printing: PrintState, problem: PrinterState | None = None,
          ack: bool = False) -> Callable[[Flow], None]:
    def run(flow: Flow) -> None:
        _report(flow)
        flow.session.name = "Budi Santoso"
        flow.session.phone = "0812 3456 7890"
        flow.submit()
        sub = flow.submission
        assert sub is not None
        flow.show_done(Submission(sub.report, sub.code, StoreState.STORED, printing,
                                         problem, ack))
    return run


def _lost(flow: Flow) -> None:
    flow.start_report()
    flow.choose_category("lost_item")
    flow.session.toggle_lost_item("phone")
    flow.session.toggle_lost_item("ktp")


def _contact_error(flow: Flow) -> None:
    _report(flow)
    flow.session.phone = "12345"
    flow.session.nik = "3171234567890001"
    flow.go(Screen.CONTACT)
    window = flow.view
    assert isinstance(window, MainWindow)
    contact = window.screens[Screen.CONTACT]
    assert isinstance(contact, ContactScreen)
    contact.next_button.click()


def _where_elsewhere(flow: Flow) -> None:
    _report(flow)
    flow.session.at_kiosk = False
    flow.session.where_text = "Kereta arah Lebak Bulus"
    flow.go(Screen.WHERE_WHEN)


def _review(flow: Flow) -> None:
    _report(flow)
    flow.session.name = "Budi Santoso"
    flow.session.phone = "0812 3456 7890"
    flow.go(Screen.REVIEW)


def _store_failed(flow: Flow) -> None:
    _report(flow)
    flow.show_done(Submission(None, "", StoreState.FAILED))


def _hold(flow: Flow) -> None:
    for _ in range(3):
        flow.call_button()
        flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.LOCAL_HANGUP))
        flow.leave_call_screen()
    flow.home()


def _still_there(flow: Flow) -> None:
    _report(flow)
    window = flow.view
    assert isinstance(window, MainWindow)
    window.still_there.show_count(12)


STATES: dict[str, Callable[[Flow], None]] = {
    "home": lambda flow: None,
    "home-hold": _hold,
    "category": lambda flow: flow.start_report(),
    "describe": _report,
    "where-when": _where_elsewhere,
    "contact-errors": _contact_error,
    "review": _review,
    "lost-items": _lost,
    "call-dialling": _call(CallPhase.DIALLING, number="110"),
    "call-ringing": _call(CallPhase.ALERTING, number="110"),
    "call-connected": _call(CallPhase.ACTIVE, number="110",
                            connected_at=time.monotonic() - 83),
    "call-rollover": _call(CallPhase.DIALLING, number="112", attempt=2, attempts=2),
    "call-ended-busy": _call(CallPhase.ENDED, number="112", reason=EndReason.BUSY),
    "done-printed": _done(PrintState.PRINTED),
    "done-print-failed": _done(PrintState.FAILED, PrinterState.PAPER_OUT),
    "done-acknowledged": _done(PrintState.PRINTED, ack=True),
    "done-store-failed": _store_failed,
    "still-there": _still_there,
}


def render(directory: Path, only: set[str] | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for language in ("id", "en"):
        for orientation, (w, h) in SIZES.items():
            for name, drive in STATES.items():
                if only and name not in only:
                    continue
                flow, window = build(language)
                window.resize(w, h)
                window.show()
                drive(flow)
                QApplication.processEvents()
                path = directory / f"ui-{name}-{language}-{orientation}.png"
                window.grab().save(str(path))
                written.append(path)
                window.shutdown()
                window.deleteLater()
                QApplication.processEvents()
    return written


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert app is not None
    directory = Path(argv[0] if argv else "docs/screenshots")
    only = set(argv[1:]) or None
    for path in render(directory, only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
