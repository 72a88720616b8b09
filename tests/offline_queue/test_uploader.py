"""The uploader against a real HTTP server on 127.0.0.1, one answer at a time.

The clock is fake (time moves only when the test says), so backoff and Retry-After
are checked as stored next-attempt times instead of by waiting.
"""

from __future__ import annotations

import json
import random
from collections import deque
from pathlib import Path

import pytest

from core.health import UPLINK_HEALTH_FILE, Health, Level, read_snapshot, write_devices
from offline_queue.outbox import Outbox, State
from offline_queue.uploader import Uploader
from tests.offline_queue.faultserver import Fault, FaultServer
from tests.offline_queue.helpers import VALID_NIK, event, make_config, report
from tests.support.clock import FakeClock


class Scripted:
    """Faults in the order the test lists them, then none."""

    def __init__(self) -> None:
        self.queue: deque[Fault] = deque()

    def __call__(self, key: str) -> Fault:
        return self.queue.popleft() if self.queue else Fault.NONE


@pytest.fixture
def script() -> Scripted:
    return Scripted()


@pytest.fixture
def server(script: Scripted):
    with FaultServer(script, slow_s=1.0) as srv:
        yield srv


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def setup(tmp_path: Path, server: FaultServer, clock: FakeClock):
    cfg = make_config(tmp_path, url=server.url, timeout_s=0.3)
    outbox = Outbox.for_config(cfg, clock=clock)
    uploader = Uploader(cfg, outbox, clock=clock, rng=random.Random(3))
    yield cfg, outbox, uploader
    uploader.client.close()
    outbox.close()


def state_of(outbox: Outbox, item_id: str):
    return next(i for i in outbox.list_items() if i.id == item_id)


def test_a_201_with_the_id_delivers_and_purges_personal_data(setup, server):
    _, outbox, uploader = setup
    r = report(with_reporter=True)
    outbox.enqueue_report(r)
    assert uploader.deliver_batch() == 1
    assert json.loads(server.stored[r.id])["reporter"]["nik"] == VALID_NIK  # sent whole
    item = state_of(outbox, r.id)
    assert item.state is State.DELIVERED
    assert outbox.status_url(r.id) == f"http://127.0.0.1/t/{r.id[:8]}"
    assert outbox.stats().to_dict()["delivered"] == 1


def test_events_go_to_their_own_endpoint(setup, server):
    _, outbox, uploader = setup
    ev = event("maintenance.entered")
    outbox.enqueue_event(ev)
    uploader.deliver_batch()
    assert state_of(outbox, ev.id).state is State.DELIVERED
    assert json.loads(server.stored[ev.id])["type"] == "maintenance.entered"


@pytest.mark.parametrize("fault", [Fault.CAPTIVE_PORTAL, Fault.REDIRECT, Fault.WRONG_ID,
                                   Fault.ERROR_500, Fault.RATE_LIMIT,
                                   Fault.DROP_BEFORE_STORE])
def test_anything_but_an_acknowledgement_keeps_the_item_pending(setup, script, clock,
                                                                fault):
    _, outbox, uploader = setup
    r = report()
    outbox.enqueue_report(r)
    script.queue.append(fault)
    uploader.deliver_batch()
    item = state_of(outbox, r.id)
    assert item.state is State.PENDING and item.last_error
    clock.advance(1.0)  # past any backoff (cap 0.2 s) and Retry-After (capped too)
    uploader.deliver_batch()
    assert state_of(outbox, r.id).state is State.DELIVERED


def test_a_connection_dropped_after_the_server_stored_it_ends_in_one_copy(setup, server,
                                                                          script, clock):
    _, outbox, uploader = setup
    r = report()
    outbox.enqueue_report(r)
    script.queue.extend([Fault.DROP_AFTER_STORE, Fault.SLOW_AFTER_STORE])
    for _ in range(3):
        uploader.deliver_batch()
        clock.advance(1.0)
    assert state_of(outbox, r.id).state is State.DELIVERED
    assert server.store_count[r.id] == 1 and server.conflicts == []
    assert [f for k, f in server.posts] == [Fault.DROP_AFTER_STORE,
                                            Fault.SLOW_AFTER_STORE, Fault.NONE]


def test_a_400_is_a_dead_letter_with_the_servers_reason(setup, script, server):
    _, outbox, uploader = setup
    r = report()
    outbox.enqueue_report(r)
    script.queue.append(Fault.BAD_REQUEST)
    uploader.deliver_batch()
    item = state_of(outbox, r.id)
    assert item.state is State.FAILED
    assert item.last_error == "HTTP 400: invalid report; category: unknown category"
    uploader.deliver_batch()
    assert len(server.posts) == 1  # not retried by itself


