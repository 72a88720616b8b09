"""Running the application under uvicorn, in the foreground or on a background thread,
with the connection limits uvicorn itself lacks.

uvicorn times out only *idle keep-alive* connections, and only after a first response:
a client that connects and sends nothing, or sends half a request, or trickles one
byte a second, is kept for ever (its keep-alive timer is cancelled by every byte), and
a thousand of them use up the process's file descriptors. `GuardedProtocol` (uvicorn's
httptools protocol plus deadlines) closes such connections:

- the request's headers must be complete `header_timeout_s` after connecting, or after
  the request's first byte, and within MAX_HEADER_BYTES;
- its body must be complete `body_timeout_s` after the headers;
- at most `max_connections` connections in all and `max_connections_per_client` per
  client address (trusted proxies exempt, they limit their own clients) — more are
  closed at once, before they cost anything.

The listening socket is bound before uvicorn starts, so `--port 0` works (the kernel
picks a free port) and the address is known — and printed — before the first request.
`BackgroundServer` is for tests and demos that need a real server in-process.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import socket
import threading
import time
from collections import Counter
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from command_center.settings import Settings

MAX_HEADER_BYTES = 16 * 1024
SHUTDOWN_GRACE_S = 1.0   # what a response still streaming gets when the server stops
# Query parameters whose value may appear in the access log; any other value (a token
# someone put in a URL, a `next` path) is written as ***.
LOGGED_QUERY = frozenset({"page", "only_open", "refresh", "after"})
_TIMEOUT_ANSWER = (b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n"
                   b"connection: close\r\n\r\n")
_TOO_LARGE_ANSWER = (b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n"
                     b"connection: close\r\n\r\n")


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted connections only
    # when the socket says it is TCP; without it Nagle's algorithm and the client's
    # delayed ACK add ~40 ms to every keep-alive response.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


class ConnectionCounter:
    """Open connections, in total and per client address (shared by one server's
    protocols, all on its event loop thread)."""

    def __init__(self, total: int, per_client: int, exempt: frozenset[str]) -> None:
        self.total_limit = total
        self.per_client_limit = per_client
        self.exempt = exempt
        self.total = 0
        self.by_client: Counter[str] = Counter()

    def admit(self, client: str) -> bool:
        if self.total >= self.total_limit:
            return False
        if client not in self.exempt and self.by_client[client] >= self.per_client_limit:
            return False
        self.total += 1
        self.by_client[client] += 1
        return True

    def release(self, client: str) -> None:
        self.total -= 1
        self.by_client[client] -= 1
        if self.by_client[client] <= 0:
            del self.by_client[client]


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with request deadlines and connection limits."""

    counter: ClassVar[ConnectionCounter]
    header_timeout_s: ClassVar[float]
    body_timeout_s: ClassVar[float]
    keepalive_timeout_s: ClassVar[float]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._admitted: str | None = None
        self._head_bytes = 0
        self._in_head = True
        self._too_large = False

    # -- connection -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        client = self.client[0] if self.client else "unknown"
        if not self.counter.admit(client):
            transport.abort()   # over a limit: costs nothing more than this
            return
        self._admitted = client
        self._arm(self.header_timeout_s)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._admitted is not None:
            self.counter.release(self._admitted)
            self._admitted = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._admitted is None:
            return
        super().data_received(data)
        # Counted only while the headers are still incomplete after this chunk: a chunk
        # that finishes them (and carries a body) is not a header flood.
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEADER_BYTES:
                self._refuse(_TOO_LARGE_ANSWER)

    # -- parser callbacks (httptools) ---------------------------------------------------

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)
        super().on_header(name, value)

    def _count_head(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > MAX_HEADER_BYTES:
            self._too_large = True
            # Stops the parser; uvicorn answers a parser error with send_400_response.
            raise ValueError("request head too large")

    def send_400_response(self, msg: str) -> None:
        if self._too_large:
            self._refuse(_TOO_LARGE_ANSWER)
        else:
            super().send_400_response(msg)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        self._arm(self.header_timeout_s)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._arm(self.body_timeout_s)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.pipeline:
            # Idle keep-alive is uvicorn's; this bounds a next request begun but never
            # finished (uvicorn cancels its keep-alive timer at the first byte).
            self._in_head, self._head_bytes = True, 0
            self._arm(self.keepalive_timeout_s + self.header_timeout_s)

    def shutdown(self) -> None:
        """The server is stopping: idle connections close now (uvicorn); a response
        still going — a live inbox stream never ends by itself — gets SHUTDOWN_GRACE_S
        to finish, then its connection closes (the browser reconnects elsewhere)."""
        super().shutdown()
        if not self.transport.is_closing() and self.cycle is not None \
                and not self.cycle.response_complete:
            self._arm(SHUTDOWN_GRACE_S)

    # -- deadlines ------------------------------------------------------------------------

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
            self._refuse(_TIMEOUT_ANSWER)
        else:
            self.transport.close()

    def _refuse(self, answer: bytes) -> None:
        self._disarm()
        if not self.transport.is_closing():
            self.transport.write(answer)
            self.transport.close()


def guarded_protocol(settings: Settings) -> type[GuardedProtocol]:
    """A GuardedProtocol class bound to `settings`' limits (uvicorn instantiates it)."""
    counter = ConnectionCounter(settings.max_connections, settings.max_connections_per_client,
                                frozenset(settings.trusted_proxies))
    return type("CommandCentreProtocol", (GuardedProtocol,), {
        "counter": counter, "header_timeout_s": settings.header_timeout_s,
        "body_timeout_s": settings.body_timeout_s,
        "keepalive_timeout_s": settings.keepalive_timeout_s})


def mask_query(path: str) -> str:
    """`path` with the value of every query parameter not in LOGGED_QUERY replaced by
    *** (tokens and codes put into URLs must never reach a log)."""
    base, sep, query = path.partition("?")
    if not sep:
        return path
    pairs = parse_qsl(query, keep_blank_values=True)
    return base + "?" + urlencode([(k, v if k in LOGGED_QUERY else "***") for k, v in pairs],
                                  safe="*")


class _AccessLogMask(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], mask_query(args[2]), *args[3:])
        return True


