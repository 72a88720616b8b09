"""The live inbox's small rules: the deadline an age is coloured against, the one-line
description preview, the alarm sound file, the flow's primary action, signal words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from command_center import deadlines
from command_center.deadlines import Urgency, deadline_of
from command_center.keyring import Keyring
from command_center.model import Action, Status, Validity, primary_action
from command_center.pages import age_text, signal_words
from command_center.preview import UNREADABLE, description_preview, one_line
from devtools import alert_sound


@dataclass
class Row:
    received_at: float
    priority: str
    deadline: float | None = None


def test_the_deadline_follows_the_priority_unless_the_row_names_one() -> None:
    assert deadline_of(Row(100.0, "emergency")).at == 160.0
    assert deadline_of(Row(100.0, "urgent")).at == 400.0
    assert deadline_of(Row(100.0, "normal")).at == 1000.0
    assert deadline_of(Row(100.0, "no such")).at == 100.0 + deadlines.DEFAULT_S
    assert deadline_of(Row(100.0, "emergency", deadline=130.0)).at == 130.0
    assert deadline_of(Row(100.0, "emergency", deadline=float("nan"))).at == 160.0


def test_the_age_turns_amber_then_red_and_stops_once_acknowledged() -> None:
    d = deadline_of(Row(100.0, "emergency"))
    assert d.urgency(110.0, waiting=True) is Urgency.OK
    assert d.urgency(131.0, waiting=True) is Urgency.WARN
    assert d.urgency(160.0, waiting=True) is Urgency.OVERDUE
    assert d.urgency(500.0, waiting=False) is Urgency.DONE
    assert [age_text(s) for s in (0, 65, 3725, -5)] == ["0:00", "1:05", "1:02:05", "0:00"]
    assert age_text("junk") == "junk"


def test_the_preview_is_one_short_clean_line() -> None:
    assert one_line("Tas\n\tdicuri  di\r\nperon") == "Tas dicuri di peron"
    assert one_line("a\u202eevil\u202c b\u200b") == "aevil b"   # no direction tricks
    assert one_line("\x1b[2Jx\x00y") == "[2Jx y"
    long = one_line("kata " * 100)
    assert len(long) <= 90 and long.endswith("…")
    assert one_line("\ud800 lone") == "lone"


@given(st.text())
def test_any_description_gives_one_line_within_the_limit(text: str) -> None:
    line = one_line(text)
    assert len(line) <= 90 and "\n" not in line and "\r" not in line
    assert not any(ch in line for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069")


def test_a_preview_that_cannot_be_decrypted_says_so(tmp_path: Path) -> None:
    keyring = Keyring(tmp_path / "keys")
    sealed = {"id": "x", "description": "", "personal": {"v": 1, "kid": "gone", "data": "AA=="}}
    assert description_preview(sealed, keyring) == UNREADABLE
    assert description_preview({"description": "Dompet hilang"}, keyring) == "Dompet hilang"
    assert description_preview({"description": ["not", "text"]}, keyring) == ""
    assert description_preview("not a body", keyring) == ""


def test_the_primary_action_is_the_next_step_never_a_judgement() -> None:
    assert primary_action(Status.RECEIVED, Validity.UNKNOWN) is Action.ACKNOWLEDGE
    assert primary_action(Status.ACKNOWLEDGED, Validity.VALID) is Action.DISPATCH
    assert primary_action(Status.DISPATCHED, Validity.VALID) is Action.CLOSE
    assert primary_action(Status.INVALID, Validity.INVALID) is Action.CLOSE
    assert primary_action(Status.CLOSED, Validity.VALID) is None


def test_the_signal_is_said_in_words() -> None:
    assert [signal_words(v) for v in ("-60 dBm", "-80 dBm", "-100 dBm", "-120 dBm")] == [
        "strong", "fair", "weak", "no signal"]
    assert [signal_words(v) for v in ("25 CSQ", "12 CSQ", "5 CSQ", "99 CSQ")] == [
        "strong", "fair", "weak", "no signal"]
    assert signal_words("—") == signal_words("modem offline") == "unknown"


def test_the_alarm_sound_is_the_one_made_from_numbers() -> None:
    shipped = alert_sound.TARGET.read_bytes()
    assert shipped == alert_sound.wav_bytes(), "run `make alert-sound`"
    assert shipped[:4] == b"RIFF" and shipped[8:12] == b"WAVE"
    assert len(shipped) < 64 * 1024   # short: it plays again and again


def test_one_poller_serves_every_waiter_and_a_notify_wakes_them_all() -> None:
    import asyncio

    from command_center.live import PollingFeed

    reads = [0]
    seq = [5]

    def current() -> int:
        reads[0] += 1
        return seq[0]

    feed = PollingFeed(current, recheck_s=0.1)

    async def scenario() -> list[int]:
        waiters = [asyncio.create_task(feed.wait(5, timeout_s=5.0)) for _ in range(50)]
        await asyncio.sleep(0.5)   # ~5 re-checks, each one read for all 50
        assert not any(w.done() for w in waiters)
        seq[0] = 6
        feed.notify()
        return list(await asyncio.wait_for(asyncio.gather(*waiters), 2.0))

    assert asyncio.run(scenario()) == [6] * 50
    assert reads[0] < 50 + 15   # one read per waiter on entry, then the poller's only
    feed.close()
