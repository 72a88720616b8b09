"""Small in-test implementations of the `core.ports` Protocols, for the maintenance
widget tests that need a state the simulators cannot be put in on demand (a driver
that raises) or need exact control of when a driver thread calls back.

They call listeners from a separate thread, like the real drivers, so the tests also
prove that the screens marshal device callbacks onto the Qt thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.config import Config
from core.health import Health, Level
from core.jobs import ThreadJobs
from core.maintenance import AccountabilitySink, AttemptTracker, MaintenanceAuth, kiosk_info
from core.pin import hash_pin
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
from kiosk.queue import OutboxInspector
from offline_queue.outbox import Outbox
from tests.kiosk.maint_support import FAST_N, GOOD_PIN
from tests.support.clock import FakeClock
from tests.support.keys import sealer as kiosk_sealer
from ui.bridge import Bridge
from ui.maintenance.services import MaintenanceServices


def _on_thread(fn: Callable[..., object], *args: object) -> None:
    t = threading.Thread(target=fn, args=args)
    t.start()
    t.join()


@dataclass
class FakePrinter:
    paper: PrinterState = PrinterState.ONLINE
    printed: list[Ticket] = field(default_factory=list)

    def state(self) -> PrinterState:
        return self.paper

    def print_ticket(self, ticket: Ticket) -> PrintResult:
        if not self.paper.can_print:
            return PrintResult(False, self.paper, "paper out")
        self.printed.append(ticket)
        return PrintResult(True, self.paper, "", 900)

    def health(self) -> Health:
        level = Level.OK if self.paper is PrinterState.ONLINE else Level.FAIL
        return Health("printer", level, f"printer {self.paper.value}")

    def close(self) -> None:
        pass


@dataclass
class FakePhone:
    current: CallStatus = field(default_factory=lambda: CallStatus(CallPhase.IDLE))
    listeners: list[CallListener] = field(default_factory=list)
    dialled: list[str] = field(default_factory=list)
    hangups: int = 0

    def call_emergency(self) -> None:
        self.publish(CallStatus(CallPhase.DIALLING, "110", emergency=True))

    def call(self, number: str) -> None:
        self.dialled.append(number)
        self.current = CallStatus(CallPhase.DIALLING, number, emergency=False)

    def hang_up(self) -> None:
        self.hangups += 1
        self.publish(CallStatus(CallPhase.ENDED, self.current.number,
                                reason=EndReason.LOCAL_HANGUP,
                                emergency=self.current.emergency))

    def status(self) -> CallStatus:
        return self.current

    def subscribe(self, listener: CallListener) -> None:
        self.listeners.append(listener)

    def publish(self, status: CallStatus) -> None:
        """As the driver does: from its own thread."""
        self.current = status

        def fire() -> None:
            for listener in self.listeners:
                listener(status)
        _on_thread(fire)

    def health(self) -> Health:
        return Health("modem", Level.WARN, "weak signal (-101 dBm)",
                      {"sim": "ready", "registration": "registered (home)",
                       "signal_dbm": -101})

    def close(self) -> None:
        pass


@dataclass
class FakeHook:
    off_hook: bool = False
    listeners: list[HookListener] = field(default_factory=list)

    def is_off_hook(self) -> bool:
        return self.off_hook

    def subscribe(self, listener: HookListener) -> None:
        self.listeners.append(listener)

    def set(self, off_hook: bool) -> None:
        self.off_hook = off_hook

        def fire() -> None:
            for listener in self.listeners:
                listener(off_hook)
        _on_thread(fire)

    def health(self) -> Health:
        return Health("hook", Level.OK, "hook switch on the simulator")

    def close(self) -> None:
        pass


@dataclass
class FakeSpeaker:
    said: list[tuple[str, str]] = field(default_factory=list)
    stops: int = 0

    def say(self, text: str, language: str) -> None:
        self.said.append((text, language))

    def stop(self) -> None:
        self.stops += 1

    def set_volume(self, volume: float) -> None:
        pass

    def health(self) -> Health:
        return Health("speech", Level.OK, "espeak-ng voices id, en")

    def close(self) -> None:
        pass


@dataclass
class Rig:
    services: MaintenanceServices
    outbox: Outbox
    clock: FakeClock
    wall: FakeClock
    printer: FakePrinter
    phone: FakePhone
    hook: FakeHook
    speaker: FakeSpeaker
    jobs: ThreadJobs

    def close(self) -> None:
        self.jobs.close()
        self.outbox.close()

    def event_types(self) -> list[str]:
        """Queued event types, by priority then in the order they were queued."""
        return [i.label for i in self.outbox.list_items()]


def make_rig(config: Config, tmp_path: Path, log_lines: list[str] | None = None,
             pin: str = GOOD_PIN) -> Rig:
    clock, wall = FakeClock(1000.0), FakeClock()
    outbox = Outbox(tmp_path / "outbox.sqlite3", clock=wall, sealer=kiosk_sealer())
    sink = AccountabilitySink(kiosk_info(config), outbox)
    tracker = AttemptTracker(config.storage.data_dir, wall)
    auth = MaintenanceAuth(hash_pin(pin, n=FAST_N) if pin else "", tracker, sink)
    printer, phone, hook, speaker = FakePrinter(), FakePhone(), FakeHook(), FakeSpeaker()
    bridge = Bridge()   # as the app has it: one bridge, one job runner
    bridge.attach(phone, hook)
    jobs = ThreadJobs(bridge.post)
    services = MaintenanceServices(
        config=config, printer=printer, phone=phone, hook=hook, speaker=speaker,
        queue=OutboxInspector(lambda: outbox), sink=sink, auth=auth, jobs=jobs,
        bridge=bridge, clock=clock, wall_clock=wall,
        log_lines=(lambda: list(log_lines)) if log_lines is not None else list,
        app_started_at=clock())
    return Rig(services, outbox, clock, wall, printer, phone, hook, speaker, jobs)
