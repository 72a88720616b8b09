"""The outbox state machine: enqueue, claim, settle, recover, prune, retry."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline_queue.errors import DuplicateItem, SealingUnavailable
from offline_queue.items import Hold, Kind, QueueStats, Waiting
from offline_queue.outbox import Outbox, State
from tests.offline_queue.helpers import VALID_NIK, event, report
from tests.support.clock import FakeClock
from tests.support.keys import open_payload
from tests.support.keys import sealer as kiosk_sealer
from wire.sealed import Unsealed

OWNER = "test-uploader"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outbox(tmp_path: Path, clock: FakeClock) -> Iterator[Outbox]:
    box = Outbox(tmp_path / "data" / "outbox.sqlite3", clock=clock, sealer=kiosk_sealer())
    yield box
    box.close()


def claim_all(outbox: Outbox, limit: int = 100, lease_s: float = 60.0) -> list[str]:
    return [i.id for i in outbox.claim(limit, owner=OWNER, lease_s=lease_s)]


def raw_row(path: Path, item_id: str) -> tuple[bytes, int, int]:
    with sqlite3.connect(path) as conn:
        row: tuple[bytes, int, int] | None = conn.execute(
            "SELECT payload, state, attempts FROM items WHERE id = ?", (item_id,)).fetchone()
    assert row is not None, f"no row for {item_id}"
    return row


def test_an_enqueued_report_is_pending_and_survives_reopening(tmp_path: Path, outbox: Outbox,
                                                              clock: FakeClock) -> None:
    r = report()
    outbox.enqueue_report(r)
    outbox.close()
    again = Outbox(outbox.path, clock=clock, sealer=kiosk_sealer())
    assert again.stats().pending == 1
    [item] = again.claim(10, owner=OWNER, lease_s=60)
    assert item.id == r.id and item.kind is Kind.REPORT
    # The frozen wire bytes: sealed; what the centre opens is the report as filed.
    assert open_payload(item.payload).to_json_bytes() == r.to_json_bytes()
    again.close()


def test_the_database_runs_in_wal_mode_with_full_sync(outbox: Outbox) -> None:
    outbox.enqueue_report(report())
    with sqlite3.connect(outbox.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn = outbox._db.connection()
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_emergencies_are_claimed_first_then_oldest_first(outbox: Outbox) -> None:
    normal1, urgent, normal2 = report("information"), report("theft"), report("lost_item")
    emergency = report("fire")
    alarm = event("maintenance.lockout")
    for r in (normal1, urgent, normal2, emergency):
        outbox.enqueue_report(r)
    outbox.enqueue_event(alarm)  # events default to normal priority
    assert claim_all(outbox) == [emergency.id, urgent.id, normal1.id, normal2.id, alarm.id]


def test_claimed_items_are_not_claimed_twice(outbox: Outbox) -> None:
    for _ in range(3):
        outbox.enqueue_report(report())
    first = claim_all(outbox, limit=2)
    second = claim_all(outbox, limit=2)
    assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)
    assert outbox.stats().pending == 3  # in flight still counts as pending


def test_a_claim_left_by_a_crash_becomes_pending_again_on_recover(outbox: Outbox,
                                                                  clock: FakeClock) -> None:
    r = report()
    outbox.enqueue_report(r)
    assert claim_all(outbox) == [r.id]
    outbox.close()  # the uploader died here: no settle
    restarted = Outbox(outbox.path, clock=clock, sealer=kiosk_sealer())
    assert claim_all(restarted) == []  # still claimed until recovered
    assert restarted.recover() == 1
    [item] = restarted.claim(10, owner="new-owner", lease_s=60)
    assert item.id == r.id and item.attempts == 2
    restarted.close()


def test_an_expired_lease_is_taken_back_without_a_restart(outbox: Outbox, clock: FakeClock) -> None:
    r = report()
    outbox.enqueue_report(r)
    outbox.claim(1, owner="dead-uploader", lease_s=30)
    clock.advance(29)
    assert outbox.expire_leases() == 0 and claim_all(outbox) == []
    clock.advance(2)
    assert outbox.expire_leases() == 1
    assert claim_all(outbox) == [r.id]


def test_has_pending_sees_waiting_and_in_flight_items_only(outbox: Outbox) -> None:
    assert not outbox.has_pending()
    a, b = report(), report()
    outbox.enqueue_report(a)
    outbox.enqueue_report(b)
    assert outbox.has_pending()
    claim_all(outbox)
    assert outbox.has_pending()  # in flight
    assert outbox.mark_delivered_many([(a.id, None), (b.id, "https://x/t/1")]) == 2
    assert not outbox.has_pending()
    assert outbox.status_url(b.id) == "https://x/t/1"


def test_delivery_purges_personal_data_in_the_same_statement(outbox: Outbox) -> None:
    r = report(with_reporter=True)
    outbox.enqueue_report(r)
    claim_all(outbox)
    assert outbox.mark_delivered(r.id, "https://cc.example/t/ABC")
    payload, state, _ = raw_row(outbox.path, r.id)
    data = json.loads(payload)
    assert state == State.DELIVERED
    assert "sealed" not in data and "redacted" in data["flags"]  # not even the sealed part
    assert data["id"] == r.id and data["category"] == "theft"
    assert outbox.status_url(r.id) == "https://cc.example/t/ABC"
    with sqlite3.connect(outbox.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert VALID_NIK.encode() not in outbox.path.read_bytes()


def test_a_refused_item_is_a_dead_letter_with_the_reason_until_retried(outbox: Outbox) -> None:
    r = report()
    outbox.enqueue_report(r)
    claim_all(outbox)
    assert outbox.mark_failed(r.id, "HTTP 400: category: unknown", owner=OWNER)
    [summary] = outbox.list_items(State.FAILED)
    assert summary.id == r.id and summary.last_error == "HTTP 400: category: unknown"
    assert outbox.stats().failed == 1 and claim_all(outbox) == []
    assert outbox.retry(r.id)
    assert outbox.stats().failed == 0 and claim_all(outbox) == [r.id]


def test_retry_all_failed_counts_what_it_requeued(outbox: Outbox) -> None:
    ids = []
    for _ in range(3):
        r = report()
        outbox.enqueue_report(r)
        ids.append(r.id)
    claim_all(outbox)
    for item_id in ids[:2]:
        outbox.mark_failed(item_id, "HTTP 422", owner=OWNER)
    outbox.reschedule(ids[2], 5.0, "HTTP 500", owner=OWNER)
    assert outbox.retry_all_failed() == 2
    assert sorted(claim_all(outbox)) == sorted(ids[:2])  # the third is not due yet


def test_retry_refuses_unknown_delivered_and_in_flight_items(outbox: Outbox) -> None:
    done, flying = report(), report()
    outbox.enqueue_report(done)
    outbox.enqueue_report(flying)
    claim_all(outbox)
    outbox.mark_delivered(done.id)
    assert not outbox.retry("4f0e4b6e-1b2c-4d3e-8f4a-5b6c7d8e9f00")
    assert not outbox.retry(done.id)
    assert not outbox.retry(flying.id)


def test_a_rescheduled_item_waits_for_its_next_attempt(outbox: Outbox, clock: FakeClock) -> None:
    r = report()
    outbox.enqueue_report(r)
    claim_all(outbox)
    assert outbox.reschedule(r.id, 10.0, "HTTP 503", owner=OWNER)
    assert claim_all(outbox) == []
    assert outbox.next_due_in() == pytest.approx(10.0)
    clock.advance(10.0)
    assert outbox.next_due_in() == 0.0
    assert claim_all(outbox) == [r.id]
    [summary] = outbox.list_items()
    assert summary.last_error == "HTTP 503" and summary.attempts == 2


def test_settling_needs_the_claim_of_the_same_owner(outbox: Outbox) -> None:
    r = report()
    outbox.enqueue_report(r)
    claim_all(outbox)
    assert not outbox.mark_failed(r.id, "x", owner="someone-else")
    assert not outbox.reschedule(r.id, 1, "x", owner="someone-else")
    assert outbox.release([r.id], owner=OWNER) == 1
    [summary] = outbox.list_items(State.PENDING)
    assert summary.state is State.PENDING and summary.attempts == 0


def test_prune_deletes_only_delivered_items_past_retention(outbox: Outbox,
                                                           clock: FakeClock) -> None:
    old, recent, waiting = report(), report(), report()
    for r in (old, recent, waiting):
        outbox.enqueue_report(r)
    claim_all(outbox)
    outbox.mark_delivered(old.id)
    clock.advance(8 * 86400)
    outbox.mark_delivered(recent.id)
    outbox.reschedule(waiting.id, 0, "HTTP 500", owner=OWNER)
    assert outbox.prune(7 * 86400) == 1
    assert {i.id for i in outbox.list_items()} == {recent.id, waiting.id}


def test_stats_count_states_and_the_oldest_pending_age(outbox: Outbox, clock: FakeClock) -> None:
    assert counts(outbox) == {"pending": 0, "delivered": 0, "failed": 0,
                              "oldest_pending_s": None}
    a, b, c = report(), report(), report()
    outbox.enqueue_report(a)
    clock.advance(30)
    outbox.enqueue_report(b)
    outbox.enqueue_report(c)
    claim_all(outbox)
    outbox.mark_delivered(b.id)
    outbox.mark_failed(c.id, "HTTP 400", owner=OWNER)
    clock.advance(15)
    assert counts(outbox) == {"pending": 1, "delivered": 1, "failed": 1,
                              "oldest_pending_s": 45.0}
    assert waiting_of(outbox.stats())["in_flight"].to_dict() == {"count": 1, "oldest_s": 45.0}


def counts(outbox: Outbox) -> dict[str, object]:
    return {k: v for k, v in outbox.stats().to_dict().items() if k != "waiting"}


def waiting_of(stats: QueueStats) -> dict[str, Waiting]:
    """The pending items by what they wait for; the outbox's stats always count them."""
    assert stats.waiting is not None
    return stats.waiting


