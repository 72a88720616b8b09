"""The phone side of the local protocol (`phone/protocol.py`): one thread, one selector.

Device listeners (the hook thread, the modem worker) only put an event on a queue and
wake the loop: a slow or stuck client can never hold up the thread that dials 110. A
client that sends garbage gets an error reply; one that sends a line over the limit,
or does not read what we send (more than `MAX_BUFFERED` waiting), is disconnected.
Commands run on this loop thread and only queue work in the drivers.
"""

from __future__ import annotations

import contextlib
import grp
import logging
import os
import queue
import selectors
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.emergency import EmergencyLine
from core.health import Health
from core.ports import CallStatus, HookSwitch, Phone, is_dialable
from phone import protocol as p
from wire.logs import event

log = logging.getLogger("phone.server")

MAX_CLIENTS = 16
MAX_BUFFERED = 256 * 1024


@dataclass
class _Client:
    sock: socket.socket
    inbuf: bytearray = field(default_factory=bytearray)
    outbuf: bytearray = field(default_factory=bytearray)
    technician: bool = False        # began a technician session
    test_call: bool = False         # started the test call now in progress


class PhoneServer:
    def __init__(self, path: Path, phone: Phone, hook: HookSwitch, line: EmergencyLine, *,
                 hello: dict[str, Any], emergency_numbers: tuple[str, ...],
                 test_number: str, health: Callable[[], list[Health]],
                 group: str = "") -> None:
        self.path = path
        self._group = group
        self._phone = phone
        self._hook = hook
        self._line = line
        self._hello = {"type": p.HELLO, "protocol": p.PROTOCOL, "pid": os.getpid(), **hello}
        self._emergency_numbers = emergency_numbers
        self._test_number = test_number
        self._health = health
        self._events: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._clients: dict[int, _Client] = {}
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="phone-ipc", daemon=True)
        # The state a new client is brought up to date with.
        self._last: dict[str, dict[str, Any]] = {}
        self._last_technician = False

    # ------------------------------------------------------------ lifecycle

    def start(self) -> PhoneServer:
        self._listener = _listen(self.path, self._group)
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        # Subscribing replays the current state into our queue: the first snapshot.
        self._phone.subscribe(self._on_call)
        self._hook.subscribe(self._on_hook)
        if "hook" not in self._last:
            self._remember({"type": p.HOOK, "off_hook": self._hook.is_off_hook()})
        if "call" not in self._last:
            self._remember({"type": p.CALL,
                            "status": p.status_to_dict(self._phone.status())})
        self.push_health(self._health())
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._wake()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        for client in list(self._clients.values()):
            self._drop(client, "closing")
        if self._listener is not None:
            self._listener.close()
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    # ------------------------------------------------------------ from driver threads

    def _on_call(self, status: CallStatus) -> None:
        self._post({"type": p.CALL, "status": p.status_to_dict(status)})

    def _on_hook(self, off_hook: bool) -> None:
        self._post({"type": p.HOOK, "off_hook": off_hook})

    def push_health(self, items: list[Health]) -> None:
        """Any thread: send the health items when they changed (not only their time)."""
        message = {"type": p.HEALTH, "items": [h.to_dict() for h in items]}
        if _without_times(message) != _without_times(self._last.get("health", {})):
            self._post(message)

    def _post(self, message: dict[str, Any]) -> None:
        self._events.put(message)
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):   # full: the loop is awake already
            self._wake_w.send(b"x")

    # ------------------------------------------------------------ the loop

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready = self._selector.select(timeout=1.0)
            except OSError as exc:
                event(log, "phone.ipc_select_failed", logging.ERROR, error=str(exc))
                continue
            for key, mask in ready:
                try:
                    self._ready(key, mask)
                except Exception:   # one bad client or message must not stop the loop
                    log.exception("phone_ipc_failed")
            self._technician_state()
            self._broadcast_events()

    def _ready(self, key: selectors.SelectorKey, mask: int) -> None:
        if key.data == "accept":
            self._accept()
        elif key.data == "wake":
            with contextlib.suppress(OSError):
                while self._wake_r.recv(4096):
                    pass
        else:
            client = self._clients.get(key.fd)
            if client is None:
                return
            if mask & selectors.EVENT_READ:
                self._read(client)
            if mask & selectors.EVENT_WRITE and client.sock.fileno() in self._clients:
                self._flush(client)

    def _accept(self) -> None:
        assert self._listener is not None
        try:
            sock, _ = self._listener.accept()
        except OSError:
            return
        if len(self._clients) >= MAX_CLIENTS:
            sock.close()
            event(log, "phone.client_refused", logging.WARNING, reason="too many clients")
            return
        sock.setblocking(False)
        client = _Client(sock)
        self._clients[sock.fileno()] = client
        self._selector.register(sock, selectors.EVENT_READ, "client")
        # Bring it up to date: hello, then the latest of each kind, in a fixed order.
        self._send(client, self._hello)
        for kind in ("hook", "call", "technician", "health"):
            if kind in self._last:
                self._send(client, self._last[kind])

    def _read(self, client: _Client) -> None:
        try:
            data = client.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._drop(client, "closed")
            return
        client.inbuf.extend(data)
        while b"\n" in client.inbuf:
            line, _, rest = bytes(client.inbuf).partition(b"\n")
            client.inbuf = bytearray(rest)
            self._command(client, line)
            if client.sock.fileno() not in self._clients:
                return
        if len(client.inbuf) > p.MAX_LINE:
            self._drop(client, "line too long")

    def _command(self, client: _Client, line: bytes) -> None:
        try:
            message = p.decode(line)
        except p.ProtocolError as exc:
            self._send(client, {"type": p.REPLY, "id": None, "ok": False, "error": str(exc)})
            return
        cmd, ident = message.get("cmd"), message.get("id")
        if cmd not in p.COMMANDS:
            self._send(client, {"type": p.REPLY, "id": ident, "ok": False,
                                "error": f"unknown command {str(cmd)[:40]!r}"})
            return
        reply = self._execute(client, str(cmd), message)
        self._send(client, {"type": p.REPLY, "id": ident, **reply})

    def _execute(self, client: _Client, cmd: str, message: dict[str, Any]) -> dict[str, Any]:
        if cmd == p.CALL_EMERGENCY:
            trigger = str(message.get("trigger", "button"))[:20]
            return {"ok": True, "dialled": self._line.call(trigger)}
        if cmd == p.HANG_UP:
            self._line.hang_up()
            return {"ok": True}
        if cmd == p.TEST_CALL:
            return self._test_call(client, message)
        if cmd == p.TECHNICIAN_BEGIN:
            client.technician = True
            self._line.begin_technician_call()
            return {"ok": True}
        if cmd == p.TECHNICIAN_END:
            if client.technician:
                client.technician = False
                self._line.end_technician_call()
            return {"ok": True}
        if cmd == p.HEALTH_CMD:
            return {"ok": True, "items": [h.to_dict() for h in self._health()]}
        return {"ok": True}   # ping

    def _test_call(self, client: _Client, message: dict[str, Any]) -> dict[str, Any]:
        given = message.get("number")
        number = str(given) if given is not None else self._test_number
        if not number:
            return {"ok": False, "error": "no test number: [modem] test_number is empty"}
        if not is_dialable(number):
            return {"ok": False, "error": f"{number[:40]!r} is not a phone number"}
        if number in self._emergency_numbers and not message.get("explicit"):
            return {"ok": False, "error": f"{number} is an emergency number; a test call "
                                          "dials one only when it is given explicitly"}
        if self._phone.status().phase.is_live:
            return {"ok": False, "error": "a call is in progress"}
        client.technician = True
        client.test_call = True
        self._line.begin_technician_call()
        self._phone.call(number)
        return {"ok": True, "number": number}

    # ------------------------------------------------------------ sending

    def _technician_state(self) -> None:
        active = self._line.technician_call
        if active != self._last_technician or "technician" not in self._last:
            self._last_technician = active
            self._post({"type": p.TECHNICIAN, "active": active})

    def _broadcast_events(self) -> None:
        while True:
            try:
                message = self._events.get_nowait()
            except queue.Empty:
                return
            if message["type"] == p.CALL:
                self._call_seen(message["status"])
            self._remember(message)
            for client in list(self._clients.values()):
                self._send(client, message)

    def _call_seen(self, status: dict[str, Any]) -> None:
        if status.get("phase") == "ended" and not status.get("emergency", True):
            for client in self._clients.values():
                client.test_call = False

    def _remember(self, message: dict[str, Any]) -> None:
        self._last[str(message["type"])] = message

    def _send(self, client: _Client, message: dict[str, Any]) -> None:
        try:
            client.outbuf.extend(p.encode(message))
        except p.ProtocolError as exc:
            event(log, "phone.message_too_long", logging.ERROR, type=message.get("type"),
                  error=str(exc))
            return
        if len(client.outbuf) > MAX_BUFFERED:
            self._drop(client, "not reading")
            return
        self._flush(client)

    def _flush(self, client: _Client) -> None:
        try:
            sent = client.sock.send(client.outbuf)
        except BlockingIOError:
            sent = 0
        except OSError:
            self._drop(client, "send failed")
            return
        del client.outbuf[:sent]
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if client.outbuf else 0)
        with contextlib.suppress(KeyError, ValueError):
            self._selector.modify(client.sock, events, "client")

    def _drop(self, client: _Client, why: str) -> None:
        fd = client.sock.fileno()
        if self._clients.pop(fd, None) is None:
            return
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(client.sock)
        client.sock.close()
        if client.test_call and not self._phone.status().emergency:
            # Its tool or screen went away mid-test: nobody would hang the test up.
            self._phone.hang_up()
        if client.technician:
            self._line.end_technician_call()
        event(log, "phone.client_gone", why=why)


def _listen(path: Path, group: str = "") -> socket.socket:
    """Bind the socket, replacing a stale one; mode 0660, of `group` when given (the
    screen's and the technicians'; the process must be a member)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()   # one phone per runtime dir: the service holds its lock file
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
    old_umask = os.umask(0o117)
    try:
        sock.bind(str(path))
    finally:
        os.umask(old_umask)
    if group:
        try:
            os.chown(path, -1, grp.getgrnam(group).gr_gid)
        except (KeyError, OSError) as exc:   # the screen may not reach us; 110 still works
            event(log, "phone.socket_group_failed", logging.ERROR, group=group,
                  error=str(exc))
    sock.listen(MAX_CLIENTS)
    sock.setblocking(False)
    return sock


def _without_times(message: dict[str, Any]) -> list[Any]:
    return [{k: v for k, v in item.items() if k != "checked_at"}
            for item in message.get("items", [])]
