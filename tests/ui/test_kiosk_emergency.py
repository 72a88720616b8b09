"""Emergency first (issue 13): 110 one touch from every report step with the report
kept, an emergency alert in two touches without typing, every call outcome spoken,
the ended screen kept for 30 s, one-touch redial with the handset still up."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from core.flow import Flow, Screen, StoreState
from core.ports import CallPhase, CallStatus, EndReason
from core.session import SILENT_ALERT_FLAG
from devtools.kiosk_screens import prepare, settle
from devtools.standins import SilentSpeaker, StandInPhone
from tests.support.now import now
from tests.support.receiver import Receiver
from tests.ui.kiosk_support import (
    WAIT_MS,
    KioskWindow,
    Sims,
    kiosk_config,
    running_kiosk,
    screen_of,
    shown_window,
    submitted,
)
from ui.screens.call import RETURN_AFTER_S, CallScreen
from ui.screens.category import CategoryScreen
from ui.screens.done import DoneScreen
from ui.screens.emergency import EmergencyScreen
from ui.screens.home import HomeScreen

ROOT = Path(__file__).resolve().parents[2]


class Touches(QObject):
    """Counts touches (presses) and typed keys reaching the window."""

    def __init__(self) -> None:
        super().__init__()
        self.touches = 0
        self.keys = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self.touches += 1
        elif event.type() == QEvent.Type.KeyPress:
            self.keys += 1
        return False


def _tap(qtbot: QtBot, button: QWidget) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def window(qapp: QApplication) -> Iterator[KioskWindow]:
    with shown_window() as shown:
        yield shown


def _to_step(flow: Flow, step: Screen) -> None:
    """Walk a report to `step` with something typed on the way."""
    flow.start_report()
    if step is Screen.CATEGORY:
        return
    if step is Screen.EMERGENCY:
        flow.choose_category("fire")
        return
    flow.session.name = "Budi Santoso"
    if step is Screen.LOST_ITEMS:
        flow.choose_category("theft")
        flow.session.toggle_lost_item("wallet")
        return
    flow.choose_category("threat")
    flow.session.description = "seorang pria mengancam saya"
    while flow.screen is not step:
        flow.next_step()


@pytest.mark.parametrize("step", [Screen.CATEGORY, Screen.EMERGENCY, Screen.DESCRIBE,
                                  Screen.LOST_ITEMS, Screen.WHERE, Screen.WHEN,
                                  Screen.CONTACT, Screen.REVIEW])
def test_one_touch_from_every_report_step_reaches_110_and_the_report_is_kept(
        window: KioskWindow, qtbot: QtBot, step: Screen) -> None:
    flow, win = window
    prepare(flow)
    _to_step(flow, step)
    settle()
    assert flow.screen is step
    session = flow.session
    before = (session.description, session.name, list(session.lost_items), session.category)
    screen = win.current_screen
    button: QWidget = win.bar.call_button
    if screen.has_call_button():   # the screens with a Panggil 110 of their own
        assert isinstance(screen, HomeScreen | EmergencyScreen | DoneScreen), screen.kind
        button = screen.call_button
    assert button.isVisible() and "110" in button.accessibleName()
    phone = flow.phone
    assert isinstance(phone, StandInPhone)
    dialled = phone.emergency_calls
    counter = Touches()
    win.installEventFilter(counter)
    for child in win.findChildren(QObject):
        child.installEventFilter(counter)
    _tap(qtbot, button)
    assert counter.touches == 1 and phone.emergency_calls == dialled + 1
    assert flow.screen is Screen.CALL
    flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.REMOTE_HANGUP))
    flow.leave_call_screen()
    assert flow.screen is step and flow.session is session
    assert (session.description, session.name, list(session.lost_items),
            session.category) == before


def test_an_emergency_alert_is_sent_in_two_touches_without_typing_and_only_says_delivered_when_it_is(  # noqa: E501
        qtbot: QtBot, tmp_path: Path, sims: Sims, receiver: Receiver) -> None:
    cfg = kiosk_config(tmp_path, sims, url=receiver.url)
    with running_kiosk(qtbot, cfg) as kiosk:
        w, flow = kiosk.window, kiosk.flow
        counter = Touches()
        for child in w.findChildren(QObject):
            child.installEventFilter(counter)
        _tap(qtbot, screen_of(w, HomeScreen).report_button)   # from home: + this touch
        counter.touches = 0
        _tap(qtbot, screen_of(w, CategoryScreen).buttons["fire"])
        _tap(qtbot, screen_of(w, EmergencyScreen).alert_button)
        assert counter.touches == 2 and counter.keys == 0
        qtbot.waitUntil(lambda: flow.submission is not None
                        and flow.submission.store is StoreState.STORED, timeout=WAIT_MS)
        done = screen_of(w, DoneScreen)
        assert flow.screen is Screen.DONE and submitted(flow).is_alert
        assert not submitted(flow).delivered
        assert "Tersimpan di anjungan" in done.progress.plain()
        assert "dekat anjungan" in done.now.plain()   # what to do now
        assert done.call_button.isVisible() and done.details_button.isVisible()
        drain = subprocess.run([sys.executable, "-m", "offline_queue", "--config",
                                str(cfg.path), "run", "--until-empty"], cwd=ROOT,
                               capture_output=True, timeout=120, check=False)
        assert drain.returncode == 0, drain.stderr[-2000:]
        [alert] = receiver.reports
        assert alert["category"] == "fire" and SILENT_ALERT_FLAG in alert["flags"]
        assert alert["kiosk"]["station"] == cfg.kiosk.station
        assert alert["session"] == flow.session.id
        qtbot.waitUntil(lambda: submitted(flow).delivered, timeout=WAIT_MS)
        assert "Sudah diterima pusat 110" in done.progress.plain()


OUTCOMES = [CallStatus(CallPhase.DIALLING, number="110"),
            CallStatus(CallPhase.ALERTING, number="110"),
            CallStatus(CallPhase.DIALLING, number="112", attempt=2, attempts=2),
            CallStatus(CallPhase.ACTIVE, number="112", connected_at=1.0),
            *[CallStatus(CallPhase.ENDED, number="112", reason=r) for r in EndReason]]


def test_every_call_state_change_is_spoken_even_with_voice_guidance_off(
        window: KioskWindow) -> None:
    flow, _win = window
    prepare(flow)
    flow.toggle_voice()
    assert not flow.settings.voice
    speaker = flow.speaker
    assert isinstance(speaker, SilentSpeaker)
    heard: list[str] = []
    flow.call_button()
    heard.append(speaker.said[-1][0])
    for status in OUTCOMES[1:]:
        count = len(speaker.said)
        flow.call_status(status)
        assert len(speaker.said) == count + 1, status
        heard.append(speaker.said[-1][0])
        if status.phase is CallPhase.ENDED:   # the next outcome starts a new call
            flow.calls.call = CallStatus(CallPhase.DIALLING, number="112")
    assert "110" in heard[0] and "110" in heard[2] and "112" in heard[2]   # roll-over
    assert len(set(heard)) == len(heard), "two outcomes sound the same"
    assert all(language == "id" for _, language in speaker.said[-len(OUTCOMES):])


def test_a_caller_still_holding_the_handset_is_never_told_to_lift_it(window: KioskWindow) -> None:
    flow, win = window
    prepare(flow)
    flow.off_hook = True
    flow.call_button()
    flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.BUSY))
    speaker = flow.speaker
    assert isinstance(speaker, SilentSpeaker)
    said = speaker.said[-1][0]
    assert "masih terangkat" in said and "Angkat gagang" not in said
    call = screen_of(win, CallScreen)
    assert call.again_button.isVisible() and flow.can_redial
    phone = flow.phone
    assert isinstance(phone, StandInPhone)
    dialled = phone.emergency_calls
    call.again_button.click()   # one touch
    assert phone.emergency_calls == dialled + 1


def test_the_ended_screen_stays_30_seconds_with_a_countdown_or_until_kept(
        window: KioskWindow) -> None:
    flow, win = window
    prepare(flow)
    flow.start_report()
    flow.call_button()
    call = screen_of(win, CallScreen)
    flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.REMOTE_HANGUP))
    assert RETURN_AFTER_S >= 30 and call._tick.interval() == 1000
    assert call.countdown.isVisible() and "30" in call.countdown.text()
    for second in range(1, RETURN_AFTER_S):
        call._second()   # one timer tick = one second
        assert flow.screen is Screen.CALL, f"left after {second} s"
    assert str(1) in call.countdown.text()
    call._second()
    assert now(lambda: flow.screen) is Screen.CATEGORY   # back to the report in progress
    flow.call_button()
    flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.REMOTE_HANGUP))
    call.keep_button.click()
    for _ in range(RETURN_AFTER_S * 2):
        call._second()
    assert now(lambda: flow.screen) is Screen.CALL and not call.countdown.isVisible()


def test_while_a_call_is_live_every_screen_shows_it_and_can_end_it(window: KioskWindow) -> None:
    flow, win = window
    prepare(flow)
    flow.call_button()
    flow.call_status(CallStatus(CallPhase.ACTIVE, number="110", connected_at=1.0))
    win.bar.back_button.click()
    settle()
    assert flow.screen is Screen.HOME and flow.in_call
    flow.start_report()
    settle()
    assert win.bar.call_state.isVisible() and win.bar.end_button.isVisible()
    assert "110" in win.bar.call_state.text() and not win.bar.call_button.isVisible()
    win.bar.call_state.click()
    assert now(lambda: flow.screen) is Screen.CALL
    win.bar.back_button.click()
    # Home during a call does not switch a tourist's screen to Indonesian.
    flow.set_language("en")
    win.request_home()
    assert flow.language == "en" and flow.screen is Screen.HOME