def test_stats_say_why_each_pending_item_waits(outbox: Outbox, clock: FakeClock) -> None:
    ids = []
    for _ in range(5):
        r = report()
        outbox.enqueue_report(r)
        ids.append(r.id)
    clock.advance(10)
    claim_all(outbox, limit=4)
    outbox.reschedule(ids[0], 30, "HTTP 503", owner=OWNER, hold=Hold.ITEM)
    outbox.reschedule(ids[1], 0, "connection reset", owner=OWNER, hold=Hold.LINK)
    outbox.reschedule(ids[2], 0, "HTTP 401", owner=OWNER, hold=Hold.AUTH)
    waiting = {k: w.count for k, w in waiting_of(outbox.stats()).items()}
    assert waiting == {"item": 1, "link": 1, "auth": 1, "in_flight": 1, "due": 1}
    assert waiting_of(outbox.stats())["item"].oldest_s == 10.0
    # While the link is down, what was due waits for the link as well:
    blocked = {k: w.count
               for k, w in waiting_of(outbox.stats().blocked_by(Hold.LINK)).items()}
    assert blocked == {"item": 1, "link": 2, "auth": 1, "in_flight": 1, "due": 0}
    assert outbox.release_holds(Hold.LINK, Hold.AUTH) == 2
    assert {k: w.count for k, w in waiting_of(outbox.stats()).items()}["due"] == 3


