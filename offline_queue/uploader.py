"""The uploader: the one process that owns the network, delivering the outbox.

Loop: keep a window of `[uploader] window` requests in flight (emergency first), settle
each answer by what it says (`delivery.classify`), and let the link monitor (link.py)
decide from evidence whether to send at all. One item's failure makes only that item
wait (its `items.Hold`); a link that gives no answer, a centre that is busy or a token
that is refused stops everything, in memory only, until a heartbeat or any answer says
otherwise — and then the items that waited for the link are due at once. Deliveries
are settled in group commits. Between answers: heartbeats (also the probes of a down
link), operator-status polls, pruning, the purge checkpoint, the health snapshot, the
systemd watchdog — all on the monotonic clock.

`stop` is a threading.Event: SIGTERM sets it (see `run_process`); the requests in
flight are finished and settled, and the loop returns.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from core.config import Config
from core.sdnotify import Notifier
from offline_queue.clock import SkewWatch, StepWatch
from offline_queue.delivery import HttpClient, Outcome, Probe, ProbeResult, Token, Verdict
from offline_queue.items import ClaimedItem, Hold, QueueStats
from offline_queue.link import LinkMonitor, LinkPolicy, LinkState
from offline_queue.outbox import Outbox
from offline_queue.replies import Polled, ReplyPoller
from offline_queue.retry import RetryPolicy
from offline_queue.sender import Sender
from offline_queue.uplink import UplinkStatus, heartbeat_body, write_uplink_snapshot
from wire.categories import Priority
from wire.logs import event

log = logging.getLogger("offline_queue.uploader")

HOUSEKEEPING_EVERY_S = 300.0  # stale leases, pruning
HEALTH_EVERY_S = 10.0  # at least this often; sooner (≥ 1 s apart) after a change
STATUS_POLLS_PER_ROUND = 5
LINK_STRIKES = 8  # unanswered attempts of one item while others get through: then its own fault
# (random faults on a lossy link hit one item 8 times in a row once in ~10^5 items)
FLUSH_AFTER_S = 0.05  # longest a settled answer waits for its group commit
MAX_WAIT_S = 0.25  # the loop looks at its timers at least this often while busy
EMERGENCY_RANK = Priority.EMERGENCY.rank


@dataclass
class _Timers:
    heartbeat: float = 0.0
    status_poll: float = 0.0
    prune: float = 0.0
    health: float = 0.0
    watchdog: float = 0.0
    purge: float | None = None  # a TRUNCATE checkpoint is owed from then on


@dataclass
class _Settlement:
    """Answers settled in memory, written by the next group commit."""

    delivered: list[tuple[str, str | None]] = field(default_factory=list)
    held: list[tuple[str, float, Hold, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    since: float | None = None

    def __len__(self) -> int:
        return len(self.delivered) + len(self.held) + len(self.failed)


class Uploader:
    def __init__(self, cfg: Config, outbox: Outbox, *, client: HttpClient | None = None,
                 clock: Callable[[], float] = time.time,
                 mono: Callable[[], float] = time.monotonic,
                 rng: random.Random | None = None, notifier: Notifier | None = None,
                 stop: threading.Event | None = None, owner: str | None = None,
                 make_client: Callable[[], HttpClient] | None = None) -> None:
        """`clock` is the wall clock (what is stored and sent), `mono` the one every
        timer and hold runs on. `make_client` builds one client per sending thread."""
        self.cfg = cfg
        up = cfg.uploader
        self.outbox = outbox
        self.token = client.token if client is not None else Token(cfg.server)
        self.client = client or HttpClient(cfg.server, clock=clock, token=self.token)
        self._make_client = make_client or (
            lambda: HttpClient(cfg.server, clock=clock, token=self.token))
        self.sender = Sender(up.window, self._make_client)
        self.policy = RetryPolicy.from_config(up)
        self._rng = rng or random.Random()
        self._wall, self._mono = clock, mono
        self.link = LinkMonitor(LinkPolicy.from_config(up), self._rng, mono())
        self.status = UplinkStatus(clock=SkewWatch(alarm_s=up.clock_alarm_s))
        self.stop = stop or threading.Event()
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._notifier = notifier or Notifier(env={})
        self._steps = StepWatch(clock, mono)
        self._timers = _Timers()
        self._health_dirty = True
        self._in_flight: dict[Future[Outcome], ClaimedItem] = {}
        self._control: Future[Any] | None = None
        self._control_kind = ""
        self._parked: list[tuple[ClaimedItem, Outcome]] = []  # 401/403/4xx: ask first
        self._strikes: dict[str, tuple[int, int]] = {}  # id → (link strikes, answers then)
        self._settlement = _Settlement()
        self._link_held = 0  # items held for the link since the last release
        self._token_stamp = self.token.file_stamp()
        self.durable_commits = 0  # fsynced group commits (for the benchmark)
        # The centre's replies and lookups (issue 15): one round in flight at a time.
        self.replies = ReplyPoller(outbox.inbound.for_kiosk(cfg.kiosk.id), cfg.kiosk.id,
                                   up.messages_poll_s, mono)
        self._reply_job: Future[Polled] | None = None
        # A claim outlives the slowest batch, so only a dead owner's claims expire.
        self._lease_s = up.window * 4 * (cfg.server.timeout_s + 5.0) + 60.0

    # -- sending -----------------------------------------------------------------------

    def _fill(self) -> int:
        """Start what the gate allows: a probe it asks for, items for the free slots."""
        if self.stop.is_set():
            return 0
        gate = self.link.gate(self._mono())
        if gate.probe and self._control is None:
            self._start_heartbeat(probe=True)
        free = self.sender.window - len(self._in_flight)
        if not gate.send or free <= 0:
            return 0
        items = self.outbox.claim(free, owner=self.owner, lease_s=self._lease_s,
                                  max_rank=EMERGENCY_RANK if gate.emergency_only else None)
        for item in items:
            self._in_flight[self.sender.submit(_poster(item))] = item
        return len(items)

    def _collect(self, timeout_s: float | None) -> int:
        """Wait for the first answer(s), up to `timeout_s`; settle them in memory."""
        futures: list[Future[Any]] = list(self._in_flight)
        if self._control is not None:
            futures.append(self._control)
        if self._reply_job is not None:
            futures.append(self._reply_job)
        done = self.sender.wait_any(futures, timeout_s)
        settled = 0
        for future in done:
            if future is self._control:
                self._control_done(future)
                continue
            if future is self._reply_job:
                self._replies_done(future)
                continue
            item = self._in_flight.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # a bug in a worker must not lose the item
                outcome = Outcome(Verdict.LINK, f"sending failed: {type(exc).__name__}")
            self._settle(item, outcome)
            settled += 1
        return settled

    def _settle(self, item: ClaimedItem, outcome: Outcome) -> None:
        now, mono = self._wall(), self._mono()
        self._health_dirty = True
        self._settlement.since = self._settlement.since or mono
        self.link.item_result(outcome.verdict, outcome.reason, mono, outcome.retry_after_s)
        fields: dict[str, Any] = {"item": item.id, "kind": item.kind.value,
                                  "attempt": item.attempts,
                                  "http_status": outcome.http_status}
        verdict = outcome.verdict
        if verdict is Verdict.DELIVERED:
            self._settlement.delivered.append((item.id, outcome.status_url))
            self._strikes.pop(item.id, None)
            self.status.succeeded(now)
            self.status.clock.observe(outcome.server_date, outcome.received_at)
            event(log, "item.delivered", **fields)
            return
        if verdict is Verdict.FAILED:
            self._dead_letter(item, outcome.reason, fields)
            return
        self.status.failed(outcome.reason, now)
        if verdict is Verdict.SUSPECT:
            if self.link.state is LinkState.AUTH:
                self._hold(item, 0.0, Hold.AUTH, outcome.reason)
            else:
                self._parked.append((item, outcome))  # a heartbeat tells whose fault
            event(log, "item.refused_ask_heartbeat", logging.WARNING,
                  reason=outcome.reason, **fields)
            return
        if verdict is Verdict.BUSY:
            # The centre's Retry-After is kept exactly; else the item's own backoff.
            delay = self.policy.delay(item.attempts, self._rng, outcome.retry_after_s)
            self._hold(item, delay, Hold.ITEM, outcome.reason)
        else:
            delay, hold = self._link_failure(item)
            self._hold(item, delay, hold, outcome.reason)
        event(log, "item.retry", logging.WARNING, reason=outcome.reason,
              retry_in_s=round(delay, 3), link=self.link.state.value, **fields)

    def _link_failure(self, item: ClaimedItem) -> tuple[float, Hold]:
        """No answer for this item: the link's fault — unless it keeps failing while
        other items get through, which makes it this item's own (backoff)."""
        strikes, seen = self._strikes.get(item.id, (0, -1))
        if self.link.answers > seen:
            strikes += 1
        self._strikes[item.id] = (strikes, self.link.answers)
        if strikes >= LINK_STRIKES and self.link.state is LinkState.UP:
            return self.policy.delay(strikes - LINK_STRIKES + 1, self._rng), Hold.ITEM
        return 0.0, Hold.LINK

    def _hold(self, item: ClaimedItem, delay: float, hold: Hold, error: str) -> None:
        self._settlement.held.append((item.id, delay, hold, error))
        if hold is Hold.LINK:
            self._link_held += 1

    def _dead_letter(self, item: ClaimedItem, reason: str, fields: dict[str, Any]) -> None:
        self._settlement.failed.append((item.id, reason))
        self._strikes.pop(item.id, None)
        self.status.failed(reason, self._wall())
        event(log, "item.failed", logging.WARNING, reason=reason, **fields)

    def _flush(self, *, force: bool = False) -> None:
        """The group commit of what was settled: when `batch_size` answers or 50 ms
        waited for it, or (`force`) when the loop has nothing else to do."""
        s = self._settlement
        if not len(s):
            return
        old = s.since is not None and self._mono() - s.since >= FLUSH_AFTER_S
        if not (force or old or len(s) >= self.cfg.uploader.batch_size):
            return
        self._settlement = _Settlement()
        self.outbox.settle(owner=self.owner, delivered=s.delivered, held=s.held,
                           failed=s.failed)
        if s.delivered or s.failed:
            self.durable_commits += 1
        if s.delivered and self._timers.purge is None:
            self._timers.purge = self._mono() + self.cfg.storage.purge_after_s
        if s.delivered and self._link_held:
            self._release(Hold.LINK)

    def _release(self, *holds: Hold) -> None:
        """The link (or our token) works again: whatever waited for it is due now."""
        if self._settlement:
            self._flush(force=True)
        released = self.outbox.release_holds(*holds)
        if Hold.LINK in holds:
            self._link_held = 0
        if released:
            event(log, "items.released", items=released, holds=[h.value for h in holds])

    def deliver_batch(self) -> int:
        """Send what the gate allows now and wait for every answer, including a
        heartbeat the link asks for; the number of items settled. (Tests, benchmarks.)"""
        settled = 0
        self._watch_token()
        self._fill()
        while self._in_flight or self._control is not None or self._parked:
            if self._parked and self._control is None:
                self._start_heartbeat(probe=True)
            settled += self._collect(None)
            if self._control is None and self.link.gate(self._mono()).probe:
                self._start_heartbeat(probe=True)
        self._flush(force=True)
        return settled

    # -- heartbeats (also the probes), status polls ------------------------------------

    def _start_heartbeat(self, *, probe: bool) -> None:
        if self.link.state is LinkState.AUTH:
            self.token.refresh()
        body = heartbeat_body(self.cfg.kiosk.id, self.cfg.storage.data_dir, self.status,
                              self._stats(), self._wall(),
                              sealing=self._sealing())
        kiosk_id = self.cfg.kiosk.id
        self._control = self.sender.submit(lambda c: c.heartbeat(kiosk_id, body))
        self._control_kind = "probe" if probe else "heartbeat"

    def _control_done(self, future: Future[Any]) -> None:
        kind, self._control = self._control_kind, None
        try:
            result = future.result()
        except Exception as exc:
            result = (Probe(ProbeResult.LINK, f"heartbeat failed: {type(exc).__name__}")
                      if kind != "status" else [])
        if kind == "status":
            for report_id, status in result:
                self.outbox.set_operator_status(report_id, status)
        else:
            self.heartbeat_answered(result)

    def heartbeat_answered(self, probe: Probe) -> None:
        """What a heartbeat's answer tells: link, token, clock; and the fate of items
        whose 401/403/4xx waited for it."""
        before = self.link.state
        mono, now = self._mono(), self._wall()
        self.link.probe_result(probe, mono, auth_delay_s=self.policy.auth_delay(self._rng))
        self._timers.heartbeat = mono + self.cfg.uploader.heartbeat_s
        self._health_dirty = True
        if probe.result is ProbeResult.OK:
            self.status.last_heartbeat, self.status.heartbeat_error = now, None
            self.status.clock.observe(probe.server_date, probe.received_at)
            if self.status.auth_alarm or before is LinkState.AUTH:
                self.status.auth_alarm = False
                self._release(Hold.AUTH, Hold.LINK)
            elif before is not LinkState.UP:
                self._release(Hold.LINK)
        else:
            self.status.heartbeat_error = probe.reason
            event(log, "heartbeat.failed", logging.WARNING, reason=probe.reason,
                  link=self.link.state.value)
        if probe.result is ProbeResult.AUTH:
            self.status.failed(probe.reason, now, auth=True)
            event(log, "uplink.auth_refused", logging.ERROR, reason=probe.reason)
        self._decide_parked(probe)
        if before is not self.link.state:
            event(log, "uplink.link", state=self.link.state.value, was=before.value,
                  reason=self.link.reason or None)

    def _decide_parked(self, probe: Probe) -> None:
        parked, self._parked = self._parked, []
        for item, outcome in parked:
            if probe.result is ProbeResult.OK:  # our token works: the refusal is its own
                self._dead_letter(item, f"{outcome.reason} (refused for this item only: "
                                  "the command centre accepts our heartbeats)",
                                  {"item": item.id, "http_status": outcome.http_status})
            elif probe.result is ProbeResult.AUTH:
                self._hold(item, 0.0, Hold.AUTH, outcome.reason)
            else:
                self._hold(item, 0.0, Hold.LINK, outcome.reason)

    def _sealing(self) -> dict[str, Any]:
        sealer = self.outbox.sealer
        centre = getattr(sealer, "centre", None)
        return {"sealed": sealer.sealed, "kid": getattr(centre, "kid", None),
                "backlog": self.outbox.sealed_backlog()}

    def send_heartbeat(self) -> None:
        """One heartbeat, now, on this thread (tests)."""
        body = heartbeat_body(self.cfg.kiosk.id, self.cfg.storage.data_dir, self.status,
                              self._stats(), self._wall(),
                              sealing=self._sealing())
        self.heartbeat_answered(self.client.heartbeat(self.cfg.kiosk.id, body))
        self._flush(force=True)

    def _start_status_polls(self) -> None:
        due = self.outbox.status_poll_due(self.cfg.uploader.status_window_s,
                                          limit=STATUS_POLLS_PER_ROUND)
        if not due:
            return

        def poll(client: HttpClient) -> list[tuple[str, str]]:
            found = []
            for report_id in due:
                status = client.report_status(report_id)
                if status is not None:
                    found.append((report_id, status))
            return found

        self._control, self._control_kind = self.sender.submit(poll), "status"

    def poll_statuses(self) -> int:
        """Fetch operator statuses of recently delivered reports now (tests)."""
        updated = 0
        for report_id in self.outbox.status_poll_due(self.cfg.uploader.status_window_s,
                                                     limit=STATUS_POLLS_PER_ROUND):
            status = self.client.report_status(report_id)
            if status is not None and self.outbox.set_operator_status(report_id, status):
                updated += 1
        return updated

    def _start_replies(self) -> None:
        """A round of operator messages and lookups, when one is due."""
        if self._reply_job is None and self.link.state is LinkState.UP \
                and not self.stop.is_set() and self.replies.due_in() == 0.0:
            self._reply_job = self.sender.submit(self.replies.job())

    def _replies_done(self, future: Future[Polled]) -> None:
        self._reply_job = None
        try:
            polled = future.result()
        except Exception as exc:  # a bug in a worker must not stop the channel
            event(log, "messages.round_failed", logging.WARNING, error=type(exc).__name__)
            return
        try:
            ack = self.replies.settle(polled)
        except Exception as exc:  # the outbox could not store it: asked again next round
            event(log, "messages.store_failed", logging.ERROR, error=type(exc).__name__)
            return
        if ack is not None and not self.stop.is_set():
            self._reply_job = self.sender.submit(ack)

    # -- the side jobs -----------------------------------------------------------------

    def _stats(self) -> QueueStats:
        return self.outbox.stats().blocked_by(self.link.blocking)

    def write_health(self) -> None:
        self.status.link = self.link.to_dict(self._mono())
        try:
            write_uplink_snapshot(self.cfg.storage.data_dir, self.status, self._stats())
        except OSError as exc:  # a full disk must not stop delivery, only its report
            event(log, "health.write_failed", logging.WARNING, error=exc.strerror)
        self._health_dirty = False

    def _periodic(self) -> None:
        now, t, up = self._mono(), self._timers, self.cfg.uploader
        if self._notifier.watchdog_interval_s is not None and now >= t.watchdog:
            self._notifier.watchdog()
            t.watchdog = now + self._notifier.watchdog_interval_s
        step = self._steps.check()
        if step:
            moved = self.outbox.shift_holds(step)
            event(log, "clock.stepped", logging.WARNING, step_s=round(step, 1),
                  holds_moved=moved)
        self._watch_token()
        idle_control = self._control is None and not self.stop.is_set()
        if idle_control and now >= t.heartbeat and self.link.state is LinkState.UP:
            self._start_heartbeat(probe=False)
        elif idle_control and now >= t.status_poll and self.link.state is LinkState.UP:
            self._start_status_polls()
            t.status_poll = now + up.status_poll_s
        self._start_replies()
        if now >= t.prune:
            self.replies.prune()
            self.outbox.expire_leases()
            pruned = self.outbox.prune(self.cfg.storage.retention_days * 86400.0)
            if pruned:
                event(log, "outbox.pruned", items=pruned)
            t.prune = now + HOUSEKEEPING_EVERY_S
        if t.purge is not None and now >= t.purge:
            t.purge = None if self.outbox.purge_files() else now + 1.0
        if now >= t.health or (self._health_dirty and now >= t.health - HEALTH_EVERY_S + 1):
            self.write_health()
            t.health = now + HEALTH_EVERY_S

    def _watch_token(self) -> None:
        stamp = self.token.file_stamp()
        if stamp != self._token_stamp:  # a technician installed a new token: try it now
            self._token_stamp = stamp
            self.token.refresh()
            self.link.token_changed(self._mono())

    def _wait_s(self) -> float:
        now, t = self._mono(), self._timers
        wake = [self.cfg.uploader.idle_poll_s, t.heartbeat - now, t.status_poll - now,
                t.health - now]
        if self._notifier.watchdog_interval_s is not None:
            wake.append(t.watchdog - now)
        if t.purge is not None:
            wake.append(t.purge - now)
        if self._in_flight or self._control is not None or self._settlement \
                or self._reply_job is not None:
            wake.append(MAX_WAIT_S if not self._settlement else FLUSH_AFTER_S)
        replies = self.replies.due_in()
        if replies is not None and self._reply_job is None:
            wake.append(replies)
        link_wake = self.link.wake_in(now)
        if link_wake is not None:
            wake.append(link_wake)
        gate = self.link.gate(now)
        if gate.send and len(self._in_flight) < self.sender.window:
            due = self.outbox.next_due_in(EMERGENCY_RANK if gate.emergency_only else None)
            if due is not None:
                wake.append(due)
        return min(max(0.002, w) for w in wake)

    # -- the loop ----------------------------------------------------------------------

    def run(self, *, until_empty: bool = False) -> int:
        """Deliver until stopped (or, with `until_empty`, until nothing is pending).

        Exit status: 0, or with `until_empty` 1 when items failed (dead letters) or the
        run was stopped before the queue was empty.
        """
        recovered = self.outbox.recover()
        # A new process knows nothing of the old one's link: its link holds go.
        released = self.outbox.release_holds(Hold.LINK, Hold.AUTH)
        event(log, "uploader.started", recovered_claims=recovered, released_holds=released,
              owner=self.owner, until_empty=until_empty, window=self.sender.window)
        self._notifier.ready()
        try:
            while not self.stop.is_set():
                self._periodic()
                self._fill()
                if self._in_flight or self._control is not None \
                        or self._reply_job is not None:
                    self._collect(self._wait_s())
                else:  # nothing to send now: settle what came in, then wait
                    self._flush(force=True)
                    self.stop.wait(self._wait_s())
                self._flush()
                if until_empty and self._drained():
                    break
            self._finish()
        finally:
            self._notifier.stopping()
            self.sender.close()
            self.write_health()
        stats = self.outbox.stats()
        event(log, "uploader.stopped", pending=stats.pending, failed=stats.failed)
        if until_empty and (stats.pending or stats.failed):
            return 1
        return 0

    def _drained(self) -> bool:
        return not (self._in_flight or self._parked or self._settlement
                    or self.outbox.has_pending())

    def _finish(self) -> None:
        """Stopping: settle every answer still coming, and what waited for a heartbeat."""
        while self._in_flight:
            self._collect(None)
        for item, outcome in self._parked:
            self._hold(item, 0.0, Hold.LINK, outcome.reason)
        self._parked = []
        self._flush(force=True)
        if self._timers.purge is not None:  # personal data leaves the files before exit
            self.outbox.purge_files()
            self._timers.purge = None


def _poster(item: ClaimedItem) -> Callable[[HttpClient], Outcome]:
    return lambda client: client.post_item(item)
