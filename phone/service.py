"""The phone process: the modem, the hook switch, the emergency line and the socket.

Start-up order is the order a waiting caller needs: the modem worker first (it opens
the port while the rest starts), then the hook backend, then `EmergencyLine`, which
subscribes to both (a handset already lifted is replayed to it and dials at once),
then the socket for the UI. READY=1 goes to systemd once the modem port was tried;
WATCHDOG=1 only while the modem worker, the hook thread and the socket loop all turn,
so a wedged phone is restarted (and adopts the call still up on the modem).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from core.config import HandsetSection
from core.emergency import EmergencyLine
from core.health import Health, Level
from core.ports import HookSwitch, Phone
from core.sdnotify import Notifier
from phone import protocol
from phone.server import PhoneServer
from phone.settings import PhoneSettings
from wire.logs import event

log = logging.getLogger("phone")

HEALTH_EVERY_S = 2.0        # health is pushed to clients when it changed
READY_WAIT_S = 2.0          # longest wait for the first modem port open before READY=1
LOCK_FILE = "phone.lock"


class AlreadyRunning(RuntimeError):
    """Another phone process holds this runtime directory."""


def _alive(device: object) -> bool:
    check = getattr(device, "alive", None)
    return bool(check()) if callable(check) else True


HookFactory = Callable[[HandsetSection], HookSwitch]


class PhoneService:
    def __init__(self, settings: PhoneSettings, runtime_dir: Path,
                 notifier: Notifier | None = None,
                 hook_factory: HookFactory | None = None, socket_group: str = "") -> None:
        """`hook_factory`: the hook backend (default `hardware.hook.build`); the serial
        backend's tests give it a fake port object for the status lines."""
        self.settings = settings
        self._hook_factory = hook_factory
        self._socket_group = socket_group
        self.runtime_dir = runtime_dir
        self.notifier = notifier or Notifier()
        self.started_at = time.monotonic()
        self.phone: Phone | None = None
        self.hook: HookSwitch | None = None
        self.line: EmergencyLine | None = None
        self.server: PhoneServer | None = None
        self._lock_file: IO[bytes] | None = None
        self._server_error = ""
        self._stop = threading.Event()

    @property
    def socket_path(self) -> Path:
        return self.runtime_dir / protocol.SOCKET_NAME

    def start(self) -> PhoneService:
        from hardware import hook, modem  # the drivers: nothing else of the kiosk

        self._take_lock()
        self.phone = modem.build(self.settings.modem)
        self.hook = (self._hook_factory or hook.build)(self.settings.handset)
        self.line = EmergencyLine(self.phone, self.hook)
        s = self.settings
        event(log, "phone.started", kiosk=s.kiosk_id, source=s.source,
              problems=len(s.problems), modem=bool(s.modem.port), hook=s.handset.hook)
        self._start_server()
        return self

    def _start_server(self) -> None:
        """The socket for the screens. Without it the handset still dials 110: a
        failure here is logged, shown in health and retried, never fatal."""
        assert self.phone is not None and self.hook is not None and self.line is not None
        s = self.settings
        server = PhoneServer(
            self.socket_path, self.phone, self.hook, self.line,
            hello={"kiosk": s.kiosk_id, "emergency_numbers": list(s.modem.emergency_numbers),
                   "test_number": s.modem.test_number},
            emergency_numbers=s.modem.emergency_numbers, test_number=s.modem.test_number,
            health=self.health, group=self._socket_group)
        try:
            self.server = server.start()
            self._server_error = ""
        except OSError as exc:
            self._server_error = f"cannot listen on {self.socket_path}: {exc.strerror}"
            event(log, "phone.socket_failed", logging.ERROR, error=self._server_error)

    def wait_port_tried(self, timeout: float = READY_WAIT_S) -> None:
        """Until the modem worker tried its port once (then a lift dials at once)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._modem_starting():
            time.sleep(0.01)

    def _modem_starting(self) -> bool:
        details = self.phone.health().details if self.phone is not None else {}
        return details.get("link") == "not_open"

    def run(self) -> None:
        """Until `stop()`: health to the clients, the watchdog while everything turns."""
        self.wait_port_tried()
        self.notifier.ready(f"phone ready ({self.settings.source})")
        event(log, "phone.ready", since_start_s=round(time.monotonic() - self.started_at, 3))
        interval = self.notifier.watchdog_interval_s
        next_ping = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if interval is not None and now >= next_ping:
                if self.everything_alive():
                    self.notifier.watchdog()
                    next_ping = now + interval
                else:
                    event(log, "phone.watchdog_withheld", logging.ERROR)
                    next_ping = now + 1.0
            if self.server is None and self.phone is not None:
                self._start_server()
            if self.server is not None:
                self.server.push_health(self.health())
            self._stop.wait(min(HEALTH_EVERY_S, interval or HEALTH_EVERY_S))

    def stop(self) -> None:
        """Safe from a signal handler: only sets a flag."""
        self._stop.set()

    def everything_alive(self) -> bool:
        """The dial path turns: the modem worker and the hook thread (and the socket
        loop, when there is one: without a socket, restarting would not help)."""
        server_ok = self.server is None or self.server.alive
        return _alive(self.phone) and _alive(self.hook) and server_ok

    def health(self) -> list[Health]:
        items: list[Health] = []
        for name, device in (("modem", self.phone), ("hook", self.hook)):
            try:
                if device is not None:
                    items.append(device.health())
            except Exception as exc:   # one broken driver must not hide the others
                items.append(Health(name, Level.FAIL, f"health check failed: "
                                                      f"{type(exc).__name__}"))
        items.append(self.config_health())
        return items

    def config_health(self) -> Health:
        """The phone's own settings: what it runs on, and what it had to work around."""
        s = self.settings
        details = {"source": s.source, "problems": [str(p) for p in s.problems],
                   "keys": [p.key for p in s.problems],
                   "emergency_numbers": list(s.modem.emergency_numbers), "pid": os.getpid()}
        if self._server_error:
            return Health("phone", Level.FAIL, f"{self._server_error}: the screen cannot "
                          "show or place calls; the handset still dials", details)
        if s.fatal_problems:
            first = s.fatal_problems[0]
            more = f" (and {len(s.fatal_problems) - 1} more)" if len(s.fatal_problems) > 1 \
                else ""
            return Health("phone", Level.FAIL, f"config: {first}{more}; 110 still works",
                          details)
        if s.problems:
            return Health("phone", Level.WARN, f"config: {s.problems[0]}", details)
        return Health("phone", Level.OK, f"running ({s.source})", details)

    def close(self) -> None:
        """Stop everything; an emergency call is left up for the next start to adopt."""
        self.notifier.stopping()
        for part in (self.server, self.hook, self.phone):
            if part is not None:
                try:
                    part.close()
                except Exception as exc:   # closing must go on for the other parts
                    event(log, "phone.close_failed", logging.WARNING,
                          error=type(exc).__name__)
        if self._lock_file is not None:
            self._lock_file.close()

    def _take_lock(self) -> None:
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        f = (self.runtime_dir / LOCK_FILE).open("ab")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            f.close()
            raise AlreadyRunning(f"another phone process runs in {self.runtime_dir}") from exc
        with contextlib.suppress(OSError):
            os.chmod(self.runtime_dir / LOCK_FILE, 0o640)
        self._lock_file = f