def test_a_next_attempt_further_ahead_than_any_hold_is_due(outbox: Outbox,
                                                           clock: FakeClock) -> None:
    """Issue 11 #4: a hold written before the wall clock was stepped back a day."""
    r = report()
    outbox.enqueue_report(r)
    claim_all(outbox)
    outbox.reschedule(r.id, 86400.0, "HTTP 503", owner=OWNER)
    assert outbox.next_due_in() == 0.0 and claim_all(outbox) == [r.id]


def test_holds_move_with_a_clock_step(outbox: Outbox, clock: FakeClock) -> None:
    r = report()
    outbox.enqueue_report(r)
    claim_all(outbox)
    outbox.reschedule(r.id, 20.0, "HTTP 503", owner=OWNER)
    clock.advance(-600)  # stepped back ten minutes
    assert outbox.shift_holds(-600) == 1
    assert outbox.next_due_in() == pytest.approx(20.0)


def test_the_same_report_twice_is_one_item_and_a_changed_body_is_refused(outbox: Outbox) -> None:
    r = report()
    outbox.enqueue_report(r)
    outbox.enqueue_report(r)   # sealed again: other bytes, the same item
    assert outbox.stats().pending == 1
    tampered = report(category="threat")
    object.__setattr__(tampered, "id", r.id)
    with pytest.raises(DuplicateItem, match="different body"):
        outbox.enqueue_report(tampered)
    # What is sealed cannot be compared on the kiosk (nothing on its disk may tell
    # what is sealed): the same id with other personal data keeps the first body.
    other = report(description="something else")
    object.__setattr__(other, "id", r.id)
    outbox.enqueue_report(other)
    (item,) = outbox.claim(5, owner="t", lease_s=60)
    assert open_payload(item.payload).description == r.description


