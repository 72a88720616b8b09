"""The text channel at the centre (issue 15): an operator's replies to a kiosk session.

A reply is for one kiosk and one of its sessions (the caller flagged the call with
`call.assist_requested`, or filed a report in that session). Each kiosk's replies are
numbered `seq` 1, 2, … in the order written; the kiosk's uploader fetches those after
its cursor and acknowledges them (`delivered_at`), which the operator's page shows as
"delivered to the kiosk". The rules a reply's text obeys live here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from command_center.model import EventRow
from command_center.rows import Reader
from wire.conversation import ASSIST_REQUESTED, MAX_TEXT, TEXT_SENT
from wire.text import text_problem

MAX_REPLY = MAX_TEXT      # as the kiosk's own answers
MAX_SESSION = 64
CALL_TYPES = ("call.started", ASSIST_REQUESTED, TEXT_SENT)


@dataclass(frozen=True)
class KioskMessage:
    kiosk_id: str
    seq: int
    session: str
    text: str
    operator: str
    created_at: float
    delivered_at: float | None = None

    @property
    def delivered(self) -> bool:
        return self.delivered_at is not None


class ReplyRefused(ValueError):
    """A reply that cannot be sent; the message says why, without the text."""


def clean_reply(text: str) -> str:
    """The reply as it is stored and sent: one line, ≤ MAX_REPLY, free-text rules of
    `wire.text` (ReplyRefused otherwise)."""
    clean = " ".join(text.split())
    if not clean:
        raise ReplyRefused("the reply is empty")
    if len(clean) > MAX_REPLY:
        raise ReplyRefused(f"the reply is longer than {MAX_REPLY} characters")
    if (why := text_problem(clean)) is not None:
        raise ReplyRefused(f"the reply {why}")
    return clean


def valid_session(session: str) -> bool:
    return 0 < len(session) <= MAX_SESSION and text_problem(session) is None \
        and "/" not in session


def message_row(row: Mapping[str, Any]) -> KioskMessage:
    r = Reader(row)
    seq = r.number("seq")
    return KioskMessage(kiosk_id=r.text("kiosk_id"), seq=int(seq or 0),
                        session=r.text("session"), text=r.text("text"),
                        operator=r.text("operator"),
                        created_at=r.required_number("created_at"),
                        delivered_at=r.number("delivered_at"))


def session_lines(events: list[EventRow], session: str) -> list[EventRow]:
    """The kiosk's call events of this session, oldest first."""
    return sorted((e for e in events if e.data.get("session") == session),
                  key=lambda e: e.received_at)