def uvicorn_config(app: FastAPI, access_log: bool = False) -> uvicorn.Config:
    settings: Settings = app.state.settings
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, _AccessLogMask) for f in access.filters):
        access.addFilter(_AccessLogMask())
    if access_log:   # uvicorn turns propagation off for access_log=False, for good
        access.propagate = True
    return uvicorn.Config(
        app, log_config=None, access_log=access_log,
        # uvloop is a faster event loop (C); asyncio's own when it is missing.
        loop="uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        # httptools is required: the guard is built on its parser callbacks.
        http=guarded_protocol(settings),
        timeout_keep_alive=int(settings.keepalive_timeout_s),
        # X-Forwarded-For/-Proto only from the configured proxies; none by default
        # (uvicorn would otherwise believe them from 127.0.0.1).
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or [],
        server_header=False, date_header=True)


def serve(app: FastAPI, sock: socket.socket, access_log: bool = False) -> None:
    """Serve on `sock` until SIGINT/SIGTERM."""
    uvicorn.Server(uvicorn_config(app, access_log)).run(sockets=[sock])


class BackgroundServer:
    """A real uvicorn server on a background thread: `with BackgroundServer(app) as s:`."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0,
                 access_log: bool = False, sock: socket.socket | None = None) -> None:
        self._sock = sock or bind(host, port)
        self.url = url_of(self._sock)
        self._server = uvicorn.Server(uvicorn_config(app, access_log))
        self._thread = threading.Thread(target=self._server.run,
                                        kwargs={"sockets": [self._sock]},
                                        name="command-center", daemon=True)

    def start(self, timeout_s: float = 30.0) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the command centre did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)
        self._sock.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
