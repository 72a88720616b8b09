"""The uploader's inbound work: the operator's replies and *Cek laporan* lookups.

While a conversation is active (offline_queue.inbound) the uploader asks
`GET {url}/kiosks/{id}/messages?after=<received>` every `[uploader] messages_poll_s`,
stores what came (durably), then confirms it with `POST …/messages/ack {"up_to": n}`
— stored first, acknowledged after, so a crash between the two only repeats an ack.
Lookups waiting for an answer are asked with `GET {url}/reports/by-code/{code}`.

What an answer means is read in two steps: `delivery.classify_read` (the HTTP rules,
one place for every request the uploader makes) and the checks below on the JSON —
each message must be a dict with an int seq, a session of this kiosk's conversations,
a time and a text that obeys `wire.text` and ≤ 280 characters. A bad message is
skipped with a log line (and the cursor moves past it, so one bad row cannot stop the
channel); a bad answer as a whole is retried at the next round, nothing stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from core.conversation import MAX_TEXT
from offline_queue.delivery import HttpClient, Read
from offline_queue.inbound import Inbound, InboundMessage
from wire import categories
from wire.logs import event
from wire.status import OperatorStatus
from wire.text import text_problem
from wire.ticket import normalize_code

log = logging.getLogger("offline_queue.replies")

MAX_MESSAGES = 100        # per answer; more is not an answer the centre gives
LOOKUP_RETRY_S = 2.0      # a lookup the centre did not answer is asked again after this
LOOK_EVERY_S = 0.1        # how often the outbox is read for new conversations and lookups


@dataclass(frozen=True)
class Polled:
    """What one round fetched (made on a sender thread, settled on the loop)."""

    messages: list[InboundMessage] | None = None   # None: not asked or no usable answer
    messages_reason: str = ""
    bad_messages: list[str] = field(default_factory=list)
    acked: int | None = None
    answers: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    failed_lookups: list[tuple[str, str]] = field(default_factory=list)   # (id, reason)
    retry_after_s: float | None = None


def parse_messages(data: Any) -> tuple[list[InboundMessage], list[str]]:
    """The usable messages of a `GET …/messages` body, and why the others are not.
    Raises ValueError when the body as a whole is not the answer."""
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise ValueError("not a messages answer (no 'messages' list)")
    items = data["messages"]
    if len(items) > MAX_MESSAGES:
        raise ValueError(f"more than {MAX_MESSAGES} messages in one answer")
    good: list[InboundMessage] = []
    bad: list[str] = []
    for item in items:
        problem = _message_problem(item)
        if problem is None:
            good.append(InboundMessage(item["seq"], item["session"], item["at"],
                                       " ".join(item["text"].split())))
        else:
            seq = item.get("seq") if isinstance(item, dict) else None
            bad.append(f"seq {seq if isinstance(seq, int) else '?'}: {problem}")
            if isinstance(seq, int) and not isinstance(seq, bool) and 0 < seq < 2**62:
                # Skipped, but the cursor moves past it (it will never become valid).
                good.append(InboundMessage(seq, "", "", ""))
    return good, bad


def _message_problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "not an object"
    seq, session, at, text = (item.get(k) for k in ("seq", "session", "at", "text"))
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 < seq < 2**62:
        return "seq is not a positive integer"
    if not isinstance(session, str) or not 0 < len(session) <= 64 or \
            text_problem(session) is not None:
        return "session is not a session id"
    if not isinstance(at, str) or len(at) > 40 or text_problem(at) is not None:
        return "at is not a time"
    if not isinstance(text, str) or not text.strip():
        return "text is empty"
    if len(text) > MAX_TEXT:
        return f"text is longer than {MAX_TEXT} characters"
    if (why := text_problem(text)) is not None:
        return f"text {why}"
    return None


def parse_lookup(data: Any, code: str) -> dict[str, object]:
    """The stored form of a `GET /reports/by-code/{code}` answer (only the fields the
    kiosk shows). Raises ValueError for anything else."""
    if not isinstance(data, dict) or data.get("code") != code \
            or not isinstance(data.get("found"), bool):
        raise ValueError("not an answer about this code")
    if not data["found"]:
        return {"found": False}
    status = OperatorStatus.parse(data.get("status"))
    if status is None:
        raise ValueError("unknown status")
    answer: dict[str, object] = {"found": True, "status": status.value}
    category = data.get("category")
    if isinstance(category, str) and category in categories.BY_CODE:
        answer["category"] = category
    updated = data.get("updated_at")
    if isinstance(updated, str) and len(updated) <= 40 and text_problem(updated) is None:
        answer["updated_at"] = updated
    return answer


class ReplyPoller:
    """Decides when the next round is due, builds its job, settles its result."""

    def __init__(self, inbound: Inbound, kiosk_id: str, poll_s: float,
                 mono: Callable[[], float]) -> None:
        self.inbound = inbound
        self.kiosk_id = kiosk_id
        self.poll_s = poll_s
        self._mono = mono
        self._next_messages = 0.0
        self._not_before = 0.0   # a Retry-After of the centre
        self._lookup_retry: dict[str, float] = {}
        self._looked = -1.0
        self._work: tuple[bool, list[str]] = (False, [])

    def _state(self, now: float) -> tuple[bool, list[str]]:
        """(conversations to poll, lookup ids waiting), read from the outbox at most
        every LOOK_EVERY_S: the loop asks this between every answer it settles."""
        if now - self._looked >= LOOK_EVERY_S or now < self._looked:
            received, acked = self.inbound.cursor()
            talking = bool(self.inbound.active_sessions()) or received > acked
            self._work = (talking, [i for i, _ in self.inbound.lookups_due()])
            self._looked = now
        return self._work

    def due_in(self) -> float | None:
        """Seconds until a round is due (0: now), or None when nothing is to be asked."""
        now = self._mono()
        talking, lookups = self._state(now)
        wait: list[float] = []
        if talking:
            wait.append(self._next_messages - now)
        if lookups:
            wait.append(min(self._lookup_retry.get(i, 0.0) for i in lookups) - now)
        if not wait:
            # Nothing now; look again soon (a conversation or a lookup may begin).
            return None
        return max(0.0, min(wait), self._not_before - now)

    def changed(self) -> None:
        """Read the outbox again at the next look (after storing a round)."""
        self._looked = -1.0

    def job(self) -> Callable[[HttpClient], Polled]:
        """A round to run on a sender thread (it touches no database)."""
        now = self._mono()
        received, acked = self.inbound.cursor()
        talking = now >= self._next_messages
        ask_messages = talking and bool(self.inbound.active_sessions())
        send_ack = talking and received > acked
        lookups = [(i, c) for i, c in self.inbound.lookups_due()
                   if self._lookup_retry.get(i, 0.0) <= now]
        if talking:   # an ack that keeps failing is tried once a poll, not in a loop
            self._next_messages = now + self.poll_s
        base = f"/kiosks/{quote(self.kiosk_id, safe='')}"

        def run(client: HttpClient) -> Polled:
            result = Polled()
            if send_ack:   # stored earlier, the ack did not get through
                result = _ack(client, base, received, result)
            if ask_messages:
                result = _fetch(client, base, received, result)
            for lookup_id, code in lookups:
                result = _lookup(client, lookup_id, code, result)
            return result
        return run

    def settle(self, polled: Polled) -> Callable[[HttpClient], Polled] | None:
        """Store what a round brought; the ack to send next (a job), if any."""
        now = self._mono()
        self.changed()
        if polled.retry_after_s:
            self._not_before = now + polled.retry_after_s
        if polled.acked is not None:
            self.inbound.mark_acked(polled.acked)
        for lookup_id, answer in polled.answers:
            self.inbound.store_answer(lookup_id, answer)
            self._lookup_retry.pop(lookup_id, None)
        for lookup_id, reason in polled.failed_lookups:
            self._lookup_retry[lookup_id] = now + max(LOOKUP_RETRY_S,
                                                      polled.retry_after_s or 0.0)
            event(log, "lookup.unanswered", logging.WARNING, reason=reason)
        for why in polled.bad_messages:
            event(log, "messages.refused", logging.WARNING, reason=why)
        if polled.messages is None:
            if polled.messages_reason:
                event(log, "messages.unanswered", logging.WARNING,
                      reason=polled.messages_reason)
            return None
        if not polled.messages:   # nothing new: no write (a poll every 0.5 s)
            return None
        usable = [m for m in polled.messages if m.session]
        cursor, dropped = self.inbound.store_messages(polled.messages)
        for seq in dropped:
            if any(m.seq == seq for m in usable):
                event(log, "messages.not_for_a_conversation", logging.WARNING, seq=seq)
        received, acked = self.inbound.cursor()
        if received <= acked:
            return None
        base = f"/kiosks/{quote(self.kiosk_id, safe='')}"
        return lambda client: _ack(client, base, cursor, Polled())

    def prune(self) -> None:
        self.inbound.prune()


def _fetch(client: HttpClient, base: str, after: int, result: Polled) -> Polled:
    read = client.read("GET", f"{base}/messages?after={after}")
    if read.data is None:
        return _with(result, messages_reason=read.reason, retry_after_s=read.retry_after_s)
    try:
        messages, bad = parse_messages(read.data)
    except ValueError as exc:
        return _with(result, messages_reason=str(exc))
    return _with(result, messages=messages, bad_messages=bad)


def _ack(client: HttpClient, base: str, up_to: int, result: Polled) -> Polled:
    read: Read = client.read("POST", f"{base}/messages/ack", {"up_to": up_to})
    if isinstance(read.data, dict):
        return _with(result, acked=up_to)
    event(log, "messages.ack_unanswered", logging.WARNING, reason=read.reason)
    return _with(result, retry_after_s=read.retry_after_s or result.retry_after_s)


def _lookup(client: HttpClient, lookup_id: str, code: str, result: Polled) -> Polled:
    canonical = normalize_code(code)
    if canonical is None:   # never asked: a stored code that is not one
        return _with(result, answers=[*result.answers, (lookup_id, {"found": False})])
    read = client.read("GET", f"/reports/by-code/{quote(canonical, safe='')}")
    if read.data is None:
        return _with(result, failed_lookups=[*result.failed_lookups, (lookup_id, read.reason)],
                     retry_after_s=read.retry_after_s or result.retry_after_s)
    try:
        answer = parse_lookup(read.data, canonical)
    except ValueError as exc:
        return _with(result, failed_lookups=[*result.failed_lookups, (lookup_id, str(exc))])
    return _with(result, answers=[*result.answers, (lookup_id, answer)])


def _with(result: Polled, **changes: Any) -> Polled:
    return replace(result, **changes)
