"""`python -m devtools.kiosk_screens DIR`: every public screen, both languages, both
orientations, rendered offscreen with `QWidget.grab()`.

Stand-in devices and an in-memory store (with an in-memory operator conversation and
centre lookup, the protocols issue 15 implements for real) drive the real flow to
each state. Files: `ui-<state>-<lang>-<orientation>.png`. The same `STATES` are used
by the resolution test (tests/ui/test_kiosk_layout.py), which reuses one window per
size: `prepare(flow)` returns a window to a clean home between states.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from core.abuse import CallAbuseGuard
from core.conversation import Message, Phrase, Sender
from core.emergency import EmergencyLine
from core.flow import Flow, PrintState, Screen, StoreState, Submission
from core.jobs import InlineJobs
from core.lookup import LookupAnswer
from core.ports import CallPhase, CallStatus, EndReason, PrinterState
from core.session import When
from devtools.standins import (
    MemoryConversation,
    MemoryLookup,
    MemoryStore,
    SilentSpeaker,
    StandInHook,
    StandInPhone,
    StandInPrinter,
)
from ui.main_window import MainWindow
from ui.screens.contact import ContactScreen
from ui.screens.lookup import LookupScreen
from wire.report import KioskInfo
from wire.status import OperatorStatus

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
KIOSK = KioskInfo("demo-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)
LONG_STORY = ("Saya naik MRT dari Lebak Bulus menuju Bundaran HI sekitar pukul 08.10. "
              "Kereta sangat penuh. Di antara stasiun Blok M dan Senayan seorang pria "
              "berjaket hitam berdiri sangat dekat di belakang saya dan beberapa kali "
              "mendorong. Saat turun di Bundaran HI saya sadar tas saya terbuka dan "
              "dompet serta ponsel saya sudah tidak ada.")


def build(language: str = "id", *, all_screens: bool = True) -> tuple[Flow, MainWindow]:
    store = MemoryStore()
    conversation = MemoryConversation()
    lookup = MemoryLookup()
    languages = (language, *(x for x in ("id", "en") if x != language))
    phone = StandInPhone()
    flow = Flow(kiosk=KIOSK, languages=languages, phone=phone,
                line=EmergencyLine(phone, StandInHook()), printer=StandInPrinter(),
                speaker=SilentSpeaker(), store=lambda: store, jobs=InlineJobs(),
                messages=lambda: conversation, remote_lookup=lambda: lookup)
    window = MainWindow(flow)
    if all_screens:
        window.build_remaining_screens()   # as the window does right after its first paint
    flow.start()
    return flow, window


def parts(flow: Flow) -> tuple[MemoryStore, MemoryConversation, MemoryLookup]:
    store = flow.submissions._store()
    conversation = flow.assist._messages() if flow.assist._messages else None
    lookup = flow.lookups._remote() if flow.lookups._remote else None
    assert isinstance(store, MemoryStore) and isinstance(conversation, MemoryConversation)
    assert isinstance(lookup, MemoryLookup)
    return store, conversation, lookup


def prepare(flow: Flow, *, large_text: bool | None = None) -> None:
    """Back to a clean home with default settings, no call and a fresh prank rule;
    `large_text` changes the default (no restyling between states of one size)."""
    if large_text is not None:
        flow.navigation.defaults.large_text = large_text
    if flow.in_call:
        flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.REMOTE_HANGUP))
    flow.calls.call = CallStatus(CallPhase.IDLE)
    flow.calls.abuse = CallAbuseGuard(flow.clock)
    flow.off_hook = False
    store, _conversation, lookup = parts(flow)
    store.status = None
    store.delivered.clear()
    lookup.answers.clear()
    window = flow.view
    assert isinstance(window, MainWindow)
    window.still_there.hide()
    window.confirm_home.hide()
    flow.end_session()


def _report(flow: Flow) -> None:
    flow.start_report()
    flow.session.description = "Seorang pria mengancam saya di peron arah Lebak Bulus."
    flow.session.when = When.MIN_30
    flow.choose_category("threat")


def _journey(flow: Flow, *items: str) -> None:
    flow.start_report()
    flow.choose_category("theft")
    for item in items:
        flow.session.toggle_lost_item(item)


def _lost(flow: Flow) -> None:
    _journey(flow, "phone", "ktp")


def _story(flow: Flow) -> None:
    _journey(flow, "phone", "wallet")
    flow.next_step()
    flow.next_step()
    flow.next_step()


def _call(phase: CallPhase, **kw: Any) -> Callable[[Flow], None]:
    def run(flow: Flow) -> None:
        flow.call_button()
        flow.call_status(CallStatus(phase, **kw))
    return run


def _ended_off_hook(flow: Flow) -> None:
    flow.call_button()
    flow.off_hook = True
    flow.call_status(CallStatus(CallPhase.ENDED, number="112", reason=EndReason.NO_NETWORK))


def _assist(flow: Flow) -> None:
    _call(CallPhase.ACTIVE, number="110", connected_at=time.monotonic() - 47)(flow)
    flow.request_assist()
    _store, conversation, _lookup = parts(flow)
    conversation.replies.append((flow.session.id, Message(
        Sender.OPERATOR, "Petugas sedang menuju anjungan Anda. Apakah ada yang terluka?", 1)))
    flow.assist.poll()
    flow.assist.send_phrase(Phrase.NO, "Tidak" if flow.language == "id" else "No",
                            flow.language)


def _done(printing: PrintState, problem: PrinterState | None = None, *, ack: bool = False,
          delivered: bool = False, ready: bool = False,
          drive: Callable[[Flow], None] | None = None) -> Callable[[Flow], None]:
    def run(flow: Flow) -> None:
        (drive or _report)(flow)
        flow.session.name = "Budi Santoso"
        flow.session.phone = "0812 3456 7890"
        flow.submit()
        sub = flow.submission
        assert sub is not None
        flow.show_done(Submission(sub.report, sub.code, StoreState.STORED, printing,
                                  problem, ack, delivered or ack, ready,
                                  OperatorStatus.ACKNOWLEDGED if ack else None))
    return run


def _alert(delivered: bool) -> Callable[[Flow], None]:
    def run(flow: Flow) -> None:
        flow.start_report()
        flow.choose_category("fire")
        flow.send_alert()
        store, _c, _l = parts(flow)
        sub = flow.submission
        assert sub is not None and sub.report is not None
        if delivered:
            store.delivered.add(sub.report.id)
            flow.poll_operator_status()
    return run


def _emergency(flow: Flow) -> None:
    flow.start_report()
    flow.choose_category("fire")


def _report_at(screen: Screen, **answers: Any) -> Callable[[Flow], None]:
    """The threat report with these answers (session fields), shown at `screen`."""
    def run(flow: Flow) -> None:
        _report(flow)
        for key, value in answers.items():
            assert hasattr(flow.session, key), key
            setattr(flow.session, key, value)
        flow.go(screen)
    return run


def _contact_error(flow: Flow) -> None:
    _report_at(Screen.CONTACT, phone="12345", email="budi@", nik="3171234567890001")(flow)
    window = flow.view
    assert isinstance(window, MainWindow)
    contact = window.screens[Screen.CONTACT]
    assert isinstance(contact, ContactScreen)
    contact.next_button.click()


def _review_long(flow: Flow) -> None:
    _journey(flow, "phone", "wallet", "bank_cards")
    flow.session.description = LONG_STORY
    flow.session.at_kiosk = False
    flow.session.where_text = "Kereta MRT antara Blok M dan Senayan"
    flow.session.email = "budi.santoso@contoh.id"
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


def _confirm_home(flow: Flow) -> None:
    _report(flow)
    window = flow.view
    assert isinstance(window, MainWindow)
    window.request_home()


def _voice(flow: Flow) -> None:
    if not flow.settings.voice:
        flow.toggle_voice()
    flow.start_report()


def _lookup_answer(flow: Flow) -> None:
    flow.start_lookup()
    _s, _c, lookup = parts(flow)
    lookup.answers["KX4M-7HPA"] = LookupAnswer.from_status(
        "KX4M-7HPA", OperatorStatus.DISPATCHED, delivered=True, category="theft")
    window = flow.view
    assert isinstance(window, MainWindow)
    screen = window.screens[Screen.LOOKUP]
    assert isinstance(screen, LookupScreen)
    for ch in "KX4M7HPA":
        screen.keys[ch].click()
    screen.check_button.click()
    flow.lookups.poll()


STATES: dict[str, Callable[[Flow], None]] = {
    "home": lambda flow: None,
    "home-hold": _hold,
    "category": lambda flow: flow.start_report(),
    "emergency": _emergency,
    "alert-saved": _alert(delivered=False),
    "alert-delivered": _alert(delivered=True),
    "describe": _report,
    "lost-items": _lost,
    "story-optional": _story,
    "where": _report_at(Screen.WHERE, at_kiosk=False, where_text="Kereta arah Lebak Bulus"),
    "when": _report_at(Screen.WHEN),
    "contact": _report_at(Screen.CONTACT),
    "contact-errors": _contact_error,
    "review": _report_at(Screen.REVIEW, name="Budi Santoso", phone="0812 3456 7890"),
    "review-long": _review_long,
    "confirm-home": _confirm_home,
    "call-dialling": _call(CallPhase.DIALLING, number="110"),
    "call-ringing": _call(CallPhase.ALERTING, number="110"),
    "call-connected": _call(CallPhase.ACTIVE, number="110",
                            connected_at=time.monotonic() - 83),
    "call-rollover": _call(CallPhase.DIALLING, number="112", attempt=2, attempts=2),
    "call-ended-busy": _call(CallPhase.ENDED, number="112", reason=EndReason.BUSY),
    "call-ended-redial": _ended_off_hook,
    "call-assist": _assist,
    "done-saved": _done(PrintState.PRINTED),
    "done-delivered": _done(PrintState.PRINTED, delivered=True),
    "done-acknowledged": _done(PrintState.PRINTED, ack=True),
    "done-print-failed": _done(PrintState.FAILED, PrinterState.PAPER_OUT),
    "done-reprint": _done(PrintState.FAILED, PrinterState.PAPER_OUT, ready=True),
    "done-theft-steps": _done(PrintState.PRINTED, drive=_lost),
    "done-store-failed": _store_failed,
    "lookup": lambda flow: flow.start_lookup(),
    "lookup-answer": _lookup_answer,
    "voice-category": _voice,
    "still-there": _still_there,
}


def settle() -> None:
    """Let nested layouts finish: a wrapped label's height reaches the scroll area only
    after a few rounds of posted layout requests."""
    for _ in range(4):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def render(directory: Path, only: set[str] | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for language in ("id", "en"):
        for orientation, (w, h) in SIZES.items():
            flow, window = build(language)
            window.resize(w, h)
            window.show()
            for name, drive in STATES.items():
                if only and name not in only:
                    continue
                prepare(flow)
                flow.set_language(language)
                drive(flow)
                settle()
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
