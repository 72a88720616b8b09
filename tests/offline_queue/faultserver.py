"""A real HTTP command centre on 127.0.0.1 that misbehaves on purpose.

It implements the delivery side of docs/api.md (idempotent store by Idempotency-Key,
201 new / 202 same body / 422 different body, operator status, heartbeat) and, per
request, injects the fault that `faults(key)` picks: a 500, a 429 with Retry-After, a
connection dropped before or after the report was stored, an answer slower than the
client's timeout, a captive portal's 200 page or redirect, a 201 naming another id.
It runs on tests/support/receiver.py's QuietServer; a stub that only takes what it is
sent is the Receiver there.
"""

from __future__ import annotations

import json
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, TypedDict

from tests.support.receiver import PREFIX, InBackground, KeepAliveHandler, QuietServer

TOKEN = "test-token-not-secret"  # the token tests/conftest.py writes into the config


class Fault(StrEnum):
    NONE = "none"
    ERROR_500 = "500"
    ERROR_503 = "503"
    RATE_LIMIT = "429"
    DROP_BEFORE_STORE = "drop-before"
    DROP_AFTER_STORE = "drop-after"
    SLOW_AFTER_STORE = "slow"
    CAPTIVE_PORTAL = "captive-200"
    REDIRECT = "redirect"
    WRONG_ID = "wrong-id"
    UNAUTHORIZED = "401"
    FORBIDDEN_KIOSK = "403"  # an older centre's answer to a body of another kiosk
    CONFLICT_409 = "409"  # a newer centre's: a 4xx other than 401/403
    BAD_REQUEST = "400"


class ControlStats(TypedDict):
    """What every `/_control/…` request answers: the server's counts since `reset`."""

    stored: int
    timed: int  # stores with a time in store_times
    conflicts: int
    max_copies: int
    posts: int
    faulted: int
    first_store: float | None  # time.monotonic() of this process
    last_store: float | None
    down: bool
    heartbeats: int
    dropped_while_down: int


CAPTIVE_PAGE = (b"<!doctype html><html><head><title>Free Station WiFi</title></head>"
                b"<body><form action='/login'>Accept terms</form></body></html>")


class FaultServer(InBackground):
    def __init__(self, faults: Callable[[str], Fault] | None = None, *,
                 slow_s: float = 1.0, retry_after: str = "1", token: str = TOKEN,
                 tls: tuple[Path, Path] | None = None) -> None:
        """`tls` = (certificate chain, key): serve HTTPS instead of HTTP."""
        self.faults = faults or (lambda key: Fault.NONE)
        self.slow_s = slow_s
        self.retry_after = retry_after
        self.token = token
        self.lock = threading.Lock()
        self.stored: dict[str, bytes] = {}  # id -> body, what the "database" holds
        self.stored_order: list[str] = []
        self.store_count: Counter[str] = Counter()  # times an id was stored as new
        self.conflicts: list[str] = []  # same id, different body (422)
        self.posts: list[tuple[str, Fault]] = []
        self.heartbeats: list[dict[str, Any]] = []
        self.operator_status: dict[str, str] = {}
        self.status_gets: Counter[str] = Counter()
        self.stop_event = threading.Event()  # wakes slow handlers at shutdown
        self.down = False  # True: every request is reset unanswered (the link is down)
        self.dropped_while_down = 0
        self.store_times: dict[str, float] = {}  # id -> time.monotonic() of its store
        context = None
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
        super().__init__(_FaultHTTPServer(self, context))

    @property
    def url(self) -> str:
        return f"{self._httpd.scheme}://127.0.0.1:{self._httpd.port}{PREFIX}"

    def stop(self) -> None:
        self.stop_event.set()
        super().stop()

    def store(self, key: str, body: bytes) -> int:
        """The idempotent insert of the real command centre: 201, 202 or 422."""
        with self.lock:
            if key not in self.stored:
                self.stored[key] = body
                self.store_times[key] = time.monotonic()
                self.stored_order.append(key)
                self.store_count[key] += 1
                return 201
            if self.stored[key] == body:
                return 202
            self.conflicts.append(key)
            return 422


class _FaultHTTPServer(QuietServer):
    def __init__(self, owner: FaultServer, tls: ssl.SSLContext | None) -> None:
        super().__init__(_Handler, tls)
        self.owner = owner


