"""The theft/loss journey, *Cek laporan*, *Cetak ulang* and the text channel through the
real app (simulators on ptys, the real SQLite outbox) and through taps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from core.config import Config
from core.conversation import ASSIST_REQUESTED, TEXT_SENT
from core.flow import PrintState, Screen, StoreState
from core.ports import CallPhase
from devtools.kiosk_screens import build, prepare, settle
from devtools.standins import StandInPrinter
from offline_queue.inbound import InboundMessage
from offline_queue.outbox import Outbox
from tests.kiosk.flow_support import submit_report
from tests.ui.kiosk_support import (
    WAIT_MS,
    Sims,
    kiosk_config,
    operator_status_arrives,
    running_kiosk,
    screen_of,
    submitted,
)
from ui.screens.call import CallScreen
from ui.screens.category import CategoryScreen
from ui.screens.contact import ContactScreen
from ui.screens.describe import DescribeScreen
from ui.screens.done import DoneScreen
from ui.screens.home import HomeScreen
from ui.screens.lookup import LookupScreen
from ui.screens.lost_items import LostItemsScreen
from ui.screens.review import ReviewScreen
from ui.screens.where_when import WhenScreen, WhereScreen
from wire.ticket import ticket_code


def _tap(qtbot: QtBot, button: QWidget) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_pickpocket_report_by_touch_gets_steps_for_what_was_taken(qapp: QApplication,
                                                                    qtbot: QtBot) -> None:
    flow, w = build("id")
    w.resize(1080, 1920)
    w.show()
    printer = flow.submissions.printer
    assert isinstance(printer, StandInPrinter)
    try:
        prepare(flow)
        touches = 0

        def tap(button: QWidget) -> None:
            nonlocal touches
            touches += 1
            _tap(qtbot, button)

        tap(screen_of(w, HomeScreen).report_button)
        tap(screen_of(w, CategoryScreen).journey_button)
        lost = screen_of(w, LostItemsScreen)
        tap(lost.buttons["phone"])
        tap(lost.buttons["bank_cards"])
        for step in (lost, screen_of(w, WhereScreen), screen_of(w, WhenScreen),
                     screen_of(w, DescribeScreen), screen_of(w, ContactScreen)):
            assert flow.screen is step.kind
            tap(step.next_button)
        tap(screen_of(w, ReviewScreen).send_button)
        settle()
        assert flow.screen is Screen.DONE and flow.submission is not None
        assert flow.submission.report is not None
        assert flow.submission.report.category == "theft"
        assert touches == 10   # Home to a stored report with its receipt printing
        [ticket] = printer.printed
        assert ticket.lost_items == ("phone", "bank_cards")   # the receipt's steps follow
        done = screen_of(w, DoneScreen)
        steps = done.next_steps.plain()
        assert "Blokir kartu SIM" in steps and "Telkomsel 188" in steps
        assert "Blokir kartu ATM" in steps and "m-banking" in steps
        assert "Dukcapil" not in steps        # no KTP ticked: no KTP step
        assert "STPL" in steps                # a theft: the police report
    finally:
        w.shutdown()
        w.deleteLater()


def test_cek_laporan_shows_the_operator_status_of_a_report_filed_here(qtbot: QtBot, tmp_path: Path,
                                                                      sims: Sims) -> None:
    cfg = kiosk_config(tmp_path, sims)
    with running_kiosk(qtbot, cfg) as kiosk:
        w, flow = kiosk.window, kiosk.flow
        submit_report(flow, "threat", "ancaman di peron")
        qtbot.waitUntil(lambda: flow.submission is not None
                        and flow.submission.store is StoreState.STORED, timeout=WAIT_MS)
        code = ticket_code(operator_status_arrives(cfg, flow, "dispatched").id)
        flow.end_session()   # the person left; later they come back to any screen
        _tap(qtbot, screen_of(w, HomeScreen).lookup_button)
        screen = screen_of(w, LookupScreen)
        for ch in code.replace("-", ""):
            _tap(qtbot, screen.keys[ch])
        _tap(qtbot, screen.check_button)
        qtbot.waitUntil(lambda: screen.answer.isVisible()
                        and "dikerahkan" in screen.answer.plain(), timeout=WAIT_MS)
        assert code in screen.answer.plain() and "Ancaman" in screen.answer.plain()
        assert screen.answer.property("card") == "good"


def test_print_again_after_paper_out_once_the_printer_is_ready(qtbot: QtBot, tmp_path: Path,
                                                               sims: Sims) -> None:
    sims.printer.paper_out = True
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        flow, w = kiosk.flow, kiosk.window
        done = screen_of(w, DoneScreen)
        submit_report(flow, "information", "jam buka kantor polisi")
        qtbot.waitUntil(lambda: submitted(flow).printing is PrintState.FAILED,
                        timeout=WAIT_MS)
        assert not done.reprint_button.isVisible()
        sims.printer.paper_out = False   # a technician refills the paper
        qtbot.waitUntil(done.reprint_button.isVisible, timeout=WAIT_MS)
        _tap(qtbot, done.reprint_button)
        qtbot.waitUntil(lambda: submitted(flow).printing is PrintState.PRINTED,
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(sims.printer.tickets) == 1, timeout=WAIT_MS)
        assert submitted(flow).code in sims.printer.tickets[0].text
        assert not done.reprint_button.isVisible()


def test_i_cannot_speak_flags_the_call_and_sends_answers_through_the_outbox(
        qtbot: QtBot, tmp_path: Path, sims: Sims) -> None:
    cfg = kiosk_config(tmp_path, sims)
    with running_kiosk(qtbot, cfg) as kiosk:
        w, flow = kiosk.window, kiosk.flow
        call = screen_of(w, CallScreen)
        _tap(qtbot, screen_of(w, HomeScreen).call_button)
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ACTIVE, timeout=WAIT_MS)
        _tap(qtbot, call.assist_button)
        # The real app reads replies from its outbox (issue 15): nothing says otherwise.
        assert call.assist.isVisible() and not call.assist.no_replies.isVisible()
        _tap(qtbot, call.assist.phrases[next(iter(call.assist.phrases))])
        with Outbox.for_config(cfg) as outbox:
            qtbot.waitUntil(lambda: len([i for i in outbox.list_items()
                                         if i.label in (ASSIST_REQUESTED, TEXT_SENT)]) == 2,
                            timeout=WAIT_MS)
            labels = [i.label for i in outbox.list_items()]
            # What the uploader stores from the centre appears on the call screen.
            outbox.inbound.store_messages([InboundMessage(
                1, flow.session.id, "2026-12-01T21:04:05+07:00", "Petugas menuju")])
        qtbot.waitUntil(lambda: any(line.isVisible() and "Petugas menuju" in line.text()
                                    for line in call.assist.lines), timeout=WAIT_MS)
        assert "call.started" in labels and ASSIST_REQUESTED in labels
        started = [i for i in outbox_items(cfg) if i["type"] == "call.started"]
        assert started[0]["data"]["session"] == flow.session.id


def outbox_items(cfg: Config) -> list[dict[str, Any]]:
    import sqlite3

    with sqlite3.connect(cfg.outbox_path) as conn:
        return [json.loads(p) for (p,) in conn.execute("SELECT payload FROM items")]
