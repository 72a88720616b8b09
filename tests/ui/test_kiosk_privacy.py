"""Privacy on screen (issue 11 item 7): the idle wipe applies whenever no call is live,
also with the handset left off the hook after a failed call, and nothing of the
previous user survives it — text, undo history, scroll positions, review rows, the
report number looked up, the conversation, what was being said, settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from core.conversation import Message, Phrase, Sender
from core.flow import Screen
from core.ports import CallPhase, CallStatus
from core.session import ContactField
from devtools.kiosk_screens import LONG_STORY, build, parts, prepare, settle
from devtools.standins import SilentSpeaker
from simulators.modem import Outcome
from tests.ui.kiosk_support import (
    WAIT_MS,
    Sims,
    all_input_texts,
    kiosk_config,
    running_kiosk,
    screen_of,
    visible_texts,
)
from ui.screens.call import CallScreen
from ui.screens.contact import ContactScreen
from ui.screens.lookup import LookupScreen
from ui.screens.review import ReviewScreen
from ui.widgets.keyboard import SHIFT, Mode

SECRETS = ("Budi", "0812", "3171", "budi@", "KX4M", "terluka", "Lebak")


def _no_undo(window: QWidget) -> list[str]:
    kept = [f"{w.accessibleName()}" for w in window.findChildren(QLineEdit)
            if w.isUndoAvailable()]
    kept += [f"{w.accessibleName()}" for w in window.findChildren(QPlainTextEdit)
             if w.document().isUndoAvailable()]
    return kept


def test_a_handset_left_off_the_hook_after_a_failed_call_no_longer_holds_the_data(
        qtbot: QtBot, tmp_path: Path, sims: Sims) -> None:
    for number in ("110", "112"):
        sims.modem.script(number, outcome=Outcome.NO_NETWORK)
    cfg = kiosk_config(tmp_path, sims, ui={"idle_timeout_s": 1, "idle_countdown_s": 1})
    with running_kiosk(qtbot, cfg) as kiosk:
        w, flow = kiosk.window, kiosk.flow
        flow.start_report()
        flow.choose_category("threat")
        flow.session.description = "Budi diancam"
        flow.go(Screen.CONTACT)
        contact = screen_of(w, ContactScreen)
        contact.fields[ContactField.NAME].setText("Budi Santoso")
        contact.fields[ContactField.NIK].setText("3171234502900001")
        sims.hook.lift()
        qtbot.waitUntil(lambda: flow.call.phase is CallPhase.ENDED, timeout=WAIT_MS)
        assert flow.off_hook and flow.can_redial
        # Nobody touches the kiosk; the handset still hangs off the hook.
        qtbot.waitUntil(w.still_there.isVisible, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: flow.screen is Screen.HOME and not w.still_there.isVisible(),
                        timeout=WAIT_MS)
        assert flow.session.is_empty and all(t == "" for t in all_input_texts(w))
        assert not _no_undo(w), "undo would bring back the previous user's words"
        for screen in w.screens.values():
            assert not any("Budi" in t or "3171" in t for t in visible_texts(screen))
        assert flow.off_hook   # a later lift or Call 110 still calls at once


def test_nothing_of_the_previous_user_survives_the_end_of_a_visit(qapp: QApplication) -> None:
    flow, window = build("id")
    window.resize(1080, 1920)
    window.show()
    store, conversation, lookup = parts(flow)
    speaker = flow.speaker
    assert isinstance(speaker, SilentSpeaker)
    try:
        prepare(flow)
        # A whole visit: a long theft report, a lookup, a call with the text channel.
        flow.start_report()
        flow.choose_category("theft")
        flow.session.toggle_lost_item("phone")
        flow.session.description = LONG_STORY
        flow.session.at_kiosk = False
        flow.session.where_text = "Kereta arah Lebak Bulus"
        flow.session.name, flow.session.phone = "Budi Santoso", "0812 3456 7890"
        flow.session.email, flow.session.nik = "budi@contoh.id", "3171234502900001"
        for step in (Screen.LOST_ITEMS, Screen.WHERE, Screen.DESCRIBE, Screen.CONTACT,
                     Screen.REVIEW):
            flow.go(step)
            settle()
        window.current_screen.scroll_area.verticalScrollBar().setValue(10_000)
        screen_of(window, ReviewScreen)._toggle_more()   # "see all" opened
        flow.start_lookup()
        lookup_screen = screen_of(window, LookupScreen)
        for ch in "KX4M7HPA":
            lookup_screen.keys[ch].click()
        lookup_screen.check_button.click()
        flow.call_button()
        flow.call_status(CallStatus(CallPhase.ACTIVE, number="110", connected_at=1.0))
        flow.request_assist()
        conversation.replies.append((flow.session.id, Message(
            Sender.OPERATOR, "Apakah ada yang terluka?", 1)))
        flow.assist.poll()
        flow.assist.send_phrase(Phrase.NO, "Tidak", "id")
        call = screen_of(window, CallScreen)
        call.assist.field.setText("Budi di peron")
        keyboard = screen_of(window, ContactScreen).keyboard
        keyboard.set_mode(Mode.SYMBOLS)
        for key in keyboard.key_buttons(Mode.LETTERS):
            if key.property("key") == SHIFT:
                key.click()   # shift held for a capital the next person never typed
        assert keyboard.shift
        flow.set_language("en")
        flow.toggle_large_text()
        flow.call_status(CallStatus(CallPhase.ENDED, number="110"))
        stops = speaker.stops
        settle()
        flow.end_session()            # the idle wipe's last step
        settle()
        for screen in window.screens.values():
            leaked = [t for t in visible_texts(screen) if any(s in t for s in SECRETS)]
            assert not leaked, (screen.kind, leaked)
        texts = all_input_texts(window)
        assert all(t == "" for t in texts), texts
        assert not _no_undo(window)
        for area in window.findChildren(QScrollArea):
            parent = area.parent()
            assert area.verticalScrollBar().value() == 0, parent and parent.objectName()
        assert not flow.assist.active and not flow.assist.lines
        assert flow.lookups.current.code == "" and lookup.asked == ["KX4M-7HPA"]
        assert speaker.stops > stops, "the previous visitor's prompt would go on"
        assert flow.language == "id" and not flow.settings.large_text
        said = flow.navigation.last_said   # the new home's own prompt, nothing older
        assert said is not None and not any(s in said[0] for s in SECRETS)
        assert not screen_of(window, ReviewScreen)._expanded
        assert not keyboard.shift and keyboard.mode is Mode.LETTERS
        del store
    finally:
        window.shutdown()
        window.deleteLater()
