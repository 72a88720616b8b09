"""The one set of stand-in devices: for rendering screens without hardware
(screenshots, benchmarks) and for the tests' fakes (tests/contracts/test_devices.py runs
each device's contract against them).

They implement core.ports with no I/O: the phone stays idle unless told, the printer
prints instantly, the speaker is silent; their state can be set, they record what they
were asked, and they call their subscribers from a thread of their own, as the real
drivers do. The real kiosk never uses them; a kiosk without a device gets hardware's
own "not installed" objects instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from core.conversation import Message
from core.health import Health, Level
from core.lookup import LookupAnswer
from core.ports import (
    CallListener,
    CallPhase,
    CallStatus,
    EndReason,
    HookListener,
    PrinterState,
    PrintResult,
    Ticket,
)
from wire.report import Event, Report
from wire.status import OperatorStatus
from wire.ticket import ticket_code


def on_a_driver_thread(fn: Callable[[], object]) -> None:
    """Run `fn` on a thread of its own and wait for it: real drivers call listeners from
    their reader threads, so a test through a stand-in also proves the callback is
    marshalled (onto the Qt thread, under the flow's lock)."""
    thread = threading.Thread(target=fn, name="stand-in-driver")
    thread.start()
    thread.join()


class StandInPhone:
    """A modem that dials nothing. It records what it was asked (`emergency_calls`,
    the numbers of `dialled` test calls, `hangups`); with `progresses` it also tells
    its subscribers (from a driver thread) that a call is dialling and, on hang-up,
    ended, as the real driver does. `publish` puts it in any state."""

    def __init__(self, *, progresses: bool = False, shown: Health | None = None) -> None:
        self.listeners: list[CallListener] = []
        self.current = CallStatus(CallPhase.IDLE)
        self.progresses = progresses
        self.shown = shown or Health("modem", Level.OK, "stand-in")
        self.emergency_calls = 0
        self.dialled: list[str] = []
        self.hangups = 0

    def call_emergency(self) -> None:
        self.emergency_calls += 1
        if self.progresses:
            self.publish(CallStatus(CallPhase.DIALLING, "110", emergency=True))

    def call(self, number: str) -> None:
        self.dialled.append(number)
        self.current = CallStatus(CallPhase.DIALLING, number, emergency=False)

    def hang_up(self) -> None:
        self.hangups += 1
        if self.progresses:
            self.publish(CallStatus(CallPhase.ENDED, self.current.number,
                                    reason=EndReason.LOCAL_HANGUP,
                                    emergency=self.current.emergency))

    def status(self) -> CallStatus:
        return self.current

    def subscribe(self, listener: CallListener) -> None:
        self.listeners.append(listener)

    def publish(self, status: CallStatus) -> None:
        """The call is now `status`: every subscriber is told, from a driver thread."""
        self.current = status
        listeners = list(self.listeners)
        on_a_driver_thread(lambda: [listener(status) for listener in listeners])

    def health(self) -> Health:
        return self.shown

    def close(self) -> None:
        pass


class StandInHook:
    """A hook switch the test (or the renderer) lifts with `set(True)`: subscribers are
    told in the order they subscribed (the emergency line first, which dials, then the
    flow), from a driver thread."""

    def __init__(self, *, shown: Health | None = None) -> None:
        self.listeners: list[HookListener] = []
        self.off_hook = False
        self.shown = shown or Health("hook", Level.OK, "stand-in")

    def is_off_hook(self) -> bool:
        return self.off_hook

    def subscribe(self, listener: HookListener) -> None:
        self.listeners.append(listener)

    def set(self, off_hook: bool) -> None:
        self.off_hook = off_hook
        listeners = list(self.listeners)
        on_a_driver_thread(lambda: [listener(off_hook) for listener in listeners])

    def health(self) -> Health:
        return self.shown

    def close(self) -> None:
        pass


class StandInPrinter:
    """A printer with paper in the state `paper` (settable): it prints (keeping the
    tickets in `printed`) only when that state can print."""

    def __init__(self, paper: PrinterState = PrinterState.ONLINE, *,
                 shown: Health | None = None) -> None:
        self.paper = paper
        self.shown = shown
        self.printed: list[Ticket] = []

    def state(self) -> PrinterState:
        return self.paper

    def print_ticket(self, ticket: Ticket) -> PrintResult:
        if not self.paper.can_print:
            return PrintResult(False, self.paper, "paper out")
        self.printed.append(ticket)
        return PrintResult(True, self.paper, "", 900)

    def health(self) -> Health:
        if self.shown is not None:
            return self.shown
        level = Level.OK if self.paper is PrinterState.ONLINE else Level.FAIL
        return Health("printer", level, f"printer {self.paper.value}")

    def close(self) -> None:
        pass


class SilentSpeaker:
    """Records what it was asked to say (the last 200 prompts) and at what volume."""

    def __init__(self, *, shown: Health | None = None) -> None:
        self.said: list[tuple[str, str]] = []
        self.volume = 1.0
        self.stops = 0
        self.count = 0   # every `say`, also those no longer kept in `said`
        self.shown = shown or Health("speech", Level.OK, "stand-in")

    def say(self, text: str, language: str) -> None:
        self.count += 1
        self.said.append((text, language))
        del self.said[:-200]

    def stop(self) -> None:
        self.stops += 1

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def health(self) -> Health:
        return self.shown

    def close(self) -> None:
        pass


@dataclass
class StatusLines:
    """A serial port as far as a status-line reader sees it (hardware/hook/lines.py):
    the modem-status lines, the one seam a pty cannot provide. `broken`: reading a
    line fails as an unplugged USB adapter does."""

    cts: bool = False
    dsr: bool = False
    cd: bool = False
    ri: bool = False
    broken: bool = False
    closed: bool = field(default=False)

    def __getattribute__(self, name: str) -> object:
        if name in ("cts", "dsr", "cd", "ri") and object.__getattribute__(self, "broken"):
            raise OSError(5, "Input/output error")
        return object.__getattribute__(self, name)

    def close(self) -> None:
        self.closed = True


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
