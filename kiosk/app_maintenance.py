"""Maintenance mode's wiring into the kiosk app (kept beside `kiosk/app.py`, which
calls `attach_maintenance` once the public window exists).

Knows every part it needs: the log ring, the outbox, the PIN checker, the optional key
switch (a debounced serial status line, read by the hook switch's own backend), and
the screens. It never raises: maintenance trouble (a damaged PIN hash, an unreadable
outbox) is logged and shown on the PIN pad, while the public kiosk and its emergency
call keep running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal, cast

from PySide6.QtCore import QTimer, QTranslator

from core import logring
from core.config import Config, HandsetSection
from core.flow import Flow
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
from core.ports import Devices, HookSwitch
from offline_queue.outbox import Outbox
from ui.main_window import MainWindow
from ui.maintenance import translations as maintenance_translations
from ui.maintenance.bridge import KeySwitchBridge
from ui.maintenance.gesture import parse_gesture
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.wiring import MaintenanceWiring
from wire.logs import event

log = logging.getLogger("kiosk.app.maintenance")

KeySwitchFactory = Callable[[HandsetSection], HookSwitch]
LineName = Literal["CTS", "DSR", "DCD", "RI"]


def _serial_line(section: HandsetSection) -> HookSwitch:
    from hardware.hook.lines import StatusLineHook

    return StatusLineHook(section).start()


class AttachedMaintenance:
    """What `attach_maintenance` made; `close()` on app exit."""

    def __init__(self, wiring: MaintenanceWiring, key_switch: HookSwitch | None,
                 ring: logring.LogRing, events: ThreadPoolExecutor,
                 translator: QTranslator | None) -> None:
        self.wiring = wiring
        self.key_switch = key_switch
        self.ring = ring
        self.events = events
        self.translator = translator

    def close(self) -> None:
        self.wiring.close()
        self.events.shutdown(wait=True)   # the "left" event reaches the outbox
        if self.key_switch is not None:
            self.key_switch.close()
        logging.getLogger().removeHandler(self.ring)
        maintenance_translations.remove(self.translator)


def _auth(cfg: Config, outbox: Outbox | None,
          submit: Submit) -> tuple[MaintenanceAuth, AccountabilitySink]:
    try:
        return build_auth(cfg, outbox, submit=submit)
    except MaintenanceError as exc:
        event(log, "maintenance.pin_hash_invalid", logging.ERROR, reason=str(exc))
        sink = AccountabilitySink(kiosk_info(cfg), outbox, submit)
        return MaintenanceAuth("", AttemptTracker(cfg.storage.data_dir), sink), sink


class MaintenanceDisabled:
    """What `attach_maintenance` returns when its settings are invalid (logged)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def close(self) -> None:
        pass


def attach_maintenance(cfg: Config, window: MainWindow, flow: Flow, devices: Devices, *,
                       key_switch_factory: KeySwitchFactory = _serial_line,
                       ) -> AttachedMaintenance | MaintenanceDisabled:
    """Wire maintenance mode into the running app. Never raises; `close()` on exit."""
    try:
        parse_gesture(cfg.maintenance.gesture)
        key_spec = parse_key_switch(cfg.maintenance.key_switch)
    except MaintenanceError as exc:
        event(log, "maintenance.config_invalid", logging.ERROR, reason=str(exc))
        return MaintenanceDisabled(str(exc))
    ring = logring.install()
    outbox: Outbox | None
    try:
        outbox = Outbox.for_config(cfg)
    except Exception as exc:   # the PIN pad and status still work; events are logged
        event(log, "maintenance.outbox_unavailable", logging.ERROR, reason=type(exc).__name__)
        outbox = None
    # One thread writes the events: the Qt thread never waits for an fsync.
    events = ThreadPoolExecutor(max_workers=1, thread_name_prefix="maint-events")
    auth, sink = _auth(cfg, outbox, events.submit)
    services = MaintenanceServices(config=cfg, printer=devices.printer, phone=devices.phone,
                                   hook=devices.hook, speaker=devices.speaker, outbox=outbox,
                                   sink=sink, auth=auth, log_lines=ring.lines)
    # Before the screens are built: their fixed labels are translated once, at creation.
    translator = maintenance_translations.install(cfg.maintenance.language)
    wiring = MaintenanceWiring(window, flow, services)
    key_switch = None
    if key_spec is not None:
        section = HandsetSection(hook="serial", port=key_spec.port,
                                 line=cast(LineName, key_spec.line), debounce_ms=50)
        bridge = KeySwitchBridge(wiring)
        bridge.changed.connect(wiring.mode.key_switch_changed)
        key_switch = key_switch_factory(section)
        key_switch.subscribe(bridge.feed)
    event(log, "maintenance.ready", key_switch=key_spec is not None,
          pin_set=bool(cfg.maintenance.pin_hash))
    return AttachedMaintenance(wiring, key_switch, ring, events, translator)


class DeferredMaintenance:
    """Attaches maintenance once the home screen has first painted, so building the
    technician screens never delays the public kiosk's start (or READY=1)."""

    def __init__(self, cfg: Config, window: MainWindow, flow: Flow, devices: Devices) -> None:
        self.attached: AttachedMaintenance | MaintenanceDisabled | None = None
        self._args: tuple[Config, MainWindow, Flow, Devices] | None = (cfg, window, flow,
                                                                       devices)
        # Queued after the paint (and after READY=1, whichever slot runs first).
        window.first_paint.connect(lambda: QTimer.singleShot(0, self._attach))

    def _attach(self) -> None:
        if self.attached is None and self._args is not None:
            args, self._args = self._args, None
            self.attached = attach_maintenance(*args)

    def close(self) -> None:
        self._args = None
        if self.attached is not None:
            self.attached.close()
            self.attached = None


def attach_after_first_paint(cfg: Config, window: MainWindow, flow: Flow,
                             devices: Devices) -> DeferredMaintenance:
    return DeferredMaintenance(cfg, window, flow, devices)