class _Handler(KeepAliveHandler):

    @property
    def owner(self) -> FaultServer:
        assert isinstance(self.server, _FaultHTTPServer)
        return self.server.owner

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: bytes = b"", content_type: str = "application/json",
               headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Mapping[str, object], **headers: str) -> None:
        self._reply(status, json.dumps(data).encode(), headers=headers)

    def _drop(self) -> None:
        """Reset the connection without an answer (RST, not a polite FIN)."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True

    def _link_down(self) -> bool:
        if not self.owner.down:
            return False
        with self.owner.lock:
            self.owner.dropped_while_down += 1
        self._drop()
        return True

    def _control(self) -> bool:
        """`/_control/…` (benchmarks drive a server in another process): down, up,
        faults?rate=R, stats."""
        if not self.path.startswith("/_control/"):
            return False
        owner, what = self.owner, self.path.removeprefix("/_control/")
        if what == "down":
            owner.down = True
        elif what == "up":
            owner.down = False
        elif what == "reset":  # a new measurement: times and counts from now on
            with owner.lock:
                owner.store_times.clear()
                owner.posts.clear()
        elif what.startswith("faults?rate="):
            setattr(owner.faults, "rate", float(what.split("=", 1)[1]))  # noqa: B010
            setattr(owner.faults, "on", True)  # noqa: B010
        with owner.lock:
            times = list(owner.store_times.values())
            stats: ControlStats = {
                "stored": len(owner.stored), "timed": len(times),
                "conflicts": len(owner.conflicts),
                "max_copies": max(owner.store_count.values(), default=0),
                "posts": len(owner.posts),
                "faulted": sum(f is not Fault.NONE for _, f in owner.posts),
                "first_store": min(times, default=None),
                "last_store": max(times, default=None), "down": owner.down,
                "heartbeats": len(owner.heartbeats),
                "dropped_while_down": owner.dropped_while_down}
        self._json(200, stats)
        return True

    def do_GET(self) -> None:
        if self._control() or self._link_down():
            return
        parts = self.path.removeprefix(PREFIX).strip("/").split("/")
        if len(parts) == 3 and parts[0] == "reports" and parts[2] == "status":
            key = parts[1]
            owner = self.owner
            with owner.lock:
                owner.status_gets[key] += 1
                known = key in owner.stored
                status = owner.operator_status.get(key, "received")
            if known:
                self._json(200, {"id": key, "status": status,
                                 "acknowledged": status != "received"})
                return
        self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self._control() or self._link_down():
            return
        path = self.path.removeprefix(PREFIX)
        if self.headers.get("Authorization") != f"Bearer {self.owner.token}":
            self._json(401, {"error": "unauthorized"})
            return
        if path.startswith("/kiosks/") and path.endswith("/heartbeat"):
            with self.owner.lock:
                self.owner.heartbeats.append(json.loads(body))
            self._reply(204)
            return
        if path not in ("/reports", "/events"):
            self._json(404, {"error": "not found"})
            return
        self._post_item(body)

    def _post_item(self, body: bytes) -> None:
        owner = self.owner
        key = self.headers.get("Idempotency-Key", "")
        fault = owner.faults(key)
        with owner.lock:
            owner.posts.append((key, fault))
        try:
            body_id = json.loads(body).get("id")
        except ValueError:
            body_id = None
        if fault is Fault.DROP_BEFORE_STORE:
            return self._drop()
        if fault in (Fault.ERROR_500, Fault.ERROR_503):
            return self._json(int(fault.value), {"error": "server error"},
                              **{"Retry-After": owner.retry_after})
        if fault is Fault.RATE_LIMIT:
            return self._json(429, {"error": "slow down"}, **{"Retry-After": owner.retry_after})
        if fault is Fault.UNAUTHORIZED:
            return self._json(401, {"error": "token revoked"})
        if fault in (Fault.FORBIDDEN_KIOSK, Fault.CONFLICT_409):
            return self._json(int(fault.value), {"error": "the body names another kiosk"})
        if fault is Fault.CAPTIVE_PORTAL:
            return self._reply(200, CAPTIVE_PAGE, "text/html")
        if fault is Fault.REDIRECT:
            return self._reply(302, b"", "text/html",
                               {"Location": "http://portal.invalid/login"})
        if fault is Fault.BAD_REQUEST or body_id != key:
            return self._json(400, {"error": "invalid report",
                                    "reasons": ["category: unknown category"]})
        status = owner.store(key, body)
        answer = {"id": "00000000-0000-4000-8000-000000000000" if fault is Fault.WRONG_ID
                  else key, "status_url": f"http://127.0.0.1/t/{key[:8]}"}
        if fault is Fault.DROP_AFTER_STORE:
            return self._drop()
        if fault is Fault.SLOW_AFTER_STORE:
            owner.stop_event.wait(owner.slow_s)
        if status == 422:
            return self._json(422, {"error": "id known with a different body"})
        return self._json(status, answer)


def serve_in_process(port_file: str, seed: int, slow_s: float) -> None:
    """`python -m tests.offline_queue.faultserver PORT_FILE SEED SLOW_S`: a server for
    the benchmarks, in its own process (its own interpreter lock); faults start off
    and are switched with /_control/faults?rate=R."""
    from tests.offline_queue.faultrun import SwitchableFaults

    server = FaultServer(SwitchableFaults(seed, 0.0), slow_s=slow_s, retry_after="1")
    server.start()
    Path(port_file).write_text(server.url)
    server.stop_event.wait()


if __name__ == "__main__":
    import sys

    serve_in_process(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
