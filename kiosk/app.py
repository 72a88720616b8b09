"""The kiosk app: the one place that knows every part (devices, outbox, flow, UI).

`main(cfg, windowed)` is `python -m kiosk --config C [run]`. `build(cfg, devices)` makes
the whole app around an existing QApplication, so tests and benchmarks drive exactly
what runs on a kiosk, with simulators behind the device ports.

On a kiosk the modem and the hook switch belong to the phone process (`phone/`): this
process reaches them through `phone.client.PhoneClient` (`phone_devices`) and holds no
serial port of the phone. `build_devices` makes every device in this process instead
(tests, screenshots, benchmarks of the screens), with the same one `EmergencyLine`.
When the UI's own configuration is broken, `run_out_of_order` shows the out-of-order
screen instead of exiting (the phone does not depend on that configuration).

Start-up order: devices are built first (each factory returns at once, never raises),
then the window; when the home screen has first painted we tell systemd READY=1 and
start the watchdog pings from the Qt event loop, so a hung UI gets restarted.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from core.config import Config
from core.emergency import EmergencyLine
from core.flow import Flow, ReportStore
from core.health import Health, Level, write_devices
from core.jobs import Failed, Lane, LaneLocal, Result, ThreadJobs
from core.ports import CallLine, Devices
from core.sdnotify import Notifier
from offline_queue.inbound import Inbound
from ui.bridge import Bridge
from ui.fullscreen import fill_screen
from ui.idle import IdleWatcher
from ui.lockdown import Lockdown
from ui.main_window import MainWindow
from ui.watchdog import EventLoopWatchdog
from wire.logs import event
from wire.report import KioskInfo

log = logging.getLogger("kiosk.app")
STARTED_AT = time.monotonic()
HOME_PAINTED = "ui.home_painted"   # the log event the start-up benchmark waits for
# Development window sizes (KIOSK110_WINDOW=portrait|landscape with --windowed).
WINDOW_SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def build_devices(cfg: Config) -> Devices:
    """Every configured device in this process; one without a port is 'not installed'."""
    from hardware import hook, modem, printer, speech

    return Devices(printer=printer.build(cfg.printer), phone=modem.build(cfg.modem),
                   hook=hook.build(cfg.handset), speaker=speech.build(cfg.speech))


def phone_devices(cfg: Config, socket: Path | None = None) -> Devices:
    """As on a kiosk: printer and speaker here, the modem and the hook in the phone
    process (its socket: $KIOSK110_PHONE_SOCKET or /run/kiosk110-phone/phone.sock)."""
    from hardware import printer, speech
    from phone.client import PhoneClient

    client = PhoneClient(socket).start()
    return Devices(printer=printer.build(cfg.printer), phone=client.phone, hook=client.hook,
                   speaker=speech.build(cfg.speech), extra_health=[client.service_health],
                   line=client)


def _outbox_factory(cfg: Config) -> Callable[[], ReportStore]:
    def open_outbox() -> ReportStore:
        from offline_queue.outbox import Outbox

        return Outbox.for_config(cfg)
    return open_outbox


def _inbound_of(store: LaneLocal[ReportStore]) -> Callable[[], Inbound]:
    """The outbox's inbound tables (operator replies, lookups), on the same one outbox
    object as everything else in this process (store lane only)."""
    def inbound() -> Inbound:
        built = store.get()
        found = getattr(built, "inbound", None)
        if not isinstance(found, Inbound):
            raise TypeError("this store has no inbound tables")
        return found
    return inbound


def _close_store(store: LaneLocal[ReportStore]) -> None:
    built = store.built()
    close = getattr(built, "close", None)
    if callable(close):
        try:
            close()
        except Exception as exc:   # closing must go on for the devices
            event(log, "outbox.close_failed", logging.WARNING, error=type(exc).__name__)


class HealthReporter:
    """Writes `app-health.json` every `[ui] health_every_s`: the devices as the app, which
    holds their ports, sees them. The uploader sends it to the command centre with each
    heartbeat, and `doctor` shows it for a port the app has open. Asking the devices
    may touch a serial line, so it runs in its own job lane, never on the UI thread."""

    def __init__(self, devices: Devices, data_dir: Path, jobs: ThreadJobs,
                 every_s: float, parent: QObject) -> None:
        self._devices, self._data_dir, self._jobs = devices, data_dir, jobs
        self._busy = False
        self.timer = QTimer(parent)
        self.timer.setInterval(max(1, int(every_s * 1000)))
        self.timer.timeout.connect(self.report)

    def start(self) -> None:
        self.report()
        self.timer.start()

    def report(self) -> None:
        if not self._busy:   # a slow port must not pile up snapshots
            self._busy = True
            self._jobs.run(Lane.DEVICES, self._write, self._written)

    def _write(self) -> list[Health]:
        d = self._devices
        healths = [_ask(name, fn) for name, fn in
                   (("printer", d.printer.health), ("modem", d.phone.health),
                    ("hook", d.hook.health), ("speech", d.speaker.health))]
        healths += [_ask("extra", fn) for fn in d.extra_health]
        write_devices(self._data_dir, healths, pid=os.getpid())
        return healths

    def _written(self, result: Result[list[Health]]) -> None:
        self._busy = False
        if isinstance(result, Failed):
            event(log, "health.snapshot_failed", logging.WARNING,
                  error=type(result.error).__name__)


def _ask(name: str, health: Callable[[], Health]) -> Health:
    try:
        return health()
    except Exception as exc:   # one broken driver must not hide the others
        return Health(name, Level.FAIL, f"health check failed: {type(exc).__name__}")


@dataclass
class KioskApp:
    flow: Flow
    window: MainWindow
    bridge: Bridge
    jobs: ThreadJobs
    lockdown: Lockdown
    idle: IdleWatcher
    devices: Devices
    health: HealthReporter
    line: CallLine
    store: LaneLocal[ReportStore]

    def close(self) -> None:
        """Stop background work, close the window and the devices."""
        self.health.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.lockdown)
            app.removeEventFilter(self.idle)
        # Late device callbacks and job results must not reach screens being torn down.
        self.bridge.blockSignals(True)
        self.jobs.close()   # drains the lanes: a report being stored is stored
        _close_store(self.store)
        self.window.shutdown()
        self.window.deleteLater()
        for device in (self.devices.phone, self.devices.hook, self.devices.printer,
                       self.devices.speaker):
            try:
                device.close()
            except Exception as exc:   # closing must go on for the other devices
                event(log, "device.close_failed", logging.WARNING, error=type(exc).__name__)


def build(cfg: Config, devices: Devices, *,
          store: Callable[[], ReportStore] | None = None,
          replies: bool | None = None) -> KioskApp:
    """Wire the app around the running QApplication; the home screen is not shown yet.

    The text channel's replies and *Cek laporan* of other kiosks' codes come from the
    outbox's inbound tables (the uploader fills them): on with the real outbox, and for
    an injected `store` only when `replies` says so (it must be an Outbox)."""
    app = QApplication.instance()
    assert app is not None, "create the QApplication first"
    # First: the handset's listener that dials 110 on the hook driver's thread (here,
    # or in the phone process when the devices are its client).
    line = devices.line or EmergencyLine(devices.phone, devices.hook)
    bridge = Bridge()
    jobs = ThreadJobs(bridge.post)
    # The process's one outbox, made and used only in the store lane.
    outbox: LaneLocal[ReportStore] = LaneLocal(Lane.STORE, store or _outbox_factory(cfg))
    k = cfg.kiosk
    with_replies = store is None if replies is None else replies
    inbound = _inbound_of(outbox) if with_replies else None
    flow = Flow(kiosk=KioskInfo(k.id, k.station, k.latitude, k.longitude),
                languages=k.languages, phone=devices.phone, line=line,
                printer=devices.printer, speaker=devices.speaker, store=outbox.get,
                jobs=jobs, emergency_numbers=cfg.modem.emergency_numbers,
                voice=cfg.ui.voice_guidance and cfg.speech.enabled,
                large_text=cfg.ui.large_text, messages=inbound, remote_lookup=inbound)
    window = MainWindow(flow, status_poll_s=cfg.ui.status_poll_s)
    bridge.call_status.connect(flow.call_status, Qt.ConnectionType.QueuedConnection)
    bridge.hook_changed.connect(flow.hook_changed, Qt.ConnectionType.QueuedConnection)
    bridge.attach(devices.phone, devices.hook)
    lockdown = Lockdown(window)
    app.installEventFilter(lockdown)
    idle = IdleWatcher(flow, window.still_there, cfg.ui.idle_timeout_s, cfg.ui.idle_countdown_s)
    app.installEventFilter(idle)
    flow.off_hook = devices.hook.is_off_hook()
    flow.start()
    idle.start()
    health = HealthReporter(devices, cfg.storage.data_dir, jobs, cfg.ui.health_every_s, window)
    health.start()
    return KioskApp(flow, window, bridge, jobs, lockdown, idle, devices, health, line, outbox)


def show(kiosk: KioskApp, cfg: Config, windowed: bool) -> None:
    window = kiosk.window
    if cfg.ui.fullscreen and not windowed:
        fill_screen(window)   # ui/fullscreen.py: also without a WM, and after screen changes
    else:
        size = WINDOW_SIZES.get(os.environ.get("KIOSK110_WINDOW", "portrait"),
                                WINDOW_SIZES["portrait"])
        window.resize(*size)
        window.show()


def _home_painted(watchdog: EventLoopWatchdog) -> None:
    event(log, HOME_PAINTED, since_start_s=round(time.monotonic() - STARTED_AT, 3))
    watchdog.ready("home screen shown")   # READY=1, and WATCHDOG=1 pings from now on


def main(cfg: Config, windowed: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    kiosk = build(cfg, phone_devices(cfg))
    maintenance: list[Any] = []

    def attach_maintenance() -> None:
        # Technicians' mode is imported and built only after the home screen painted,
        # so it never delays the public kiosk's start (or READY=1); so is the report
        # schema validator, which the first submit would otherwise build.
        from kiosk.app_maintenance import attach_maintenance as attach
        from wire.report import warm_up

        warm_up()

        maintenance.append(attach(cfg, kiosk))

    kiosk.window.first_paint.connect(lambda: QTimer.singleShot(0, attach_maintenance))
    watchdog = EventLoopWatchdog(Notifier(), kiosk.window)
    kiosk.window.first_paint.connect(lambda: _home_painted(watchdog))
    # SIGTERM/SIGINT only set a flag for Qt; a short timer lets Python run the handler.
    # exit(), not quit(): Qt 6's quit() asks every window to close first, and the kiosk
    # window refuses to close (lockdown), which would cancel the quit.
    signal.signal(signal.SIGTERM, lambda *_: app.exit(0))
    signal.signal(signal.SIGINT, lambda *_: app.exit(0))
    wake = QTimer(kiosk.window)
    wake.timeout.connect(lambda: None)
    wake.start(250)
    show(kiosk, cfg, windowed)
    event(log, "ui.started", windowed=windowed, kiosk=cfg.kiosk.id)
    rc = app.exec()
    watchdog.stop()   # also STOPPING=1
    for attached in maintenance:
        attached.close()
    kiosk.close()
    return int(rc)
