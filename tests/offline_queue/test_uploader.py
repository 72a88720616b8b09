"""The uploader against a real HTTP server on 127.0.0.1, one answer at a time.

The clock is fake (time moves only when the test says), so backoff and Retry-After
are checked as stored next-attempt times instead of by waiting.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.config import Config
from core.health import UPLINK_HEALTH_FILE, Health, Level, read_snapshot, write_devices
from offline_queue.items import Hold, ItemSummary
from offline_queue.link import LinkState
from offline_queue.outbox import Outbox, State
from offline_queue.uploader import Uploader
from tests.offline_queue.faultserver import TOKEN, Fault, FaultServer
from tests.offline_queue.helpers import VALID_NIK, event, make_config, report
from tests.support.clock import FakeClock
from tests.support.config import FAST_UPLOADER
from tests.support.keys import centre_key, open_payload


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
def server(script: Scripted) -> Iterator[FaultServer]:
    with FaultServer(script, slow_s=1.0) as srv:
        yield srv


@pytest.fixture
def clock() -> FakeClock:
    # Near the real time: the server's Date header is real, and a fake clock years
    # off would (rightly) raise the clock alarm.
    return FakeClock(time.time())


# What the `setup` fixture gives a test: the config, its outbox and an uploader.
Setup = tuple[Config, Outbox, Uploader]


def build(tmp_path: Path, server: FaultServer, clock: FakeClock,
          **timers: float) -> Setup:
    cfg = make_config(tmp_path, url=server.url, timeout_s=0.3,
                      uploader={**FAST_UPLOADER, **timers})
    outbox = Outbox.for_config(cfg, clock=clock)
    # One fake clock for both: time moves only when the test says, for stored times
    # and for the uploader's own timers alike.
    uploader = Uploader(cfg, outbox, clock=clock, mono=clock, rng=random.Random(3))
    return cfg, outbox, uploader


@pytest.fixture
def setup(tmp_path: Path, server: FaultServer, clock: FakeClock) -> Iterator[Setup]:
    cfg, outbox, uploader = build(tmp_path, server, clock)
    yield cfg, outbox, uploader
    uploader.sender.close()
    uploader.client.close()
    outbox.close()


def state_of(outbox: Outbox, item_id: str) -> ItemSummary:
    return next(i for i in outbox.list_items() if i.id == item_id)


def uplink_health(cfg: Config) -> dict[str, Any]:
    """The health snapshot the uploader wrote (write_health), as the kiosk reads it."""
    snap = read_snapshot(cfg.storage.data_dir / UPLINK_HEALTH_FILE)
    assert snap is not None, "no uplink health snapshot was written"
    return snap


def test_a_201_with_the_id_delivers_and_purges_personal_data(setup: Setup,
                                                             server: FaultServer) -> None:
    _, outbox, uploader = setup
    r = report(with_reporter=True)
    outbox.enqueue_report(r)
    assert uploader.deliver_batch() == 1
    # Sent whole: sealed, and the centre opens the reporter block the kiosk wrote.
    assert open_payload(server.stored[r.id]).reporter.nik == VALID_NIK
    item = state_of(outbox, r.id)
    assert item.state is State.DELIVERED
    assert outbox.status_url(r.id) == f"http://127.0.0.1/t/{r.id[:8]}"
    assert outbox.stats().to_dict()["delivered"] == 1


def test_events_go_to_their_own_endpoint(setup: Setup, server: FaultServer) -> None:
    _, outbox, uploader = setup
    ev = event("maintenance.entered")
    outbox.enqueue_event(ev)
    uploader.deliver_batch()
    assert state_of(outbox, ev.id).state is State.DELIVERED
    assert json.loads(server.stored[ev.id])["type"] == "maintenance.entered"


@pytest.mark.parametrize("fault", [Fault.CAPTIVE_PORTAL, Fault.REDIRECT, Fault.WRONG_ID,
                                   Fault.ERROR_500, Fault.RATE_LIMIT,
                                   Fault.DROP_BEFORE_STORE])
def test_anything_but_an_acknowledgement_keeps_the_item_pending(setup: Setup, script: Scripted,
                                                                clock: FakeClock,
                                                                fault: Fault) -> None:
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


def test_a_connection_dropped_after_the_server_stored_it_ends_in_one_copy(
        setup: Setup, server: FaultServer, script: Scripted, clock: FakeClock) -> None:
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


def test_a_400_is_a_dead_letter_with_the_servers_reason(setup: Setup, script: Scripted,
                                                        server: FaultServer) -> None:
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
        setup: Setup, server: FaultServer, clock: FakeClock) -> None:
    cfg, outbox, uploader = setup
    r = report()
    outbox.enqueue_report(r)
    server.token = "a-token-registered-after-ours-was-revoked"  # items AND heartbeats refused
    start = clock.now
    uploader.deliver_batch()
    item = state_of(outbox, r.id)
    assert item.state is State.PENDING and item.hold is Hold.AUTH
    state = uploader.link.state  # a local, read again below (mypy narrows attributes)
    assert state is LinkState.AUTH
    uploader.write_health()
    snap = uplink_health(cfg)
    assert snap["auth_alarm"] is True and snap["health"]["level"] == "fail"
    assert snap["queue"]["waiting"]["auth"]["count"] == 1
    posts = len(server.posts)
    clock.advance(0.4)
    assert uploader.deliver_batch() == 0 and len(server.posts) == posts  # held
    server.token = TOKEN  # the centre accepts our token again
    clock.advance(0.2)  # past auth_retry_s = 0.5 ± 10 % from the first refusal
    uploader.deliver_batch()  # the heartbeat goes and is accepted
    state = uploader.link.state
    assert clock.now - start >= 0.45 and state is LinkState.UP
    uploader.deliver_batch()
    uploader.write_health()
    snap = uplink_health(cfg)
    assert state_of(outbox, r.id).state is State.DELIVERED
    assert snap["auth_alarm"] is False and snap["health"]["level"] == "ok"


@pytest.mark.parametrize("fault", [Fault.UNAUTHORIZED, Fault.FORBIDDEN_KIOSK,
                                   Fault.CONFLICT_409])
def test_one_items_refusal_while_the_token_works_is_that_items_own(setup: Setup, script: Scripted,
                                                                   server: FaultServer,
                                                                   fault: Fault) -> None:
    """Issue 11 #5: a 401/403 (or another 4xx) for one item, while a heartbeat with the
    same token is accepted, fails that item alone: no token alarm, nothing held."""
    cfg, outbox, uploader = setup
    bad, good = report(), report()
    outbox.enqueue_report(bad)
    script.queue.append(fault)
    uploader.deliver_batch()
    outbox.enqueue_report(good)
    uploader.deliver_batch()
    assert state_of(outbox, bad.id).state is State.FAILED
    assert "refused for this item only" in str(state_of(outbox, bad.id).last_error)
    assert state_of(outbox, good.id).state is State.DELIVERED
    uploader.write_health()
    snap = uplink_health(cfg)
    assert snap["auth_alarm"] is False and snap["health"]["level"] == "warn"  # 1 failed
    assert "refuses our token" not in snap["health"]["reason"]
    assert len(server.heartbeats) == 1  # the evidence was asked for


def test_a_down_link_is_probed_by_heartbeats_and_nothing_is_delayed_in_the_items(
        setup: Setup, server: FaultServer, clock: FakeClock) -> None:
    cfg, outbox, uploader = setup
    ids = []
    for _ in range(6):
        r = report()
        outbox.enqueue_report(r)
        ids.append(r.id)
    server.down = True
    uploader.deliver_batch()  # a window of 4 unanswered, then one probe at once
    state = uploader.link.state  # a local, read again below (mypy narrows attributes)
    assert state is LinkState.DOWN
    assert server.dropped_while_down == 5 and server.posts == []
    items = {i.id: i for i in outbox.list_items()}
    assert all(items[i].next_attempt_at <= clock.now for i in ids)  # no item delay
    assert {items[i].hold for i in ids[:4]} == {Hold.LINK}
    uploader.write_health()
    snap = uplink_health(cfg)
    assert snap["link"]["state"] == "down" and snap["health"]["level"] == "warn"
    assert snap["queue"]["waiting"]["link"]["count"] == 6  # the due ones wait for it too
    for _ in range(3):  # probes only, further apart each time; no item is sent
        clock.advance(0.05)
        uploader.deliver_batch()
    assert server.dropped_while_down == 5
    clock.advance(1.0)
    uploader.deliver_batch()
    assert server.dropped_while_down == 6  # the second probe
    server.down = False
    clock.advance(3.5)
    uploader.deliver_batch()  # the probe is answered: the link is up
    state = uploader.link.state
    assert state is LinkState.UP
    for _ in range(4):
        clock.advance(0.5)  # past the short recovery spread
        uploader.deliver_batch()
    assert outbox.stats().delivered == 6
    assert [i.hold for i in outbox.list_items()] == [None] * 6


def test_a_restarted_uploader_does_not_inherit_link_holds(setup: Setup, server: FaultServer,
                                                          clock: FakeClock) -> None:
    cfg, outbox, _ = setup
    r = report()
    outbox.enqueue_report(r)
    outbox.claim(1, owner="old", lease_s=60)
    outbox.reschedule(r.id, 3000.0, "connection error", owner="old", hold=Hold.LINK)
    fresh = Uploader(cfg, outbox, clock=clock, mono=clock, rng=random.Random(1))
    runner = threading.Thread(target=fresh.run, kwargs={"until_empty": True}, daemon=True)
    runner.start()
    runner.join(20)  # time stands still: a 3000 s hold would never end
    fresh.stop.set()
    runner.join(20)
    assert state_of(outbox, r.id).state is State.DELIVERED


def test_the_centres_retry_after_holds_that_item_exactly_and_not_the_others(
        tmp_path: Path, server: FaultServer, script: Scripted, clock: FakeClock) -> None:
    _, outbox, uploader = build(tmp_path, server, clock, backoff_cap_s=30)
    server.retry_after = "7"
    first, second, third = report(), report(), report()
    for r in (first, second, third):
        outbox.enqueue_report(r)
    script.queue.append(Fault.RATE_LIMIT)
    start = clock.now
    uploader.deliver_batch()
    held = [i for i in outbox.list_items() if i.state is State.PENDING]
    assert len(held) == 1 and held[0].hold is Hold.ITEM
    assert held[0].next_attempt_at - start == 7.0  # exactly, no jitter
    assert outbox.stats().delivered == 2 and uploader.link.state is LinkState.UP
    uploader.sender.close()
    outbox.close()


def test_a_streak_of_busy_answers_pauses_the_link_for_the_longest_retry_after(
        tmp_path: Path, server: FaultServer, script: Scripted, clock: FakeClock) -> None:
    cfg, outbox, uploader = build(tmp_path, server, clock, backoff_cap_s=30, window=1)
    server.retry_after = "5"
    for _ in range(4):
        outbox.enqueue_report(report())
    script.queue.extend([Fault.ERROR_503] * 3)
    for _ in range(3):
        uploader.deliver_batch()
    assert uploader.link.state is LinkState.BUSY
    assert uploader.deliver_batch() == 0  # the fourth waits with the others
    uploader.write_health()
    snap = uplink_health(cfg)
    assert "busy" in snap["health"]["reason"]
    clock.advance(5.0)
    for _ in range(4):
        uploader.deliver_batch()
    assert outbox.stats().delivered == 4
    uploader.sender.close()
    outbox.close()


def test_retry_after_is_honoured_up_to_the_cap(setup: Setup, script: Scripted, server: FaultServer,
                                               clock: FakeClock) -> None:
    _, outbox, uploader = setup
    server.retry_after = "60"
    r = report()
    outbox.enqueue_report(r)
    script.queue.append(Fault.RATE_LIMIT)
    start = clock.now
    uploader.deliver_batch()
    assert state_of(outbox, r.id).next_attempt_at - start == pytest.approx(0.2)  # cap


def test_emergencies_are_sent_before_older_ordinary_reports(tmp_path: Path, server: FaultServer,
                                                            clock: FakeClock) -> None:
    _, outbox, uploader = build(tmp_path, server, clock, window=1)
    ordinary = [report("lost_item") for _ in range(3)]
    for r in ordinary:
        outbox.enqueue_report(r)
    fire = report("fire")
    outbox.enqueue_report(fire)
    while uploader.deliver_batch():
        pass
    assert server.stored_order == [fire.id] + [r.id for r in ordinary]


def test_an_answer_slower_than_the_timeout_is_retried_and_stored_once(
        setup: Setup, script: Scripted, server: FaultServer, clock: FakeClock) -> None:
    _, outbox, uploader = setup
    r = report()
    outbox.enqueue_report(r)
    script.queue.append(Fault.SLOW_AFTER_STORE)
    uploader.deliver_batch()
    item = state_of(outbox, r.id)
    assert item.state is State.PENDING and "no answer within 0.3 s" in str(item.last_error)
    clock.advance(1)
    uploader.deliver_batch()
    assert state_of(outbox, r.id).state is State.DELIVERED
    assert server.store_count[r.id] == 1


def test_operator_status_is_fetched_for_the_done_screen(setup: Setup, server: FaultServer) -> None:
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


def test_the_heartbeat_carries_queue_uplink_and_devices(setup: Setup, server: FaultServer) -> None:
    cfg, outbox, uploader = setup
    write_devices(cfg.storage.data_dir, [Health("printer", Level.WARN, "paper low")])
    outbox.enqueue_report(report())
    uploader.send_heartbeat()
    [beat] = server.heartbeats
    assert beat["kiosk_id"] == "test-kiosk-01" and beat["app_version"]
    assert beat["queue"]["pending"] == 1 and beat["queue"]["oldest_pending_s"] == 0.0
    assert beat["uplink"]["last_success"] is None and beat["uplink"]["state"] == "up"
    assert beat["queue"]["waiting"]["due"]["count"] == 1
    assert beat["devices"] == [{"name": "printer", "level": "warn", "reason": "paper low",
                                "details": {}}]
    assert uploader.status.last_heartbeat is not None
    # Which centre key it seals to, and its backlog per key (for the centre's retire-key).
    kid = centre_key().kid
    assert beat["sealing"] == {"sealed": True, "kid": kid, "backlog": {kid: 1}}


def test_the_health_snapshot_shows_counts_and_the_last_error(setup: Setup,
                                                             script: Scripted) -> None:
    cfg, outbox, uploader = setup
    outbox.enqueue_report(report())
    script.queue.append(Fault.ERROR_500)
    uploader.deliver_batch()
    uploader.write_health()
    snap = uplink_health(cfg)
    assert snap["queue"]["pending"] == 1
    assert snap["last_error"] == "HTTP 500" and snap["health"]["level"] == "warn"
