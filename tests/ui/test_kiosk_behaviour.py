"""Hold-to-call after prank patterns, voice guidance, and the operator's acknowledgement."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from core.flow import PrintState, Screen
from core.ports import CallPhase, CallStatus, EndReason
from devtools.kiosk_screens import build
from devtools.standins import SilentSpeaker, StandInPhone
from tests.kiosk.flow_support import submit_report
from tests.support.now import now
from tests.ui.kiosk_support import (
    WAIT_MS,
    Sims,
    kiosk_config,
    operator_status_arrives,
    running_kiosk,
    screen_of,
    submitted,
)
from ui.screens.category import CategoryScreen
from ui.screens.done import DoneScreen
from ui.screens.home import HomeScreen


def test_after_three_abandoned_calls_the_call_button_needs_a_two_second_hold(qtbot: QtBot) -> None:
    flow, window = build("id")
    qtbot.addWidget(window)
    window.show()
    phone = flow.phone
    assert isinstance(phone, StandInPhone)
    for _ in range(3):
        flow.call_button()
        flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.LOCAL_HANGUP))
        flow.leave_call_screen()
    home = screen_of(window, HomeScreen)
    assert flow.screen is Screen.HOME and home.hold_note.isVisible()
    # The next, innocent caller is told what to do, not warned about pranks.
    assert "iseng" not in home.hold_note.plain() and "2 detik" in home.hold_note.plain()
    speaker = flow.speaker
    assert isinstance(speaker, SilentSpeaker)
    said = len(speaker.said)
    QTest.mouseClick(home.call_button, Qt.MouseButton.LeftButton)
    assert phone.emergency_calls == 3 and flow.screen is Screen.HOME   # a tap is not enough...
    assert len(speaker.said) == said + 1 and "2 detik" in speaker.said[-1][0]   # ...but said
    with qtbot.waitSignal(home.call_button.activated, timeout=WAIT_MS):
        QTest.mousePress(home.call_button, Qt.MouseButton.LeftButton)
    QTest.mouseRelease(home.call_button, Qt.MouseButton.LeftButton)
    assert phone.emergency_calls == 4 and now(lambda: flow.screen) is Screen.CALL
    window.shutdown()
    window.deleteLater()


def test_each_screen_speaks_its_prompt_in_the_active_language(qtbot: QtBot) -> None:
    flow, window = build("id")
    qtbot.addWidget(window)
    speaker = flow.speaker
    assert isinstance(speaker, SilentSpeaker)
    flow.start_report()
    text, language = speaker.said[-1]
    assert language == "id" and text.startswith(screen_of(window, CategoryScreen).prompt())
    flow.set_language("en")
    text, language = speaker.said[-1]
    assert language == "en" and text.startswith("What do you want to report?")
    flow.toggle_voice()
    count = len(speaker.said)
    flow.choose_category("threat")
    assert len(speaker.said) == count      # voice guidance off: silence
    window.shutdown()
    window.deleteLater()


def test_the_done_screen_shows_when_an_operator_has_the_report(qtbot: QtBot, tmp_path: Path,
                                                               sims: Sims) -> None:
    cfg = kiosk_config(tmp_path, sims)
    with running_kiosk(qtbot, cfg) as kiosk:
        flow = kiosk.flow
        submit_report(flow, "threat", "dompet dicopet")
        qtbot.waitUntil(lambda: submitted(flow).printing is PrintState.PRINTED,
                        timeout=WAIT_MS)
        done = screen_of(kiosk.window, DoneScreen)
        assert "Tersimpan di anjungan" in done.progress.plain()   # not "received"
        operator_status_arrives(cfg, flow, "acknowledged")
        qtbot.waitUntil(lambda: submitted(flow).acknowledged, timeout=WAIT_MS)
        assert "Petugas polisi" in done.progress.plain()


def test_voice_guidance_speaks_through_espeak_in_the_active_language(qtbot: QtBot, tmp_path: Path,
                                                                     sims: Sims) -> None:
    from dataclasses import replace

    from core.config import SpeechSection
    from hardware import speech
    from kiosk.app import build, build_devices

    cfg = kiosk_config(tmp_path, sims)
    wavs = tmp_path / "wav"
    wavs.mkdir()
    devices = replace(build_devices(cfg),
                      speaker=speech.build(SpeechSection(enabled=True), wav_dir=wavs))
    cfg = replace(cfg, speech=SpeechSection(enabled=True))
    kiosk = build(cfg, devices)
    qtbot.addWidget(kiosk.window)

    def spoken(language: str) -> bool:
        return any(p.stat().st_size > 1000 for p in wavs.glob(f"*-{language}.wav"))

    def wait_spoken(language: str) -> None:
        try:
            qtbot.waitUntil(lambda: spoken(language), timeout=WAIT_MS)
        except Exception as exc:   # say what the speaker thinks, and what it wrote
            files = {p.name: p.stat().st_size for p in wavs.glob("*")}
            raise AssertionError(f"no {language} prompt: {devices.speaker.health()} "
                                 f"files {files}") from exc

    try:
        kiosk.flow.start_report()
        wait_spoken("id")
        kiosk.flow.set_language("en")
        wait_spoken("en")
    finally:
        kiosk.close()
