"""End to end through the real app: simulated printer, modem and hook switch on ptys,
the real SQLite outbox, the uploader process and a local HTTP receiver."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from core.flow import PrintState, Screen, StoreState
from core.ports import CallPhase, CallStatus, EndReason
from core.session import ContactField
from simulators.modem import Outcome
from tests.kiosk.flow_support import submit_report
from tests.support.keys import open_payload
from tests.support.now import now
from tests.support.receiver import Receiver
from tests.ui.kiosk_support import (
    WAIT_MS,
    Sims,
    all_input_texts,
    kiosk_config,
    running_kiosk,
    screen_of,
    submitted,
    visible_texts,
)
from ui.screens.call import CallScreen
from ui.screens.category import CategoryScreen
from ui.screens.contact import ContactScreen
from ui.screens.describe import DescribeScreen
from ui.screens.done import DoneScreen
from ui.screens.home import HomeScreen
from ui.screens.lost_items import LostItemsScreen
from ui.screens.review import ReviewScreen
from ui.screens.where_when import WhenScreen, WhereScreen
from ui.widgets.keyboard import OnScreenKeyboard
from wire.ticket import ticket_code

ROOT = Path(__file__).resolve().parents[2]


def _type(qtbot: QtBot, keyboard: OnScreenKeyboard, text: str) -> None:
    keys = {str(b.property("key")): b for b in keyboard.findChildren(QPushButton)}
    for ch in text:
        QTest.mouseClick(keys["␣" if ch == " " else ch], Qt.MouseButton.LeftButton)


def _tap(qtbot: QtBot, button: QWidget) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_report_reaches_the_command_centre_and_its_ticket_prints(qtbot: QtBot, tmp_path: Path,
                                                                   sims: Sims,
                                                                   receiver: Receiver) -> None:
    cfg = kiosk_config(tmp_path, sims, url=receiver.url)
    with running_kiosk(qtbot, cfg) as kiosk:
        w, flow = kiosk.window, kiosk.flow
        _tap(qtbot, screen_of(w, HomeScreen).report_button)
        _tap(qtbot, screen_of(w, CategoryScreen).buttons["threat"])
        describe = screen_of(w, DescribeScreen)
        _type(qtbot, describe.keyboard, "tas dicopet")
        assert flow.session.description == "tas dicopet"
        _tap(qtbot, describe.next_button)
        _tap(qtbot, screen_of(w, WhereScreen).next_button)
        _tap(qtbot, screen_of(w, WhenScreen).next_button)
        _tap(qtbot, screen_of(w, ContactScreen).next_button)
        assert flow.screen is Screen.REVIEW
        _tap(qtbot, screen_of(w, ReviewScreen).send_button)
        qtbot.waitUntil(lambda: flow.submission is not None
                        and flow.submission.printing is PrintState.PRINTED, timeout=WAIT_MS)
        sub = flow.submission
        assert sub is not None and sub.store is StoreState.STORED and sub.report is not None
        code = ticket_code(sub.report.id)
        assert code in visible_texts(screen_of(w, DoneScreen))
        qtbot.waitUntil(lambda: len(sims.printer.tickets) == 1, timeout=WAIT_MS)
        assert code in sims.printer.tickets[0].text
    drain = subprocess.run([sys.executable, "-m", "offline_queue", "--config", str(cfg.path),
                            "run", "--until-empty"], cwd=ROOT, capture_output=True,
                           timeout=120, check=False)
    assert drain.returncode == 0, drain.stderr[-2000:]
    assert [r["id"] for r in receiver.reports] == [sub.report.id]
    # Sealed on the kiosk: what the centre opens is what was typed.
    assert "tas dicopet" not in json.dumps(receiver.reports[0])
    assert open_payload(json.dumps(receiver.reports[0]).encode()).description == "tas dicopet"


def test_a_lost_item_ticket_lists_the_items(qtbot: QtBot, tmp_path: Path, sims: Sims) -> None:
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        w, flow = kiosk.window, kiosk.flow
        _tap(qtbot, screen_of(w, HomeScreen).report_button)
        _tap(qtbot, screen_of(w, CategoryScreen).buttons["lost_item"])
        lost = screen_of(w, LostItemsScreen)
        _tap(qtbot, lost.next_button)   # nothing chosen: a plain message, no step
        assert flow.screen is Screen.LOST_ITEMS and lost.error.isVisible()
        _tap(qtbot, lost.buttons["phone"])
        _tap(qtbot, lost.buttons["sim"])
        for step in (lost, screen_of(w, WhereScreen), screen_of(w, WhenScreen),
                     screen_of(w, DescribeScreen), screen_of(w, ContactScreen)):
            _tap(qtbot, step.next_button)
        _tap(qtbot, screen_of(w, ReviewScreen).send_button)
        # Wait with the Qt loop running: the store and print results come back through it.
        qtbot.waitUntil(lambda: flow.submission is not None
                        and flow.submission.printing is PrintState.PRINTED, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(sims.printer.tickets) == 1, timeout=WAIT_MS)
        report = submitted(flow).report
        assert report is not None and report.lost_items == ("phone", "sim")
        assert "SIM" in sims.printer.tickets[0].text


def test_paper_out_keeps_the_code_on_screen_and_says_so(qtbot: QtBot, tmp_path: Path,
                                                        sims: Sims) -> None:
    sims.printer.paper_out = True
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        flow = kiosk.flow
        submit_report(flow, "information", "jam buka kantor polisi")
        qtbot.waitUntil(lambda: submitted(flow).printing is PrintState.FAILED, timeout=WAIT_MS)
        done = screen_of(kiosk.window, DoneScreen)
        assert submitted(flow).store is StoreState.STORED
        assert done.code.isVisible() and done.code.text() == submitted(flow).code
        assert done.printing.property("card") == "error"   # an outlined warning card
        assert not sims.printer.tickets


def test_lifting_the_handset_follows_busy_and_roll_over_then_replacing_ends(qtbot: QtBot,
                                                                            tmp_path: Path,
                                                                            sims: Sims) -> None:
    sims.modem.script("110", outcome=Outcome.BUSY)
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        flow, call = kiosk.flow, screen_of(kiosk.window, CallScreen)
        seen: list[tuple[CallStatus, str, str]] = []
        kiosk.bridge.call_status.connect(
            lambda s: seen.append((s, call.state.accessibleName(), call.detail.text())),
            Qt.ConnectionType.QueuedConnection)
        sims.hook.lift()
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ACTIVE, timeout=WAIT_MS)
        assert flow.screen is Screen.CALL and flow.call.number == "112"
        assert any(s.rolled_over and "112" in detail and "110" in detail
                   for s, _, detail in seen), seen
        assert call.timer_label.isVisible() and call.end_button.isVisible()
        assert call.state.property("role") == "state-good"
        sims.hook.replace()
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ENDED, timeout=WAIT_MS)
        assert flow.call.reason is EndReason.LOCAL_HANGUP
        assert call.again_button.isVisible() and not call.end_button.isVisible()


def test_lifting_the_handset_dials_even_while_the_ui_thread_is_busy(qtbot: QtBot, tmp_path: Path,
                                                                    sims: Sims) -> None:
    # The test holds the UI thread (it never returns to the Qt event loop while it waits),
    # as a long paint or a stuck slot would: the hook thread must dial 110 by itself.
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        flow = kiosk.flow
        sims.hook.lift()
        assert sims.modem.wait_for_command("ATD110;", timeout=WAIT_MS / 1000), \
            sims.modem.commands()
        assert flow.screen is Screen.HOME   # the UI has not run yet...
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ACTIVE, timeout=WAIT_MS)
        assert now(lambda: flow.screen) is Screen.CALL   # ...then shows the call it did not dial
        assert sims.modem.commands().count("ATD110;") == 1, sims.modem.commands()


def test_tapping_call_dials_and_end_call_hangs_up(qtbot: QtBot, tmp_path: Path, sims: Sims) -> None:
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        flow, w = kiosk.flow, kiosk.window
        _tap(qtbot, screen_of(w, HomeScreen).call_button)
        assert flow.screen is Screen.CALL
        qtbot.waitUntil(lambda: flow.call.phase in (CallPhase.ALERTING, CallPhase.ACTIVE),
                        timeout=WAIT_MS)
        _tap(qtbot, screen_of(w, CallScreen).end_button)
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ENDED, timeout=WAIT_MS)
        assert flow.call.reason is EndReason.LOCAL_HANGUP


def test_idle_wipe_leaves_no_trace_of_the_previous_user(qtbot: QtBot, tmp_path: Path,
                                                        sims: Sims) -> None:
    cfg = kiosk_config(tmp_path, sims, ui={"idle_timeout_s": 1, "idle_countdown_s": 1})
    with running_kiosk(qtbot, cfg) as kiosk:
        w, flow = kiosk.window, kiosk.flow
        secret = "budi 0812"
        flow.start_report()
        flow.choose_category("threat")
        describe = screen_of(w, DescribeScreen)
        _type(qtbot, describe.keyboard, secret)
        flow.go(Screen.WHERE)
        flow.go(Screen.CONTACT)
        contact = screen_of(w, ContactScreen)
        contact.fields[ContactField.NAME].setText("Budi Santoso")
        contact.fields[ContactField.PHONE].setText("081234567890")
        flow.set_language("en")
        old_session = flow.session
        qtbot.waitUntil(w.still_there.isVisible, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: flow.screen is Screen.HOME and not w.still_there.isVisible(),
                        timeout=WAIT_MS)
        assert flow.session is not old_session and flow.session.is_empty
        assert flow.language == "id" and flow.submission is None
        assert all(t == "" for t in all_input_texts(w))
        for screen in w.screens.values():
            assert not any(secret in t or "Budi" in t or "0812" in t
                           for t in visible_texts(screen))


def test_the_idle_timer_never_interrupts_a_call(qtbot: QtBot, tmp_path: Path, sims: Sims) -> None:
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        flow = kiosk.flow
        flow.start_report()
        sims.hook.lift()
        qtbot.waitUntil(lambda: flow.in_call, timeout=WAIT_MS)
        kiosk.idle._expired()          # the idle timeout elapses during the call
        assert not kiosk.window.still_there.isVisible() and flow.screen is Screen.CALL
        sims.hook.replace()
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ENDED, timeout=WAIT_MS)
        kiosk.idle._expired()
        assert kiosk.window.still_there.isVisible()


def test_the_app_writes_its_device_health_for_the_uploader_and_doctor(qtbot: QtBot, tmp_path: Path,
                                                                      sims: Sims) -> None:
    from core.health import read_devices

    cfg = kiosk_config(tmp_path, sims)
    with running_kiosk(qtbot, cfg) as kiosk:
        qtbot.waitUntil(lambda: len(read_devices(cfg.storage.data_dir)) == 4, timeout=WAIT_MS)
        found = {h.name: h for h in read_devices(cfg.storage.data_dir)}
        assert set(found) == {"printer", "modem", "hook", "speech"}
        assert found["printer"].details["state"] == "online"
        assert found["hook"].details["off_hook"] is False
        sims.hook.lift()
        qtbot.waitUntil(lambda: kiosk.flow.in_call, timeout=WAIT_MS)
        kiosk.health.report()
        qtbot.waitUntil(lambda: {h.name: h for h in read_devices(cfg.storage.data_dir)}
                        ["hook"].details["off_hook"] is True, timeout=WAIT_MS)
        mode = (cfg.storage.data_dir / "app-health.json").stat().st_mode & 0o777
        assert mode == 0o640, oct(mode)


def test_an_app_restarted_during_a_call_shows_it_and_never_dials_over_it(qtbot: QtBot,
                                                                         tmp_path: Path,
                                                                         sims: Sims) -> None:
    # The app crashed while a commuter was talking to 110: the modem still has the call
    # and the handset is still off the hook when the new app starts.
    from hardware.modem.constants import ClccStat

    sims.modem.preset_call("110", ClccStat.ACTIVE)
    sims.hook.lift()
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        flow, call = kiosk.flow, screen_of(kiosk.window, CallScreen)
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ACTIVE, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: flow.screen is Screen.CALL, timeout=WAIT_MS)
        assert call.end_button.isVisible() and call.timer_label.isVisible()
        # The marker: the modem worker polls the adopted call twice more. A wrong dial,
        # decided at the start, would have been written before those polls.
        polls = sims.modem.commands().count("AT+CLCC")
        assert sims.modem.wait_for(lambda cmds: cmds.count("AT+CLCC") >= polls + 2,
                                   timeout=WAIT_MS / 1000)
        assert not any(c.startswith("ATD") for c in sims.modem.commands()), \
            sims.modem.commands()
        sims.hook.replace()   # the commuter hangs up: the adopted call ends
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ENDED, timeout=WAIT_MS)
        assert flow.call.reason is EndReason.LOCAL_HANGUP