def test_a_refused_token_keeps_the_report_retries_slowly_and_raises_the_alarm(
        setup, script, clock, tmp_path):
    cfg, outbox, uploader = setup
    r = report()
    outbox.enqueue_report(r)
    script.queue.append(Fault.UNAUTHORIZED)
    start = clock.now
    uploader.deliver_batch()
    item = state_of(outbox, r.id)
    assert item.state is State.PENDING
    assert 0.45 <= item.next_attempt_at - start <= 0.55  # auth_retry_s = 0.5 ± 10 %
    uploader.write_health()
    snap = read_snapshot(cfg.storage.data_dir / UPLINK_HEALTH_FILE)
    assert snap["auth_alarm"] is True and snap["health"]["level"] == "fail"
    assert uploader.deliver_batch() == 0  # held
    clock.advance(0.6)
    uploader.deliver_batch()
    uploader.write_health()
    snap = read_snapshot(cfg.storage.data_dir / UPLINK_HEALTH_FILE)
    assert state_of(outbox, r.id).state is State.DELIVERED
    assert snap["auth_alarm"] is False and snap["health"]["level"] == "ok"


def test_retry_after_is_honoured_up_to_the_cap(setup, script, server, clock):
    _, outbox, uploader = setup
    server.retry_after = "60"
    r = report()
    outbox.enqueue_report(r)
    script.queue.append(Fault.RATE_LIMIT)
    start = clock.now
    uploader.deliver_batch()
    assert state_of(outbox, r.id).next_attempt_at - start == pytest.approx(0.2)  # cap


def test_a_failing_uplink_is_probed_by_one_item_at_a_time_with_growing_backoff(
        setup, script, server, clock):
    _, outbox, uploader = setup
    for _ in range(5):
        outbox.enqueue_report(report())
    script.queue.extend([Fault.ERROR_503] * 6)
    server.retry_after = ""
    bounds = []
    for _ in range(6):
        assert uploader.deliver_batch() == 1  # one probe, the rest released unattempted
        due = outbox.next_due_in()
        bounds.append(uploader._hold_until - clock.now)
        assert due == 0.0  # the others were not attempted, so not delayed themselves
        assert uploader.deliver_batch() == 0
        clock.advance(0.25)
    assert len(server.posts) == 6
    assert uploader._failures == 6
    assert all(0 <= b <= uploader.policy.bound(n + 1) for n, b in enumerate(bounds))
    assert uploader.deliver_batch() == 5  # the uplink is back: everything goes
    assert outbox.stats().delivered == 5 and uploader._failures == 0


def test_emergencies_are_sent_before_older_ordinary_reports(setup, server):
    _, outbox, uploader = setup
    ordinary = [report("lost_item") for _ in range(3)]
    for r in ordinary:
        outbox.enqueue_report(r)
    fire = report("fire")
    outbox.enqueue_report(fire)
    uploader.deliver_batch()
    assert server.stored_order == [fire.id] + [r.id for r in ordinary]


def test_an_answer_slower_than_the_timeout_is_retried_and_stored_once(setup, script,
                                                                     server, clock):
    _, outbox, uploader = setup
    r = report()
    outbox.enqueue_report(r)
    script.queue.append(Fault.SLOW_AFTER_STORE)
    uploader.deliver_batch()
    item = state_of(outbox, r.id)
    assert item.state is State.PENDING and "no answer within 0.3 s" in item.last_error
    clock.advance(1)
    uploader.deliver_batch()
    assert state_of(outbox, r.id).state is State.DELIVERED
    assert server.store_count[r.id] == 1


def test_operator_status_is_fetched_for_the_done_screen(setup, server):
    _, outbox, uploader = setup
    r = report()
    outbox.enqueue_report(r)
    uploader.deliver_batch()
    assert uploader.poll_statuses() == 1
    assert outbox.operator_status(r.id) == "received"
    server.operator_status[r.id] = "acknowledged"
    uploader.poll_statuses()
    assert outbox.operator_status(r.id) == "acknowledged"
    uploader.poll_statuses()
    assert server.status_gets[r.id] == 2  # no more polling once acknowledged


def test_the_heartbeat_carries_queue_uplink_and_devices(setup, server):
    cfg, outbox, uploader = setup
    write_devices(cfg.storage.data_dir, [Health("printer", Level.WARN, "paper low")])
    outbox.enqueue_report(report())
    uploader.send_heartbeat()
    [beat] = server.heartbeats
    assert beat["kiosk_id"] == "test-kiosk-01" and beat["app_version"]
    assert beat["queue"]["pending"] == 1 and beat["queue"]["oldest_pending_s"] == 0.0
    assert beat["uplink"]["last_success"] is None
    assert beat["devices"] == [{"name": "printer", "level": "warn", "reason": "paper low",
                                "details": {}}]
    assert uploader.status.last_heartbeat is not None


def test_the_health_snapshot_shows_counts_and_the_last_error(setup, script):
    cfg, outbox, uploader = setup
    outbox.enqueue_report(report())
    script.queue.append(Fault.ERROR_500)
    uploader.deliver_batch()
    uploader.write_health()
    snap = read_snapshot(cfg.storage.data_dir / UPLINK_HEALTH_FILE)
    assert snap["queue"]["pending"] == 1
    assert snap["last_error"] == "HTTP 500" and snap["health"]["level"] == "warn"
