"""`python -m kiosk run` with a configuration the UI cannot run on: degrade, never exit.

The UI's own sections are broken (a missing file, invalid TOML, an unknown key, a
value out of bounds). Exiting would loop under `Restart=always` with a black screen;
instead this shows the out-of-order screen ("lift the handset for 110", which still
works: the phone process does not need this configuration), shows a call while there
is one, writes a health FAIL naming the key into `app-health.json` (the uploader
sends it to the command centre, `doctor` shows it), keeps systemd's watchdog fed, and
restarts into the normal kiosk (exit 0, `Restart=always`) once the file loads again.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from core.config import Role, StorageSection, forgiving_section, load_config, read_toml
from core.errors import ConfigError
from core.health import Health, Level, write_devices
from core.sdnotify import Notifier
from phone.client import PhoneClient
from ui.bridge import Bridge
from ui.lockdown import Lockdown
from ui.screens.out_of_order import OutOfOrderScreen
from ui.watchdog import EventLoopWatchdog
from wire.logs import event

log = logging.getLogger("kiosk.out_of_order")

DEFAULT_DATA_DIR = Path("/var/lib/kiosk110")
DATA_DIR_ENV = "KIOSK110_DATA_DIR"   # where the snapshot goes when the file cannot say
CONFIG_CHECK_MS = 5000
HEALTH_EVERY_MS = 30_000


def config_health(error: ConfigError) -> Health:
    key = error.key or "the config file"
    return Health("config", Level.FAIL, f"config: {error} — the screen shows "
                  "'out of order'; the handset still calls 110", {"key": key})


def data_dir(config_path: Path) -> Path:
    """Where the health snapshot goes: [storage] data_dir if the file can be read at
    all, else $KIOSK110_DATA_DIR, else /var/lib/kiosk110 (tmpfiles.d makes it)."""
    default = Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)
    try:
        raw = read_toml(config_path)
    except ConfigError:
        return default
    fallback = StorageSection(data_dir=default)
    storage, _ = forgiving_section("storage", raw.get("storage"), fallback=fallback)
    return Path(storage.data_dir)


def _stamp(path: Path) -> tuple[float, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime, st.st_size


class OutOfOrder:
    """The whole degraded app; `run()` returns the exit code."""

    def __init__(self, config_path: Path, error: ConfigError, windowed: bool,
                 socket: Path | None = None) -> None:
        self.config_path = config_path
        self.error = error
        self.windowed = windowed
        self.client = PhoneClient(socket).start()
        self.bridge = Bridge()
        self.screen = OutOfOrderScreen(problem_key=error.key or "file",
                                       on_call=self._call_button)
        self.bridge.call_status.connect(self.screen.show_call,
                                        Qt.ConnectionType.QueuedConnection)
        self.bridge.attach(self.client.phone, self.client.hook)
        self.data_dir = data_dir(config_path)
        self._stamp = _stamp(config_path)

    def _call_button(self) -> None:
        self.client.call("button")

    def write_health(self) -> None:
        try:
            write_devices(self.data_dir, [config_health(self.error), *self.client.healths()],
                          pid=os.getpid(), mode="out_of_order")
        except OSError as exc:
            event(log, "health.snapshot_failed", logging.WARNING, error=exc.strerror or "")

    def config_fixed(self) -> bool:
        """True when the file changed and now loads for the UI."""
        stamp = _stamp(self.config_path)
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            load_config(self.config_path, role=Role.UI)
        except ConfigError as exc:
            self.error = exc
            self.write_health()
            return False
        return True

    def run(self) -> int:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        lockdown = Lockdown(self.screen)
        app.installEventFilter(lockdown)
        if self.windowed:
            self.screen.resize(1080, 1920)
            self.screen.show()
        else:
            self.screen.setWindowFlags(Qt.WindowType.FramelessWindowHint
                                       | Qt.WindowType.WindowStaysOnTopHint)
            self.screen.showFullScreen()
        watchdog = EventLoopWatchdog(Notifier(), self.screen)
        QTimer.singleShot(0, lambda: watchdog.ready("out of order: " + (self.error.key
                                                                        or "config file")))
        health = QTimer(self.screen)
        health.timeout.connect(self.write_health)
        health.start(HEALTH_EVERY_MS)
        QTimer.singleShot(1000, self.write_health)   # once the phone answered
        checker = QTimer(self.screen)

        def check() -> None:
            if self.config_fixed():
                event(log, "ui.config_fixed_restarting")
                app.exit(0)

        checker.timeout.connect(check)
        checker.start(CONFIG_CHECK_MS)
        signal.signal(signal.SIGTERM, lambda *_: app.exit(0))
        signal.signal(signal.SIGINT, lambda *_: app.exit(0))
        wake = QTimer(self.screen)
        wake.timeout.connect(lambda: None)
        wake.start(250)
        self.write_health()
        event(log, "ui.out_of_order", logging.ERROR, key=self.error.key,
              reason=str(self.error))
        rc = app.exec()
        watchdog.stop()
        app.removeEventFilter(lockdown)
        self.bridge.blockSignals(True)
        self.client.close()
        self.screen.close()
        return int(rc)


def run_out_of_order(config_path: Path, error: ConfigError, windowed: bool = False) -> int:
    if QApplication.instance() is None:
        QApplication(sys.argv[:1])
    return OutOfOrder(config_path, error, windowed).run()
