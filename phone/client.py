"""The UI process's side of the phone protocol: the phone process as local ports.

`PhoneClient` is a `core.ports.CallLine` (what the flow dials and hangs up through),
and `.phone` / `.hook` are the `Phone` and `HookSwitch` ports the screens and the Qt
bridge use, exactly as they would use the drivers. One reader thread connects (and
reconnects, when the phone process restarts), keeps the latest state the phone pushed,
and calls listeners from that thread, like a driver does. Nothing here can affect a
call: when this process dies, the phone goes on.

While the phone process cannot be reached, a live call on screen is shown with
`connection_trouble` (it is most likely still up: the modem keeps it and a restarted
phone adopts it), a call cannot be placed from the screen (it ends at once as
NO_PHONE_SERVICE) and the health of the modem and the hook says why.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.health import Condition, Health, Level
from core.ports import (
    CallListener,
    CallPhase,
    CallStatus,
    EndReason,
    HookListener,
    notify,
)
from phone import protocol as p
from wire.logs import event

log = logging.getLogger("phone.client")

RECONNECT_MIN_S = 0.05
RECONNECT_MAX_S = 1.0
IO_TIMEOUT_S = 0.5
NO_SERVICE = ("the phone service (kiosk-phone) is not running: calls cannot be placed "
              "from the screen")


class PhoneClient:
    def __init__(self, path: Path | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path or p.socket_path()
        self._clock = clock
        self._sock: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._deliver = threading.RLock()     # listeners hear replays and changes in order
        self._ids = itertools.count(1)
        self._pending: dict[int, str] = {}
        self._status = CallStatus(CallPhase.IDLE)
        self._off_hook = False
        self._technician_remote = False
        self._technician_local: bool | None = None   # asked, not yet confirmed
        self._healths: dict[str, Health] = {}
        self.emergency_numbers: tuple[str, ...] = ()
        self.test_number = ""
        self.phone_pid: int | None = None
        self._call_listeners: list[CallListener] = []
        self._hook_listeners: list[HookListener] = []
        self._connected = threading.Event()
        self._synced = threading.Event()
        self._down_since: float | None = clock()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="phone-client", daemon=True)
        self.phone = RemotePhone(self)
        self.hook = RemoteHook(self)

    def start(self) -> PhoneClient:
        self._thread.start()
        return self

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def wait_synced(self, timeout: float) -> bool:
        """Connected, and the phone's replay of its state (which ends with its health)
        has been taken in: statuses heard from now on are news, not history."""
        return self._synced.wait(timeout)

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def close(self) -> None:
        """Disconnect. The phone process, and any call, go on."""
        self._closing = True
        self._disconnect()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=2)

    # ------------------------------------------------------------ CallLine

    @property
    def technician_call(self) -> bool:
        local = self._technician_local
        return local if local is not None else self._technician_remote

    def begin_technician_call(self) -> None:
        self._technician_local = True
        self._send({"cmd": p.TECHNICIAN_BEGIN})

    def end_technician_call(self) -> None:
        self._technician_local = False
        self._send({"cmd": p.TECHNICIAN_END})

    def call(self, trigger: str) -> bool:
        """Ask the phone to dial the emergency numbers; False when a call is up."""
        if self._status.phase.is_live and self.connected:
            return False
        if not self._send({"cmd": p.CALL_EMERGENCY, "trigger": trigger}):
            self._publish(CallStatus(CallPhase.ENDED, reason=EndReason.NO_PHONE_SERVICE,
                                     detail=NO_SERVICE))
        return True

    # ------------------------------------------------------------ Phone port

    def test_call(self, number: str, explicit: bool = False) -> None:
        if not self._send({"cmd": p.TEST_CALL, "number": number, "explicit": explicit}):
            self._publish(CallStatus(CallPhase.ENDED, number, reason=EndReason.NO_PHONE_SERVICE,
                                     detail=NO_SERVICE, emergency=False))

    def hang_up(self) -> None:
        self._send({"cmd": p.HANG_UP})

    def status(self) -> CallStatus:
        return self._status

    def subscribe(self, listener: CallListener) -> None:
        with self._deliver:
            self._call_listeners.append(listener)
            if self._status.phase.is_live:
                listener(self._status)

    def modem_health(self) -> Health:
        return self._device_health("modem")

    # ------------------------------------------------------------ HookSwitch port

    def is_off_hook(self) -> bool:
        return self._off_hook

    def subscribe_hook(self, listener: HookListener) -> None:
        with self._deliver:
            self._hook_listeners.append(listener)
            if self._off_hook:
                listener(True)

    def hook_health(self) -> Health:
        return self._device_health("hook")

    # ------------------------------------------------------------ the phone's own

    def service_health(self) -> Health:
        """The phone process itself: running, and on which settings (a config key it
        had to work around is named here)."""
        if not self.connected:
            return self._down("phone")
        found = self._healths.get("phone")
        return found or Health("phone", Level.WARN, "the phone service sent no health yet")

    def healths(self) -> list[Health]:
        return [self.modem_health(), self.hook_health(), self.service_health()]

    def _device_health(self, name: str) -> Health:
        if not self.connected:
            return self._down(name)
        found = self._healths.get(name)
        return found or Health(name, Level.WARN, "starting (no word from the phone yet)",
                               condition=Condition.STARTING)

    def _down(self, name: str) -> Health:
        since = self._down_since
        details: dict[str, Any] = {"socket": str(self.path), "source": "phone service"}
        if since is not None:
            details["down_s"] = round(max(0.0, self._clock() - since), 1)
        return Health(name, Level.FAIL, NO_SERVICE, details, condition=Condition.SERVICE_DOWN)

    # ------------------------------------------------------------ the connection

    def _send(self, message: dict[str, Any]) -> bool:
        ident = next(self._ids)
        data = p.encode({**message, "id": ident})
        with self._send_lock:
            sock = self._sock
            if sock is None:
                return False
            self._pending[ident] = str(message.get("cmd"))
            try:
                sock.sendall(data)
                return True
            except OSError:
                pass
        self._disconnect()
        return False

    def _run(self) -> None:
        delay = RECONNECT_MIN_S
        while not self._closing:
            sock = self._connect()
            if sock is None:
                time.sleep(delay)
                delay = min(RECONNECT_MAX_S, delay * 2)
                continue
            delay = RECONNECT_MIN_S
            try:
                self._read(sock)
            except Exception:   # a bug here must not end the client for good
                log.exception("phone_client_failed")
            self._disconnect()

    def _connect(self) -> socket.socket | None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        sock.settimeout(IO_TIMEOUT_S)
        try:
            sock.connect(str(self.path))
        except OSError:
            sock.close()
            return None
        with self._send_lock:
            self._sock = sock
        return sock

    def _read(self, sock: socket.socket) -> None:
        buffer = bytearray()
        while not self._closing:
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            buffer.extend(data)
            while b"\n" in buffer:
                line, _, rest = bytes(buffer).partition(b"\n")
                buffer = bytearray(rest)
                try:
                    self._handle(p.decode(line))
                except p.ProtocolError as exc:
                    event(log, "phone.client_bad_message", logging.WARNING, error=str(exc))
            if len(buffer) > p.MAX_LINE:
                return

    def _disconnect(self) -> None:
        with self._send_lock:
            sock, self._sock = self._sock, None
            self._pending.clear()
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()
        self._synced.clear()
        if self._connected.is_set():
            self._connected.clear()
            self._down_since = self._clock()
            event(log, "phone.service_lost", logging.ERROR)
            if self._status.phase.is_live and not self._closing:
                # Most likely still up on the modem; the restarted phone adopts it.
                self._publish(dataclasses.replace(self._status, connection_trouble=True))

    # ------------------------------------------------------------ messages

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == p.HELLO:
            numbers = message.get("emergency_numbers")
            self.emergency_numbers = tuple(str(n) for n in numbers) \
                if isinstance(numbers, list) else ()
            self.test_number = str(message.get("test_number", ""))
            pid = message.get("pid")
            self.phone_pid = pid if isinstance(pid, int) else None
            self._connected.set()
            self._down_since = None
            event(log, "phone.service_connected", pid=self.phone_pid)
        elif kind == p.CALL:
            status = p.status_from_dict(message.get("status"))
            if status != self._status:
                self._publish(status)
        elif kind == p.HOOK:
            off_hook = bool(message.get("off_hook"))
            if off_hook != self._off_hook:
                self._publish_hook(off_hook)
        elif kind == p.TECHNICIAN:
            self._technician_remote = bool(message.get("active"))
            self._technician_local = None   # the phone's word wins from now on
        elif kind == p.HEALTH:
            self._healths = {h.name: h for h in p.health_from_list(message.get("items"))}
            self._synced.set()
        elif kind == p.REPLY:
            self._reply(message)

    def _reply(self, message: dict[str, Any]) -> None:
        ident = message.get("id")
        cmd = self._pending.pop(ident, "") if isinstance(ident, int) else ""
        if message.get("ok"):
            return
        error = str(message.get("error", ""))[:200]
        event(log, "phone.command_refused", logging.WARNING, cmd=cmd, error=error)
        if cmd == p.TEST_CALL:
            # The test call never started: tell the screens, as the driver would.
            self._publish(CallStatus(CallPhase.ENDED, reason=EndReason.MODEM_ERROR,
                                     detail=error, emergency=False))

    def _publish(self, status: CallStatus) -> None:
        with self._deliver:
            self._status = status
            notify(self._call_listeners, status, log, "call_listener_failed")

    def _publish_hook(self, off_hook: bool) -> None:
        with self._deliver:
            self._off_hook = off_hook
            notify(self._hook_listeners, off_hook, log, "hook_listener_failed")


class RemotePhone:
    """`core.ports.Phone` through the phone process."""

    def __init__(self, client: PhoneClient) -> None:
        self._client = client

    def call_emergency(self) -> None:
        self._client.call("button")

    def call(self, number: str) -> None:
        """A technician's test call (the phone refuses an emergency number here)."""
        self._client.test_call(number)

    def hang_up(self) -> None:
        self._client.hang_up()

    def status(self) -> CallStatus:
        return self._client.status()

    def subscribe(self, listener: CallListener) -> None:
        self._client.subscribe(listener)

    def health(self) -> Health:
        return self._client.modem_health()

    def close(self) -> None:
        self._client.close()


class RemoteHook:
    """`core.ports.HookSwitch` through the phone process."""

    def __init__(self, client: PhoneClient) -> None:
        self._client = client

    def is_off_hook(self) -> bool:
        return self._client.is_off_hook()

    def subscribe(self, listener: HookListener) -> None:
        self._client.subscribe_hook(listener)

    def health(self) -> Health:
        return self._client.hook_health()

    def close(self) -> None:
        self._client.close()
