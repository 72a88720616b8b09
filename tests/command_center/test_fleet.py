"""Fleet board alarms from heartbeats and maintenance events."""

from __future__ import annotations

from typing import Any

from command_center.fleet import AlarmLevel, entry
from command_center.model import EventRow, KioskRow

NOW = 1_000_000.0


def kiosk(age_s: float | None, **beat: Any) -> KioskRow:
    heartbeat = {"kiosk_id": "k1", "app_version": "0.1.0",
                 "queue": {"pending": 2, "failed": 0, "oldest_pending_s": 30.0},
                 "devices": [{"name": "printer", "level": "ok", "reason": "ready",
                              "details": {"paper": "ok"}},
                             {"name": "modem", "level": "ok", "reason": "registered",
                              "details": {"csq": 17}}]} | beat
    return KioskRow("k1", 0.0, "MRT Bundaran HI", -6.19, 106.82,
                    None if age_s is None else NOW - age_s,
                    None if age_s is None else heartbeat)


def alarms(row: KioskRow, events: list[EventRow] | None = None) -> list[str]:
    return [a.text for a in entry(row, NOW, 60.0, events or []).alarms
            if a.level is AlarmLevel.ALARM]


def test_a_healthy_kiosk_has_no_alarm_and_shows_its_figures() -> None:
    e = entry(kiosk(10), NOW, 60.0, [])
    assert e.alarms == []
    assert (e.pending, e.oldest_pending_s, e.failed, e.paper, e.signal) == (
        2, 30.0, 0, "ok", "17 CSQ")


def test_three_missed_heartbeats_raise_an_alarm() -> None:
    assert alarms(kiosk(179)) == []
    assert alarms(kiosk(181)) == ["no heartbeat for 3 min"]
    assert alarms(kiosk(None)) == ["no heartbeat ever received"]


def test_paper_out_and_failed_items_raise_alarms() -> None:
    row = kiosk(5, queue={"pending": 0, "failed": 2},
                devices=[{"name": "printer", "level": "fail", "reason": "paper out"}])
    assert alarms(row) == ["printer paper out", "2 failed item(s) in the outbox"]


def test_a_pin_lockout_alarms_and_visits_are_noted() -> None:
    events = [EventRow("e1", "k1", "maintenance.lockout", "urgent", "", NOW - 60, {}),
              EventRow("e2", "k1", "maintenance.entered", "normal", "", NOW - 30, {})]
    e = entry(kiosk(5), NOW, 60.0, events)
    texts = [(a.level, a.text.split(" at ")[0]) for a in e.alarms]
    assert (AlarmLevel.ALARM, "maintenance PIN lockout") in texts
    assert any(level is AlarmLevel.NOTICE and "1 maintenance visit" in text
               for level, text in texts)


def test_a_strange_heartbeat_does_not_break_the_board() -> None:
    row = kiosk(5, queue="full", devices=["printer", {"name": "modem", "details": 3}])
    e = entry(row, NOW, 60.0, [])
    assert e.pending is None and e.paper == "—"
