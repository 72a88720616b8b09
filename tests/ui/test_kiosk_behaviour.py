"""Hold-to-call after prank patterns, voice guidance, and the operator's acknowledgement."""

from __future__ import annotations

from kiosk_support import WAIT_MS, kiosk_config, sims, start_kiosk
from PySide6.QtCore import Qt

from core.flow import PrintState, Screen
from core.ports import CallPhase, CallStatus, EndReason
from devtools.kiosk_screens import build
from devtools.standins import SilentSpeaker, StandInPhone
from offline_queue.outbox import Outbox

__all__ = ["sims"]


def test_after_three_abandoned_calls_the_call_button_needs_a_two_second_hold(qtbot):
    flow, window = build("id")
    qtbot.addWidget(window)
    window.show()
    phone = flow.phone
    assert isinstance(phone, StandInPhone)
    for _ in range(3):
        flow.call_button()
        flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.LOCAL_HANGUP))
        flow.leave_call_screen()
    home = window.screens[Screen.HOME]
    assert flow.screen is Screen.HOME and home.hold_warning.isVisible()
    assert "iseng" in home.hold_warning.text()        # "prank" in Indonesian
    qtbot.mouseClick(home.call_button, Qt.MouseButton.LeftButton)
    assert phone.dialled == 3 and flow.screen is Screen.HOME   # a tap is not enough
    with qtbot.waitSignal(home.call_button.activated, timeout=WAIT_MS):
        qtbot.mousePress(home.call_button, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(home.call_button, Qt.MouseButton.LeftButton)
    assert phone.dialled == 4 and flow.screen is Screen.CALL
    window.shutdown()
    window.deleteLater()


def test_each_screen_speaks_its_prompt_in_the_active_language(qtbot):
    flow, window = build("id")
    qtbot.addWidget(window)
    speaker = flow.speaker
    assert isinstance(speaker, SilentSpeaker)
    flow.start_report()
    assert speaker.said[-1] == (window.screens[Screen.CATEGORY].prompt(), "id")
    flow.set_language("en")
    assert speaker.said[-1] == ("What do you want to report?", "en")
    flow.toggle_voice()
    count = len(speaker.said)
    flow.choose_category("theft")
    assert len(speaker.said) == count      # voice guidance off: silence
    window.shutdown()
    window.deleteLater()


def test_the_done_screen_shows_when_an_operator_has_the_report(qtbot, tmp_path, sims):
    cfg = kiosk_config(tmp_path, sims)
    kiosk = start_kiosk(qtbot, cfg)
    flow = kiosk.flow
    try:
        flow.start_report()
        flow.choose_category("theft")
        flow.session.description = "dompet dicopet"
        flow.submit()
        qtbot.waitUntil(lambda: flow.submission.printing is PrintState.PRINTED,
                        timeout=WAIT_MS)
        done = kiosk.window.screens[Screen.DONE]
        assert not done.acknowledged.isVisible()
        with Outbox.for_config(cfg) as outbox:      # what the uploader does on a status poll
            outbox.set_operator_status(flow.submission.report.id, "acknowledged")
        qtbot.waitUntil(done.acknowledged.isVisible, timeout=WAIT_MS)
        assert flow.submission.acknowledged
        assert "Operator" in done.acknowledged.text()
    finally:
        kiosk.close()


def test_voice_guidance_speaks_through_espeak_in_the_active_language(qtbot, tmp_path, sims):
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
