"""What the maintenance screens are given: devices, the outbox's inspector, the PIN
checker, the event sink, and the app's one job runner and device bridge."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from core.config import Config
from core.jobs import Jobs
from core.maintenance import AccountabilitySink, Clock, MaintenanceAuth
from core.ports import HookSwitch, Phone, Printer, Speaker
from core.queueview import QueueInspector
from ui.bridge import Bridge


@dataclass
class MaintenanceServices:
    """Injected by `kiosk/app.py` (real devices) or a test (simulators)."""

    config: Config
    printer: Printer
    phone: Phone
    hook: HookSwitch
    speaker: Speaker
    queue: QueueInspector | None   # call only in Lane.STORE
    sink: AccountabilitySink
    auth: MaintenanceAuth
    jobs: Jobs
    bridge: Bridge
    clock: Clock = time.monotonic            # session idle time, uptime
    wall_clock: Clock = time.time            # ages of queue items and uplink times
    log_lines: Callable[[], list[str]] = list   # e.g. core.logring.LogRing.lines
    app_started_at: float = field(default_factory=time.monotonic)
