"""Forwarding reports to partner agencies as CAP 1.2 over HTTPS POST (issue 16).

The tables are the truth (`Store.reports_changed_since`, `forwards`): a loop on its own
thread, in the centre's process,
1. looks at reports of a routed category that changed since it last looked (received,
   or acted on by an operator) and queues every CAP message of each one's sequence —
   the Alert, an Update or Cancel per action — for every partner whose routing row
   names the category (`ensure_forward`: once per partner and CAP identifier);
2. claims due forwards under a lease, renders each message (validated against the
   OASIS XSD and our rules; an invalid one is a dead letter, never sent) and POSTs it;
3. settles each answer with the kiosk's delivery rules (offline_queue.delivery):
   delivered only on a 2xx whose JSON echoes our identifier; 408, 429 and 5xx, no
   answer, or a 2xx without the echo: again after `Retry-After` or a backoff with full
   jitter; any other 4xx: a dead letter, shown on the report page. Every outcome is
   audited (actor "forwarder").

Nothing is lost on a restart: a claim not settled comes back when its lease ends, and
the partner takes a repeated identifier as the same alert, so a fire report reaches
the Damkar exactly once however often the receiver fails or restarts. What goes out:
the CAP alert with the description and the free-text place (what a crew needs), never
the reporter's name, phone or NIK.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from command_center import cap_check, cap_rows, personal
from command_center.cap import Sender
from command_center.keyring import Keyring
from command_center.model import Forward, Partner, ReportRow
from command_center.store import Store
from command_center.worker import Worker
from wire.backoff import backoff_bound
from wire.logs import event

log = logging.getLogger("command_center.forwarding")
ACTOR = "forwarder"
CAP_MEDIA = "application/cap+xml"
# Looked at again a little before the last change seen: two changes in the same
# instant, or written out of order by two centre processes, are not skipped.
OVERLAP_S = 5.0


@dataclass(frozen=True)
class Policy:
    """The kiosk uploader's rules, for the centre's outbox."""

    poll_s: float = 0.5
    timeout_s: float = 10.0
    backoff_base_s: float = 1.0
    backoff_factor: float = 2.0
    backoff_cap_s: float = 300.0
    lease_s: float = 60.0
    batch: int = 16

    def backoff(self, attempts: int, rng: random.Random) -> float:
        """Full jitter under the exponential bound (as the kiosk's RetryPolicy)."""
        return rng.uniform(0, backoff_bound(self.backoff_base_s, self.backoff_factor,
                                            self.backoff_cap_s, attempts))


@dataclass(frozen=True)
class Verdict:
    delivered: bool = False
    failed: bool = False
    retry_after_s: float | None = None
    reason: str = ""


def classify(status: int | None, body: bytes, identifier: str,
             retry_after: str | None) -> Verdict:
    """A partner's answer, as the kiosk's uploader reads the centre's."""
    if status is None:
        return Verdict(reason="no answer from the partner")
    if 200 <= status < 300:
        try:
            echoed = json.loads(body).get("identifier")
        except (ValueError, AttributeError):
            echoed = None
        if echoed == identifier:
            return Verdict(delivered=True)
        return Verdict(reason=f"{status} without our identifier (not the partner?)")
    if status in (408, 429) or status >= 500:
        return Verdict(retry_after_s=_retry_after(retry_after), reason=f"busy ({status})")
    if 400 <= status < 500:
        return Verdict(failed=True, reason=f"refused ({status}): {body[:200]!r}")
    return Verdict(reason=f"unexpected answer {status}")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def partner_token(keyring: Keyring, partner_id: str) -> str | None:
    """The bearer token the partner gave us (`<keys-dir>/partners/<id>.token`, 0600):
    a secret, so it is kept with the keys, not in the database."""
    path = keyring.dir / "partners" / f"{partner_id}.token"
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def save_partner_token(keyring: Keyring, partner_id: str, token: str) -> Path:
    directory = keyring.dir / "partners"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / f"{partner_id}.token"
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    from wire.keys import write_new
    write_new(tmp, token.strip().encode("utf-8") + b"\n", 0o600)
    tmp.replace(path)
    return path


class Forwarder(Worker):
    def __init__(self, store: Store, keyring: Keyring, sender: Sender, *,
                 policy: Policy | None = None, clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None) -> None:
        self.store = store
        self.keyring = keyring
        self.sender = sender
        self.policy = policy or Policy()
        super().__init__("cap-forwarder", join_s=self.policy.timeout_s + 5)
        self._clock = clock
        self._rng = rng or random.Random()
        self._since = 0.0
        self._http = requests.Session()
        self._http.trust_env = False

    # -- the loop ----------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception as exc:   # the loop outlives any one failure
                event(log, "forward.loop_failed", logging.ERROR, error=type(exc).__name__)
                busy = 0
            if not busy:
                self._stop.wait(self.policy.poll_s)

    def run_once(self) -> int:
        """Queue what changed, send what is due; how many forwards were attempted."""
        partners = [p for p in self.store.partners() if p.enabled]
        self.queue_changes(partners)
        due = self.store.claim_forwards(self._clock(), self.policy.batch,
                                        self.policy.lease_s)
        by_id = {p.id: p for p in partners}
        for forward in due:
            self._send(forward, by_id.get(forward.partner_id))
        return len(due)

    # -- 1: what to send ------------------------------------------------------------

    def queue_changes(self, partners: list[Partner]) -> int:
        routed = sorted({c for p in partners for c in p.categories})
        queued = 0
        for row in self.store.reports_changed_since(max(0.0, self._since - OVERLAP_S),
                                                    routed):
            messages = 1 + len(self.store.changes(row.id))
            for partner in partners:
                if row.category in partner.categories:
                    for n in range(messages):
                        identifier = row.id if n == 0 else f"{row.id}.{n}"
                        queued += self.store.ensure_forward(row.id, partner.id, n,
                                                            identifier, self._clock())
            self._since = max(self._since, row.updated_at)
        return queued

    # -- 2 and 3: send and settle -----------------------------------------------------

    def _send(self, forward: Forward, partner: Partner | None) -> None:
        now = self._clock()
        if partner is None:
            self._retry(forward, "the partner is disabled or gone")
            return
        try:
            xml = self.render(forward, partner)
        except LookupError as exc:
            self._fail(forward, partner, str(exc))
            return
        if problems := cap_check.problems(xml):
            self._fail(forward, partner, "invalid CAP, not sent: " + "; ".join(problems)[:300])
            return
        headers = {"Content-Type": CAP_MEDIA, "Idempotency-Key": forward.identifier}
        if token := partner_token(self.keyring, partner.id):
            headers["Authorization"] = f"Bearer {token}"
        try:
            r = self._http.post(partner.url, data=xml, headers=headers,
                                timeout=self.policy.timeout_s, allow_redirects=False)
            verdict = classify(r.status_code, r.content, forward.identifier,
                               r.headers.get("Retry-After"))
        except requests.RequestException as exc:
            verdict = classify(None, b"", forward.identifier, None)
            verdict = Verdict(reason=f"{verdict.reason}: {type(exc).__name__}")
        if verdict.delivered:
            self.store.settle_forward(forward.seq, now=now, delivered=True)
            self.store.audit(ACTOR, "forward.delivered",
                             f"{forward.identifier} to {partner.id}", now)
            event(log, "forward.delivered", id=forward.report_id, partner=partner.id,
                  message=forward.message, attempts=forward.attempts)
        elif verdict.failed:
            self._fail(forward, partner, verdict.reason)
        else:
            delay = verdict.retry_after_s
            if delay is None:
                delay = self.policy.backoff(forward.attempts, self._rng)
            self._retry(forward, verdict.reason, min(delay, self.policy.backoff_cap_s))

    def render(self, forward: Forward, partner: Partner) -> bytes:
        row = self.store.report(forward.report_id)
        if row is None:
            raise LookupError(f"report {forward.report_id} is not in the store")
        shown, problem = personal.revealed(row, self.keyring)
        changes = self.store.changes(row.id)
        messages = cap_rows.messages(shown, _body_dict(shown), changes,
                                     include_personal=problem is None, sender=self.sender,
                                     addresses=partner.id)
        if forward.message >= len(messages):
            raise LookupError(f"message {forward.message} of {forward.report_id} does "
                              "not exist")
        return messages[forward.message].xml

    def _retry(self, forward: Forward, reason: str, delay: float = 0.0) -> None:
        now = self._clock()
        self.store.settle_forward(forward.seq, now=now, retry_at=now + delay, error=reason)
        event(log, "forward.retry", logging.WARNING, id=forward.report_id,
              partner=forward.partner_id, reason=reason, delay_s=round(delay, 2))

    def _fail(self, forward: Forward, partner: Partner, reason: str) -> None:
        now = self._clock()
        self.store.settle_forward(forward.seq, now=now, failed=True, error=reason)
        self.store.audit(ACTOR, "forward.failed",
                         f"{forward.identifier} to {partner.id}: {reason}"[:500], now)
        event(log, "forward.failed", logging.ERROR, id=forward.report_id,
              partner=partner.id, reason=reason)


def _body_dict(row: ReportRow) -> dict[str, Any]:
    return row.body if isinstance(row.body, dict) else {}
