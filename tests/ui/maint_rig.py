"""The maintenance screens' services on stand-in devices (devtools/standins.py), for
the widget tests that need a state the simulators cannot be put in on demand or exact
control of when a driver thread calls back.

The stand-ins call listeners from a separate thread, like the real drivers, so the
tests also prove that the screens marshal device callbacks onto the Qt thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.config import Config
from core.health import Health, Level
from core.jobs import ThreadJobs
from core.maintenance import AccountabilitySink, AttemptTracker, MaintenanceAuth, kiosk_info
from core.pin import hash_pin
from devtools.standins import SilentSpeaker, StandInHook, StandInPhone, StandInPrinter
from kiosk.queue import OutboxInspector
from offline_queue.outbox import Outbox
from tests.kiosk.maint_support import FAST_N, GOOD_PIN
from tests.support.clock import FakeClock
from tests.support.keys import sealer as kiosk_sealer
from ui.bridge import Bridge
from ui.maintenance.services import MaintenanceServices


@dataclass
class Rig:
    services: MaintenanceServices
    outbox: Outbox
    clock: FakeClock
    wall: FakeClock
    printer: StandInPrinter
    phone: StandInPhone
    hook: StandInHook
    speaker: SilentSpeaker
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
    printer = StandInPrinter()
    phone = StandInPhone(progresses=True, shown=Health(
        "modem", Level.WARN, "weak signal (-101 dBm)",
        {"sim": "ready", "registration": "registered (home)", "signal_dbm": -101}))
    hook = StandInHook(shown=Health("hook", Level.OK, "hook switch on the simulator"))
    speaker = SilentSpeaker(shown=Health("speech", Level.OK, "espeak-ng voices id, en"))
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
