"""The sound player as an external process: what its failures become. A real player
script stands in for aplay on a card another process holds (aplay prints EBUSY's
strerror and exits 1), so the busy card is a type and a Condition, not a text match."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from core.health import Condition
from hardware.speech.engine import OutputBusy, SpeechError
from hardware.speech.output import OutputChoice


def player(tmp_path: Path, message: str) -> tuple[str, ...]:
    script = tmp_path / "aplay"
    script.write_text(f"#!/bin/sh\ncat >/dev/null &\necho '{message}' >&2\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return (str(script), "-r", "{rate}")


def play(argv: tuple[str, ...]) -> SpeechError:
    output = OutputChoice("test player", player=argv).make(1, "id")
    output.open(16000)
    with pytest.raises(SpeechError) as caught:
        for _ in range(200):   # until the player has exited and a write sees it
            output.write(bytes(3200))
        output.close(True)
    return caught.value


def test_a_card_held_by_another_player_is_output_busy(tmp_path: Path) -> None:
    error = play(player(tmp_path, "aplay: main:831: audio open error: Device or resource busy"))
    assert isinstance(error, OutputBusy)
    assert "resource busy" in str(error)


def test_any_other_player_failure_is_a_plain_speech_error(tmp_path: Path) -> None:
    error = play(player(tmp_path, "aplay: main:831: audio open error: No such file or directory"))
    assert type(error) is SpeechError


@pytest.mark.parametrize(("message", "condition"), [
    ("aplay: main:831: audio open error: Device or resource busy", Condition.PORT_BUSY),
    ("aplay: main:831: audio open error: No such file or directory", Condition.NONE),
])
def test_the_speakers_health_says_port_busy_only_for_a_busy_card(
        tmp_path: Path, message: str, condition: Condition) -> None:
    """doctor (kiosk.diagnostics.check_speech) shows the app's snapshot for a busy card:
    it branches on this Condition."""
    from core.health import Health, Level
    from hardware.speech.engine import Synthesizer
    from hardware.speech.speaker import EspeakSpeaker

    choice = OutputChoice("test player", player=player(tmp_path, message))
    speaker = EspeakSpeaker(Synthesizer(160, 1.0), {"id": "id"}, choice,
                            Health("speech", Level.OK, "ready"))
    try:
        health = speaker.probe_output()
    finally:
        speaker.close()
    assert health.level is Level.FAIL
    assert health.condition is condition
