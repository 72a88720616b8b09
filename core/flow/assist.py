"""*Saya tidak bisa bicara / mendengar*: a call with a caller who cannot speak or hear.

Touching it on the call screen (1) says a message on the loudspeaker, in Indonesian
for the operator on the line: who is calling from where (station, kiosk); (2) flags
the call to the command centre (`call.assist_requested`, through the outbox); and
(3) turns the call screen into a conversation: the caller answers with pre-set phrases
or typed text (`call.text` events), and the operator's replies appear as the uploader
stores them (`core.conversation.OperatorMessages`, read in the store lane).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from core.conversation import (
    ASSIST_REQUESTED,
    MAX_TEXT,
    TEXT_SENT,
    Message,
    OperatorMessages,
    Phrase,
    Sender,
)
from core.jobs import Failed, Jobs, Lane, Result
from wire.categories import Priority
from wire.logs import event
from wire.report import Event, KioskInfo
from wire.text import text_problem

log = logging.getLogger("core.flow")

# Said into the call for the operator, whatever the screen's language.
OPERATOR_MESSAGE = ("Pesan otomatis untuk petugas 110. Penelepon di anjungan {station}, "
                    "nomor anjungan {kiosk}, tidak dapat berbicara atau mendengar. "
                    "Penelepon membaca pesan Anda di layar dan menjawab dengan teks.")


class AssistView(Protocol):
    def conversation_changed(self) -> None: ...


class Assist:
    def __init__(self, view: Callable[[], AssistView], kiosk: KioskInfo, jobs: Jobs, *,
                 record: Callable[[Event], None], announce: Callable[[str, str], None],
                 messages: Callable[[], OperatorMessages] | None) -> None:
        self._view = view
        self.kiosk = kiosk
        self.jobs = jobs
        self._record = record       # queues an event in the outbox
        self._announce = announce   # (text, language) on the loudspeaker
        self._messages = messages   # None: this kiosk cannot show replies yet
        self.active = False
        self.session = ""
        self.lines: list[Message] = []
        self._after = 0

    @property
    def replies_available(self) -> bool:
        return self._messages is not None

    def operator_message(self) -> str:
        return OPERATOR_MESSAGE.format(station=self.kiosk.station, kiosk=self.kiosk.id)

    def request(self, session: str, number: str) -> None:
        """The caller cannot speak or hear: tell the operator, flag the call."""
        first = not self.active or self.session != session
        self.active, self.session = True, session
        self._announce(self.operator_message(), "id")
        if first:
            self._record(Event.create(
                kiosk=self.kiosk, type=ASSIST_REQUESTED, priority=Priority.EMERGENCY,
                data={"session": session, "number": number, "station": self.kiosk.station,
                      "replies_shown": self.replies_available}))
            event(log, "call.assist_requested")
        self._view().conversation_changed()

    def send_phrase(self, phrase: Phrase, words: str, language: str) -> None:
        self._send(words, language, phrase=phrase.value)

    def send_text(self, text: str, language: str) -> str | None:
        """Send a typed answer; the reason it cannot be sent, or None when sent."""
        clean = " ".join(text.split())
        if not clean:
            return "empty"
        if len(clean) > MAX_TEXT or text_problem(clean) is not None:
            return "invalid"
        self._send(clean, language)
        return None

    def _send(self, words: str, language: str, phrase: str = "") -> None:
        if not self.active:
            return
        data: dict[str, object] = {"session": self.session, "text": words,
                                   "language": language}
        if phrase:
            data["phrase"] = phrase
        self._record(Event.create(kiosk=self.kiosk, type=TEXT_SENT,
                                  priority=Priority.EMERGENCY, data=data))
        self.lines.append(Message(Sender.CALLER, words))
        self._view().conversation_changed()

    def poll(self) -> None:
        """Fetch the operator's new replies (the call screen's timer while active)."""
        if not self.active or self._messages is None:
            return
        source, session, after = self._messages, self.session, self._after
        self.jobs.run(Lane.STORE, lambda: source().operator_messages(session, after),
                      lambda result: self._polled(session, result))

    def _polled(self, session: str, result: Result[list[Message]]) -> None:
        if isinstance(result, Failed) or session != self.session or not self.active:
            return
        fresh = [m for m in result.value if m.seq > self._after]
        if not fresh:
            return
        self._after = max(m.seq for m in fresh)
        self.lines.extend(fresh)
        self._view().conversation_changed()

    def reset(self) -> None:
        """Forget the conversation (the session ended, or a new call began)."""
        if self.active and self._messages is not None:
            source, session = self._messages, self.session
            self.jobs.run(Lane.STORE, lambda: source().conversation_ended(session),
                          _ended)
        self.active, self.session, self.lines, self._after = False, "", [], 0


def _ended(result: Result[None]) -> None:
    if isinstance(result, Failed):   # the uploader stops on its own after an hour
        event(log, "conversation.end_failed", logging.WARNING,
              error=type(result.error).__name__)
