"""Stand-in devices for rendering screens without hardware (screenshots, benchmarks).

They implement core.ports with no I/O: the phone stays idle unless told, the printer
prints instantly, the speaker is silent. The real kiosk never uses them; a kiosk
without a device gets hardware's own "not installed" objects instead.
"""

from __future__ import annotations

from core.conversation import Message
from core.health import Health, Level
from core.lookup import LookupAnswer
from core.ports import (
    CallListener,
    CallPhase,
    CallStatus,
    HookListener,
    PrinterState,
    PrintResult,
    Ticket,
)
from wire.report import Event, Report
from wire.status import OperatorStatus
from wire.ticket import ticket_code


class StandInPhone:
    def __init__(self) -> None:
        self.listeners: list[CallListener] = []
        self.current = CallStatus(CallPhase.IDLE)
        self.dialled = 0

    def call_emergency(self) -> None:
        self.dialled += 1

    def call(self, number: str) -> None:
        self.dialled += 1

    def hang_up(self) -> None:
        pass

    def status(self) -> CallStatus:
        return self.current

    def subscribe(self, listener: CallListener) -> None:
        self.listeners.append(listener)

    def health(self) -> Health:
        return Health("modem", Level.OK, "stand-in")

    def close(self) -> None:
        pass


class StandInHook:
    def __init__(self) -> None:
        self.listeners: list[HookListener] = []

    def is_off_hook(self) -> bool:
        return False

    def subscribe(self, listener: HookListener) -> None:
        self.listeners.append(listener)

    def health(self) -> Health:
        return Health("hook", Level.OK, "stand-in")

    def close(self) -> None:
        pass


class StandInPrinter:
    def __init__(self) -> None:
        self.printed: list[Ticket] = []

    def state(self) -> PrinterState:
        return PrinterState.ONLINE

    def print_ticket(self, ticket: Ticket) -> PrintResult:
        self.printed.append(ticket)
        return PrintResult(True, PrinterState.ONLINE)

    def health(self) -> Health:
        return Health("printer", Level.OK, "stand-in")

    def close(self) -> None:
        pass


class SilentSpeaker:
    """Records what it was asked to say (the last 200 prompts) and at what volume."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.volume = 1.0
        self.stops = 0
        self.count = 0   # every `say`, also those no longer kept in `said`

    def say(self, text: str, language: str) -> None:
        self.count += 1
        self.said.append((text, language))
        del self.said[:-200]

    def stop(self) -> None:
        self.stops += 1

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def health(self) -> Health:
        return Health("speech", Level.OK, "stand-in")

    def close(self) -> None:
        pass


class MemoryStore:
    """The flow's store seam (what the outbox offers), in memory: the screenshots', the
    demo-less renderers' and the tests' (never used by the real app). `fail`: every
    report's commit fails, as on a full disk."""

    def __init__(self, fail: bool = False) -> None:
        self.items: list[Report | Event] = []
        self.fail = fail
        self.status: str | None = None
        self.delivered: set[str] = set()

    def enqueue_report(self, report: Report) -> None:
        if self.fail:
            raise OSError("disk full")
        self.items.append(report)

    def enqueue_event(self, event: Event) -> None:
        self.items.append(event)

    def operator_status(self, report_id: str) -> OperatorStatus | None:
        return OperatorStatus.parse(self.status) if self.status else None

    def is_delivered(self, report_id: str) -> bool:
        return report_id in self.delivered

    def report_by_code(self, code: str) -> Report | None:
        found = [r for r in self.items if isinstance(r, Report) and ticket_code(r.id) == code]
        return found[-1] if found else None

    def events(self, kind: str) -> list[Event]:
        return [e for e in self.items if isinstance(e, Event) and e.type == kind]

    def reports(self) -> list[Report]:
        return [r for r in self.items if isinstance(r, Report)]


class MemoryConversation:
    """Operator replies the test or the renderer puts in (in the app: the uploader's,
    through the outbox)."""

    def __init__(self) -> None:
        self.replies: list[tuple[str, Message]] = []

    def operator_messages(self, session: str, after: int) -> list[Message]:
        return [m for s, m in self.replies if s == session and m.seq > after]

    def conversation_ended(self, session: str) -> None:
        self.replies = [(s, m) for s, m in self.replies if s != session]


class MemoryLookup:
    """The centre's answers to lookups, keyed by code (in the app: the uploader's,
    through the outbox)."""

    def __init__(self) -> None:
        self.answers: dict[str, LookupAnswer] = {}
        self.asked: list[str] = []

    def ask(self, code: str) -> str:
        self.asked.append(code)
        return code

    def answer(self, lookup_id: str) -> LookupAnswer | None:
        return self.answers.get(lookup_id)