def test_an_unsealed_outbox_stores_as_before_and_a_delivered_copy_is_redacted(
        tmp_path: Path) -> None:
    with Outbox(tmp_path / "o.sqlite3", sealer=Unsealed()) as box:
        r = report(with_reporter=True)
        box.enqueue_report(r)
        (item,) = box.claim(5, owner="t", lease_s=60)
        assert item.payload == r.to_json_bytes()
        box.mark_delivered(r.id)
        payload, _, _ = raw_row(box.path, r.id)
        data = json.loads(payload)
        assert data["reporter"] == {} and data["description"] == ""


def test_without_a_sealer_a_report_is_refused_and_an_event_is_stored(tmp_path: Path) -> None:
    with Outbox(tmp_path / "o.sqlite3") as box:
        with pytest.raises(SealingUnavailable, match="NOT stored"):
            box.enqueue_report(report(with_reporter=True))
        box.enqueue_event(event())
        assert [i.kind for i in box.list_items()] == [Kind.EVENT]


def test_listing_shows_no_personal_data(outbox: Outbox) -> None:
    outbox.enqueue_report(report(with_reporter=True, description="HP saya dicopet"))
    text = json.dumps([i.to_dict() for i in outbox.list_items()])
    assert VALID_NIK not in text and "Budi" not in text and "dicopet" not in text
    assert '"label": "theft"' in text and '"state": "pending"' in text


def test_operator_status_is_polled_for_recent_unacknowledged_reports(outbox: Outbox,
                                                                     clock: FakeClock) -> None:
    recent, old, ev = report(), report(), event()
    for r in (old, recent):
        outbox.enqueue_report(r)
    outbox.enqueue_event(ev)
    claim_all(outbox)
    outbox.mark_delivered(old.id)
    clock.advance(1000)
    outbox.mark_delivered(recent.id)
    outbox.mark_delivered(ev.id)
    assert outbox.status_poll_due(900) == [recent.id]  # not events, not old reports
    assert outbox.operator_status(recent.id) is None
    outbox.set_operator_status(recent.id, "received")
    assert outbox.status_poll_due(900) == [recent.id]
    outbox.set_operator_status(recent.id, "acknowledged")
    assert outbox.status_poll_due(900) == []
    assert outbox.operator_status(recent.id) == "acknowledged"
    assert outbox.operator_status("no-such-report") is None


def test_threads_share_one_outbox_safely(outbox: Outbox) -> None:
    errors: list[BaseException] = []
    claimed: list[str] = []

    def producer() -> None:
        try:
            for _ in range(25):
                outbox.enqueue_report(report())
        except BaseException as exc:
            errors.append(exc)

    def consumer() -> None:
        try:
            for _ in range(200):
                claimed.extend(claim_all(outbox, limit=5))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=producer) for _ in range(4)]
    threads.append(threading.Thread(target=consumer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    claimed.extend(claim_all(outbox, limit=1000))
    assert len(claimed) == len(set(claimed)) == 100
    assert outbox.stats().pending == 100


def test_an_item_of_another_kiosk_is_refused_before_it_is_stored(tmp_path: Path) -> None:
    """Issue 11 #5: one foreign item would otherwise be refused by the centre for ever."""
    from offline_queue.errors import ForeignItem
    from wire.report import KioskInfo, Report

    with Outbox(tmp_path / "o.sqlite3", kiosk_id="test-kiosk-01", sealer=kiosk_sealer()) as box:
        other = Report.create(kiosk=KioskInfo("mrt-blok-m-02", "Blok M", -6.24, 106.8),
                              category="theft", language="id", description="x")
        with pytest.raises(ForeignItem, match="not this kiosk"):
            box.enqueue_report(other)
        box.enqueue_report(report())
        assert box.stats().pending == 1
