"""What the uplink is doing, judged from evidence: the one place that decides whether
the uploader may send, and what it must find out first.

A single failed request proves little: on a lossy station link two requests in three
may get through. So one item's failure only makes that item wait (its hold, written by
the uploader); the link as a whole stops only on evidence about the link:

- DOWN after `down_after` failures in a row with no answer from the command centre
  (connection refused or reset, timeouts, TLS, captive portal). Then no item is sent;
  a heartbeat probes — at once, then after `probe_min_s`, doubling to `probe_max_s` —
  and the first answer from the centre (a probe, or a request still in flight) ends it.
  After an outage every kiosk of a fleet comes back at once, so the first `jitter`
  seconds after a long one (≤ `recovery_jitter_s`, a tenth of the outage) carry only
  emergencies.
- BUSY after `busy_after` busy answers in a row (5xx, 408, 429): a pause as long as the
  longest Retry-After among them, exactly; without one, backoff with full jitter.
- CHECKING when an item was refused with 401/403 (or another 4xx than 400/422): is it
  this item, or our token or URL? A heartbeat says: accepted → the item's own refusal;
  refused → AUTH.
- AUTH while the centre refuses our token on a heartbeat: a heartbeat every
  `auth_retry_s` (sooner if token_file changes) until it is accepted.

Time is the monotonic clock only: a wall clock stepped back or forth changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum

from core.config import UploaderSection
from offline_queue.delivery import Probe, ProbeResult, Verdict
from offline_queue.items import Hold
from offline_queue.retry import RetryPolicy

OUTAGE_SHARE_OF_JITTER = 0.1  # the recovery spread grows with the outage: 60 s → 6 s max


class LinkState(StrEnum):
    UP = "up"
    DOWN = "down"
    BUSY = "busy"
    CHECKING = "checking"
    AUTH = "auth"


@dataclass(frozen=True)
class LinkPolicy:
    down_after: int = 3
    busy_after: int = 3
    probe_min_s: float = 0.5
    probe_max_s: float = 3.0
    recovery_jitter_s: float = 2.0
    backoff: RetryPolicy = field(default_factory=RetryPolicy)

    @classmethod
    def from_config(cls, up: UploaderSection) -> LinkPolicy:
        return cls(down_after=up.link_down_after, busy_after=up.busy_after,
                   probe_min_s=up.probe_min_s, probe_max_s=up.probe_max_s,
                   recovery_jitter_s=up.recovery_jitter_s,
                   backoff=RetryPolicy.from_config(up))


@dataclass(frozen=True)
class Gate:
    send: bool  # items may be claimed and sent
    emergency_only: bool = False  # …only emergencies (the recovery spread)
    probe: bool = False  # a heartbeat should go now


class LinkMonitor:
    def __init__(self, policy: LinkPolicy, rng: random.Random, now: float) -> None:
        self.policy = policy
        self._rng = rng
        self.state = LinkState.UP
        self.since = now
        self.reason = ""
        self._no_answer = 0  # requests in a row that got no answer from the centre
        self._busy = 0  # busy answers in a row
        self._busy_retry_after: float | None = None
        self._pauses = 0  # busy pauses since the last success: their backoff exponent
        self._probes = 0  # failed probes of this outage
        self._until = now  # BUSY: end of the pause; DOWN/AUTH: next probe
        self._emergency_only_until = now
        self.answers = 0  # server answers seen: a clock for "others got through since"

    # -- evidence --------------------------------------------------------------------

    def item_result(self, verdict: Verdict, reason: str, now: float,
                    retry_after_s: float | None = None) -> None:
        if verdict in (Verdict.DELIVERED, Verdict.FAILED):
            self._answered(now)
        elif verdict is Verdict.BUSY:
            self._busy_answer(reason, now, retry_after_s)
        elif verdict is Verdict.LINK:
            self._no_answer_seen(reason, now)
        elif self.state is not LinkState.AUTH:  # SUSPECT: the centre answered
            self.answers += 1
            self._no_answer = 0
            self._enter(LinkState.CHECKING, reason, now)

    def probe_result(self, probe: Probe, now: float, *, auth_delay_s: float) -> None:
        """A heartbeat's answer (a probe of a down link, or the regular one)."""
        result = probe.result
        if result is ProbeResult.OK:
            self._answered(now, probe=True)
        elif result is ProbeResult.AUTH:
            self.answers += 1
            self._no_answer = 0
            self._enter(LinkState.AUTH, probe.reason, now)
            self._until = now + auth_delay_s
        elif result is ProbeResult.BUSY:
            if self.state in (LinkState.DOWN, LinkState.CHECKING):
                self._pause(probe.reason, now, probe.retry_after_s)
            else:
                self._busy_answer(probe.reason, now, probe.retry_after_s)
        elif self.state in (LinkState.DOWN, LinkState.CHECKING):  # LINK or WRONG
            self._probes += 1
            if self.state is LinkState.CHECKING:
                self._enter(LinkState.DOWN, probe.reason, now)
            self.reason = probe.reason
            self._until = now + self._probe_delay()
        elif self.state is LinkState.AUTH:
            self._until = now + auth_delay_s
        elif result is ProbeResult.LINK:
            self._no_answer_seen(probe.reason, now)

    def token_changed(self, now: float) -> None:
        """token_file was rewritten: while refused, probe again at once."""
        if self.state is LinkState.AUTH:
            self._until = now

    # -- what may happen now ---------------------------------------------------------

    def gate(self, now: float) -> Gate:
        if self.state is LinkState.BUSY and now >= self._until:
            self._enter(LinkState.UP, "", now)
        if self.state is LinkState.UP:
            return Gate(send=True, emergency_only=now < self._emergency_only_until)
        if self.state is LinkState.CHECKING:
            return Gate(send=False, probe=True)
        if self.state in (LinkState.DOWN, LinkState.AUTH):
            return Gate(send=False, probe=now >= self._until)
        return Gate(send=False)

    def wake_in(self, now: float) -> float | None:
        """Seconds until the gate may change by itself (None: only evidence changes it)."""
        if self.state is LinkState.UP:
            left = self._emergency_only_until - now
            return left if left > 0 else None
        if self.state in (LinkState.BUSY, LinkState.DOWN, LinkState.AUTH):
            return max(0.0, self._until - now)
        return None

    @property
    def blocking(self) -> Hold | None:
        """What every item waits for while the link is not up (None: nothing)."""
        if self.state is LinkState.AUTH:
            return Hold.AUTH
        if self.state is LinkState.UP:
            return None
        return Hold.LINK

    def to_dict(self, now: float) -> dict[str, object]:
        wake = self.wake_in(now)
        return {"state": self.state.value, "for_s": round(now - self.since, 1),
                "reason": self.reason or None,
                "next_change_in_s": None if wake is None else round(wake, 1)}

    # -- transitions -----------------------------------------------------------------

    def _enter(self, state: LinkState, reason: str, now: float) -> None:
        if state is not self.state:
            self.state, self.since = state, now
        self.reason = reason

    def _answered(self, now: float, *, probe: bool = False) -> None:
        self.answers += 1
        self._no_answer = self._busy = self._pauses = self._probes = 0
        self._busy_retry_after = None
        if self.state is LinkState.CHECKING and not probe:
            return  # only a heartbeat tells an item's refusal from our token's
        if self.state is LinkState.DOWN:
            outage = now - self.since
            spread = min(self.policy.recovery_jitter_s, OUTAGE_SHARE_OF_JITTER * outage)
            self._emergency_only_until = now + self._rng.uniform(0.0, spread)
        if self.state is not LinkState.UP:
            self._enter(LinkState.UP, "", now)

    def _no_answer_seen(self, reason: str, now: float) -> None:
        self._no_answer += 1
        if self.state is LinkState.UP and self._no_answer >= self.policy.down_after:
            self._enter(LinkState.DOWN, reason, now)
            self._probes = 0
            self._until = now  # probe at once: a short blip costs one heartbeat

    def _busy_answer(self, reason: str, now: float, retry_after_s: float | None) -> None:
        self.answers += 1
        self._no_answer = 0
        self._busy += 1
        if retry_after_s is not None:
            self._busy_retry_after = max(self._busy_retry_after or 0.0, retry_after_s)
        if self.state is LinkState.UP and self._busy >= self.policy.busy_after:
            self._pause(reason, now, self._busy_retry_after)

    def _pause(self, reason: str, now: float, retry_after_s: float | None) -> None:
        self._pauses += 1
        delay = self.policy.backoff.delay(self._pauses, self._rng, retry_after_s)
        self._enter(LinkState.BUSY, reason, now)
        self._until = now + delay
        self._busy = 0
        self._busy_retry_after = None

    def _probe_delay(self) -> float:
        bound = min(self.policy.probe_max_s,
                    self.policy.probe_min_s * 2.0 ** max(0, self._probes - 1))
        return bound * self._rng.uniform(0.8, 1.2)
