"""Stand-in devices for rendering screens without hardware (screenshots, benchmarks).

They implement core.ports with no I/O: the phone stays idle unless told, the printer
prints instantly, the speaker is silent. The real kiosk never uses them; a kiosk
without a device gets hardware's own "not installed" objects instead.
"""

from __future__ import annotations

from core.health import Health, Level
from core.ports import (
    CallListener,
    CallPhase,
    CallStatus,
    HookListener,
    PrinterState,
    PrintResult,
    Ticket,
)


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
