"""The uploader: the one process that owns the network, delivering the outbox.

Loop: claim a batch of due items (emergency first), POST each, settle each claim by
the answer (see `delivery.classify`). A transient failure also holds the whole uplink
for the backoff delay, driven by the count of consecutive failures, so a command centre
that is down sees one probe per interval rather than one request per queued report.
Between batches: heartbeat, operator-status polls of recently delivered reports,
pruning, the health snapshot and the systemd watchdog.

`stop` is a threading.Event: SIGTERM sets it (see `run_process`), every wait wakes on
it, and the request in flight is finished before the loop returns.
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
from dataclasses import dataclass
from typing import Any

from core.config import Config
from core.sdnotify import Notifier
from offline_queue.delivery import HttpClient, Outcome, Verdict
from offline_queue.items import ClaimedItem
from offline_queue.outbox import Outbox
from offline_queue.retry import RetryPolicy
from offline_queue.uplink import UplinkStatus, heartbeat_body, write_uplink_snapshot
from wire.logs import event

log = logging.getLogger("offline_queue.uploader")

HOUSEKEEPING_EVERY_S = 300.0  # stale leases, pruning
HEALTH_EVERY_S = 10.0  # at least this often; sooner (≥ 1 s apart) after a change
STATUS_POLLS_PER_ROUND = 5


@dataclass
class _Timers:
    heartbeat: float = 0.0
    status_poll: float = 0.0
    prune: float = 0.0
    health: float = 0.0
    watchdog: float = 0.0


class Uploader:
    def __init__(self, cfg: Config, outbox: Outbox, *, client: HttpClient | None = None,
                 clock: Callable[[], float] = time.time, rng: random.Random | None = None,
                 notifier: Notifier | None = None, stop: threading.Event | None = None,
                 owner: str | None = None) -> None:
        self.cfg = cfg
        self.outbox = outbox
        self.client = client or HttpClient(cfg.server, clock=clock)
        self.policy = RetryPolicy.from_config(cfg.uploader)
        self.status = UplinkStatus()
        self.stop = stop or threading.Event()
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._clock = clock
        self._rng = rng or random.Random()
        self._notifier = notifier or Notifier(env={})
        self._failures = 0  # consecutive transient failures: the backoff exponent
        self._hold_until = 0.0
        self._timers = _Timers()
        self._health_dirty = True
        self._delivered: list[tuple[str, str | None]] = []
        # A claim outlives the slowest batch, so only a dead owner's claims expire.
        self._lease_s = cfg.uploader.batch_size * (cfg.server.timeout_s + 5.0) + 60.0

    # -- delivery ----------------------------------------------------------------------

    def deliver_batch(self) -> int:
        """Claim and send one batch; the number of items settled (0: nothing was due)."""
        if self._clock() < self._hold_until:
            return 0
        if self.status.auth_alarm:
            self.client.refresh_token()  # a technician may have rotated token_file
        items = self.outbox.claim(self.cfg.uploader.batch_size, owner=self.owner,
                                  lease_s=self._lease_s)
        try:
            for index, item in enumerate(items):
                if self.stop.is_set():
                    self._release(items[index:])
                    return index
                outcome = self.client.post_item(item)
                self._settle(item, outcome)
                if outcome.verdict in (Verdict.TRANSIENT, Verdict.AUTH):
                    # The uplink is in trouble: the rest wait for the hold, unattempted.
                    self._release(items[index + 1:])
                    return index + 1
            return len(items)
        finally:
            self._flush_delivered()

    def _flush_delivered(self) -> None:
        # One durable commit per batch for its deliveries; see Outbox.mark_delivered_many.
        if self._delivered:
            self.outbox.mark_delivered_many(self._delivered)
            self._delivered = []

    def _release(self, items: list[ClaimedItem]) -> None:
        if items:
            self.outbox.release([i.id for i in items], owner=self.owner)

    def _settle(self, item: ClaimedItem, outcome: Outcome) -> None:
        now = self._clock()
        self._health_dirty = True
        fields: dict[str, Any] = {"item": item.id, "kind": item.kind.value,
                                  "attempt": item.attempts,
                                  "http_status": outcome.http_status}
        if outcome.verdict is Verdict.DELIVERED:
            self._delivered.append((item.id, outcome.status_url))
            self._failures, self._hold_until = 0, 0.0
            self.status.succeeded(now)
            event(log, "item.delivered", **fields)
        elif outcome.verdict is Verdict.FAILED:
            self.outbox.mark_failed(item.id, outcome.reason, owner=self.owner)
            self._failures, self._hold_until = 0, 0.0
            self.status.failed(outcome.reason, now)
            event(log, "item.failed", logging.WARNING, reason=outcome.reason, **fields)
        elif outcome.verdict is Verdict.AUTH:
            delay = self.policy.auth_delay(self._rng)
            self._hold(item, delay, outcome, now)
            self.status.failed(outcome.reason, now, auth=True)
            event(log, "uplink.auth_refused", logging.ERROR, retry_in_s=round(delay, 1),
                  **fields)
        else:
            self._failures += 1
            delay = self.policy.delay(self._failures, self._rng, outcome.retry_after_s)
            self._hold(item, delay, outcome, now)
            self.status.failed(outcome.reason, now)
            event(log, "item.retry", logging.WARNING, reason=outcome.reason,
                  retry_in_s=round(delay, 3), **fields)

    def _hold(self, item: ClaimedItem, delay: float, outcome: Outcome, now: float) -> None:
        self.outbox.reschedule(item.id, delay, outcome.reason, owner=self.owner)
        self._hold_until = now + delay

    # -- the side jobs between batches -------------------------------------------------

    def poll_statuses(self) -> int:
        """Fetch operator statuses of recently delivered reports; the number updated."""
        updated = 0
        due = self.outbox.status_poll_due(self.cfg.uploader.status_window_s,
                                          limit=STATUS_POLLS_PER_ROUND)
        for report_id in due:
            if self.stop.is_set():
                break
            status = self.client.report_status(report_id)
            if status is not None and self.outbox.set_operator_status(report_id, status):
                updated += 1
        return updated

    def send_heartbeat(self) -> None:
        now = self._clock()
        body = heartbeat_body(self.cfg.kiosk.id, self.cfg.storage.data_dir, self.status,
                              self.outbox.stats(), now)
        error = self.client.heartbeat(self.cfg.kiosk.id, body)
        self.status.heartbeat_error = error
        if error is None:
            self.status.last_heartbeat = now
        else:
            event(log, "heartbeat.failed", logging.WARNING, reason=error)
        self._health_dirty = True

    def write_health(self) -> None:
        try:
            write_uplink_snapshot(self.cfg.storage.data_dir, self.status,
                                  self.outbox.stats())
        except OSError as exc:  # a full disk must not stop delivery, only its report
            event(log, "health.write_failed", logging.WARNING, error=exc.strerror)
        self._health_dirty = False

    def _periodic(self) -> None:
        now, t, up = self._clock(), self._timers, self.cfg.uploader
        if self._notifier.watchdog_interval_s is not None and now >= t.watchdog:
            self._notifier.watchdog()
            t.watchdog = now + self._notifier.watchdog_interval_s
        uplink_ok = now >= self._hold_until
        if now >= t.heartbeat and uplink_ok:
            self.send_heartbeat()
            t.heartbeat = now + up.heartbeat_s
        if now >= t.status_poll and uplink_ok:
            self.poll_statuses()
            t.status_poll = now + up.status_poll_s
        if now >= t.prune:
            self.outbox.expire_leases()
            pruned = self.outbox.prune(self.cfg.storage.retention_days * 86400.0)
            if pruned:
                event(log, "outbox.pruned", items=pruned)
            t.prune = now + HOUSEKEEPING_EVERY_S
        if now >= t.health or (self._health_dirty and now >= t.health - HEALTH_EVERY_S + 1):
            self.write_health()
            t.health = now + HEALTH_EVERY_S

    def _idle_wait(self) -> float:
        now, t = self._clock(), self._timers
        wake = [self.cfg.uploader.idle_poll_s, t.heartbeat - now, t.status_poll - now,
                t.health - now]
        if self._notifier.watchdog_interval_s is not None:
            wake.append(t.watchdog - now)
        due = self.outbox.next_due_in()
        if due is not None:
            wake.append(max(due, self._hold_until - now))
        return min(max(0.005, w) for w in wake)

    # -- the loop ----------------------------------------------------------------------

    def run(self, *, until_empty: bool = False) -> int:
        """Deliver until stopped (or, with `until_empty`, until nothing is pending).

        Exit status: 0, or with `until_empty` 1 when items failed (dead letters) or the
        run was stopped before the queue was empty.
        """
        recovered = self.outbox.recover()
        event(log, "uploader.started", recovered_claims=recovered, owner=self.owner,
              until_empty=until_empty)
        self._notifier.ready()
        try:
            while not self.stop.is_set():
                self._periodic()
                worked = self.deliver_batch()
                if until_empty and not self.outbox.has_pending():
                    break
                if not worked:
                    self.stop.wait(self._idle_wait())
        finally:
            self._notifier.stopping()
            self.write_health()
        stats = self.outbox.stats()
        event(log, "uploader.stopped", pending=stats.pending, failed=stats.failed)
        if until_empty and (stats.pending or stats.failed):
            return 1
        return 0
