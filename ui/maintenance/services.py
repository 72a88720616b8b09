"""What the maintenance screens are given: devices, outbox, PIN checker, event sink."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from core.config import Config
from core.maintenance import AccountabilitySink, Clock, MaintenanceAuth
from core.ports import HookSwitch, Phone, Printer, Speaker
from offline_queue.outbox import Outbox


@dataclass
class MaintenanceServices:
    """Injected by `kiosk/app.py` (real devices) or a test (simulators)."""

    config: Config
    printer: Printer
    phone: Phone
    hook: HookSwitch
    speaker: Speaker
    outbox: Outbox | None
    sink: AccountabilitySink
    auth: MaintenanceAuth
    clock: Clock = time.monotonic            # session idle time, uptime
    wall_clock: Clock = time.time            # ages of queue items and uplink times
    log_lines: Callable[[], list[str]] = list   # e.g. core.logring.LogRing.lines
    app_started_at: float = field(default_factory=time.monotonic)
