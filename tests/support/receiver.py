"""One stub command centre for tests and benchmarks: real HTTP on 127.0.0.1.

`Receiver(answer)` serves on a free port in a thread, records every request it got
(`requests`, and the JSON bodies posted to /reports and /events) and answers each with
`answer(request)`. The default, `accept`, is the delivery side of docs/api.md at its
simplest: a report or event is stored (201 with its id), a heartbeat gets 204, a stored
report's status is "received". tests/offline_queue/faultserver.py, which misbehaves on
purpose, is a server of its own (idempotency, faults, a control API) on `QuietServer`.

`python -m tests.support.receiver` serves `accept` in a process of its own (benchmarks:
its own interpreter lock) and prints its port.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

PREFIX = "/api/v1"
ITEM_ROUTES = ("/reports", "/events")


@dataclass(frozen=True)
class Request:
    method: str
    path: str   # as sent, the prefix included
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of header `name`, whatever case the client wrote it in."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else {}

    @property
    def route(self) -> str:
        """The path below /api/v1, without a query: "/reports", "/kiosks/k1/heartbeat"."""
        return self.path.split("?", 1)[0].removeprefix(PREFIX)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str = "application/json"

    @classmethod
    def json(cls, status: int, data: object, **headers: str) -> Answer:
        return cls(status, json.dumps(data).encode(), headers)


Responder = Callable[[Request, "Receiver"], Answer]


def accept(request: Request, receiver: Receiver) -> Answer:
    """A command centre that takes everything: 201 with the item's id (the
    Idempotency-Key, else the body's id), 204 for a heartbeat, "received" for a stored
    report's status, 404 for anything else."""
    route = request.route
    if request.method == "POST" and route in ITEM_ROUTES:
        data = request.json()
        key = request.header("Idempotency-Key") or data.get("id", "")
        return Answer.json(201 if key else 200, {"id": key})
    if request.method == "POST" and route.endswith("/heartbeat"):
        return Answer(204)
    parts = route.strip("/").split("/")
    if (request.method == "GET" and len(parts) == 3 and parts[0] == "reports"
            and parts[2] == "status" and parts[1] in receiver.posted_ids()):
        return Answer.json(200, {"id": parts[1], "status": "received", "acknowledged": False})
    return Answer.json(404, {"detail": "Not Found"})


def always(status: int, headers: Mapping[str, str] | None = None,
           body: bytes = b'{"detail": "Not Found"}') -> Responder:
    """The same answer to every request (a broken or captive server)."""
    answer = Answer(status, body, headers or {})
    return lambda request, receiver: answer


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 that logs nothing: a client that timed out
    or was killed mid-request is the test, not an error."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler],
                 tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.scheme = "http"
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
            self.scheme = "https"

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket],
                     client_address: object) -> None:
        pass


class InBackground:
    """A QuietServer served from a daemon thread, started and stopped as a context
    manager: the one way the tests' HTTP stand-ins (this Receiver, the outbox tests'
    FaultServer) run."""

    def __init__(self, httpd: QuietServer) -> None:
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.05})

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Receiver(InBackground):
    def __init__(self, answer: Responder = accept, *,
                 tls: ssl.SSLContext | None = None) -> None:
        self.answer = answer
        self.lock = threading.Lock()
        self.requests: list[Request] = []
        self._ids: set[str] = set()
        super().__init__(_ReceiverServer(self, tls))

    @property
    def url(self) -> str:
        return f"{self._httpd.scheme}://127.0.0.1:{self._httpd.port}{PREFIX}"

    @property
    def port(self) -> int:
        return self._httpd.port

    def posted(self, route: str) -> list[Any]:
        """The JSON bodies POSTed to `route` ("/reports", "/events"), in order."""
        with self.lock:
            return [r.json() for r in self.requests if r.method == "POST" and r.route == route]

    @property
    def reports(self) -> list[Any]:
        return self.posted("/reports")

    @property
    def events(self) -> list[Any]:
        return self.posted("/events")

    def posted_ids(self) -> set[str]:
        """The ids of the reports and events posted so far."""
        with self.lock:
            return set(self._ids)

    def handle(self, request: Request) -> Answer:
        with self.lock:
            self.requests.append(request)
            if request.method == "POST" and request.route in ITEM_ROUTES:
                with suppress(ValueError, AttributeError):   # not a JSON object
                    self._ids.add(str(request.json().get("id")))
        return self.answer(request, self)


class _ReceiverServer(QuietServer):
    def __init__(self, receiver: Receiver, tls: ssl.SSLContext | None) -> None:
        super().__init__(_Handler, tls)
        self.receiver = receiver


class KeepAliveHandler(BaseHTTPRequestHandler):
    """A request handler that talks as a real server does: HTTP/1.1 keep-alive."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY the second waits for a
    # delayed ACK (~40 ms) and every request looks slow.
    disable_nagle_algorithm = True


class _Handler(KeepAliveHandler):

    def _serve(self) -> None:
        assert isinstance(self.server, _ReceiverServer)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        answer = self.server.receiver.handle(
            Request(self.command, self.path, tuple(self.headers.items()), body))
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    do_GET = do_POST = _serve

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    receiver = Receiver().start()
    print(receiver.port, flush=True)
    threading.Event().wait()   # until the benchmark kills this process


if __name__ == "__main__":
    main()
