"""The text channel of a call with a caller who cannot speak or hear.

Kiosk → centre: events through the outbox like every other event (`call.assist_
requested` once, then one `call.text` per answer; docs/api.md "Text channel").
Centre → kiosk: the operator's replies, which only the uploader can fetch (the UI
process has no network). The uploader polls `GET {url}/kiosks/{id}/messages?after=…`
into the outbox; the flow reads them in the store lane through `OperatorMessages`.
The outbox tables and the polling are `offline_queue.inbound` / `offline_queue.replies`;
a kiosk built without them (`messages=None`) says that replies cannot be shown, and
the operator still hears the spoken message and sees the flag and every answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

# Event types (kiosk → centre), and the size of one typed answer: wire names.
from wire.conversation import ASSIST_REQUESTED, MAX_TEXT, TEXT_SENT

__all__ = ["ASSIST_REQUESTED", "MAX_TEXT", "TEXT_SENT", "Message", "OperatorMessages",
           "Phrase", "Sender"]


class Phrase(StrEnum):
    """Pre-set answers a caller touches instead of typing; sent as their code and
    their words in the caller's language (the operator's page shows both)."""

    YES = "yes"
    NO = "no"
    NEED_POLICE = "need_police"
    NEED_AMBULANCE = "need_ambulance"
    IN_DANGER = "in_danger"
    SAFE_NOW = "safe_now"
    INJURED = "injured"
    STILL_HERE = "still_here"


class Sender(StrEnum):
    OPERATOR = "operator"
    CALLER = "caller"


@dataclass(frozen=True)
class Message:
    """One line of the conversation as the screen shows it. `seq` orders the
    operator's messages (the centre's `after` cursor); the caller's own lines have 0."""

    sender: Sender
    text: str
    seq: int = 0
    at: str = ""   # RFC 3339, the centre's time for an operator message


class OperatorMessages(Protocol):
    """The operator's replies for one kiosk session, as stored by the uploader."""

    def operator_messages(self, session: str, after: int) -> list[Message]:
        """Messages for `session` with `seq > after`, oldest first (store lane)."""

    def conversation_ended(self, session: str) -> None:
        """The conversation left the screen (store lane): the uploader stops polling
        for it and its messages are deleted (they are personal data)."""
