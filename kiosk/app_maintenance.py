"""Maintenance mode's wiring into the kiosk app (kept beside `kiosk/app.py`, which
calls `attach_maintenance` once the public window exists).

Knows every part it needs: the log ring, the app's one outbox (through its store lane),
job runner and device bridge, the PIN checker, the optional key switch (a debounced
serial status line, read by the hook switch's own backend), and the screens. It never
raises: maintenance trouble (a damaged PIN hash, an unreadable
outbox) is logged and shown on the PIN pad, while the public kiosk and its emergency
call keep running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, cast

from PySide6.QtCore import QTimer, QTranslator

from core import logring
from core.config import Config, HandsetSection
from core.jobs import Lane
from core.maintenance import (
    AccountabilitySink,
    AttemptTracker,
    MaintenanceAuth,
    MaintenanceError,
    Submit,
    build_auth,
    kiosk_info,
    parse_key_switch,
)
from core.ports import HookSwitch
from core.queueview import QueueInspector
from kiosk.queue import OutboxInspector
from ui.maintenance import translations as maintenance_translations
from ui.maintenance.gesture import parse_gesture
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.wiring import MaintenanceWiring
from wire.logs import event

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger("kiosk.app.maintenance")

KeySwitchFactory = Callable[[HandsetSection], HookSwitch]
LineName = Literal["CTS", "DSR", "DCD", "RI"]


def _serial_line(section: HandsetSection) -> HookSwitch:
    from hardware.hook.lines import StatusLineHook

    return StatusLineHook(section).start()


class AttachedMaintenance:
    """What `attach_maintenance` made; `close()` on app exit."""

    def __init__(self, wiring: MaintenanceWiring, key_switch: HookSwitch | None,
                 ring: logring.LogRing, translator: QTranslator | None) -> None:
        self.wiring = wiring
        self.key_switch = key_switch
        self.ring = ring
        self.translator = translator

    def close(self) -> None:
        # The "left" event goes into the store lane; the app drains the lanes after.
        self.wiring.close()
        if self.key_switch is not None:
            self.key_switch.close()
        logging.getLogger().removeHandler(self.ring)
        maintenance_translations.remove(self.translator)


def _auth(cfg: Config, queue: QueueInspector | None,
          submit: Submit) -> tuple[MaintenanceAuth, AccountabilitySink]:
    try:
        return build_auth(cfg, queue, submit=submit)
    except MaintenanceError as exc:
        event(log, "maintenance.pin_hash_invalid", logging.ERROR, reason=str(exc))
        sink = AccountabilitySink(kiosk_info(cfg), queue, submit)
        return MaintenanceAuth("", AttemptTracker(cfg.storage.data_dir), sink), sink


class MaintenanceDisabled:
    """What `attach_maintenance` returns when its settings are invalid (logged)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def close(self) -> None:
        pass


def attach_maintenance(cfg: Config, kiosk: KioskApp, *,
                       key_switch_factory: KeySwitchFactory = _serial_line,
                       ) -> AttachedMaintenance | MaintenanceDisabled:
    """Wire maintenance mode into the running app. Never raises; `close()` on exit."""
    window, flow, devices, jobs = kiosk.window, kiosk.flow, kiosk.devices, kiosk.jobs
    try:
        parse_gesture(cfg.maintenance.gesture)
        key_spec = parse_key_switch(cfg.maintenance.key_switch)
    except MaintenanceError as exc:
        event(log, "maintenance.config_invalid", logging.ERROR, reason=str(exc))
        return MaintenanceDisabled(str(exc))
    ring = logring.install()
    # The app's one outbox, used only in the store lane: events are written there in
    # order, and the Qt thread never waits for an fsync.
    queue = OutboxInspector(cast(Any, kiosk.store.get))

    def submit(job: Callable[[], None]) -> None:
        jobs.run(Lane.STORE, job)

    auth, sink = _auth(cfg, queue, submit)
    services = MaintenanceServices(config=cfg, printer=devices.printer, phone=devices.phone,
                                   hook=devices.hook, speaker=devices.speaker, queue=queue,
                                   sink=sink, auth=auth, jobs=jobs, bridge=kiosk.bridge,
                                   log_lines=ring.lines)
    # Before the screens are built: their fixed labels are translated once, at creation.
    translator = maintenance_translations.install(cfg.maintenance.language)
    wiring = MaintenanceWiring(window, flow, services)
    key_switch = None
    if key_spec is not None:
        section = HandsetSection(hook="serial", port=key_spec.port,
                                 line=cast(LineName, key_spec.line), debounce_ms=50)
        kiosk.bridge.key_switch.connect(wiring.mode.key_switch_changed)
        key_switch = key_switch_factory(section)
        kiosk.bridge.attach_key_switch(key_switch)
    event(log, "maintenance.ready", key_switch=key_spec is not None,
          pin_set=bool(cfg.maintenance.pin_hash))
    return AttachedMaintenance(wiring, key_switch, ring, translator)


class DeferredMaintenance:
    """Attaches maintenance once the home screen has first painted, so building the
    technician screens never delays the public kiosk's start (or READY=1)."""

    def __init__(self, cfg: Config, kiosk: KioskApp) -> None:
        self.attached: AttachedMaintenance | MaintenanceDisabled | None = None
        self._args: tuple[Config, KioskApp] | None = (cfg, kiosk)
        # Queued after the paint (and after READY=1, whichever slot runs first).
        kiosk.window.first_paint.connect(lambda: QTimer.singleShot(0, self._attach))

    def _attach(self) -> None:
        if self.attached is None and self._args is not None:
            args, self._args = self._args, None
            self.attached = attach_maintenance(*args)

    def close(self) -> None:
        self._args = None
        if self.attached is not None:
            self.attached.close()
            self.attached = None


def attach_after_first_paint(cfg: Config, kiosk: KioskApp) -> DeferredMaintenance:
    return DeferredMaintenance(cfg, kiosk)
