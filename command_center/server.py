"""Running the application under uvicorn, in the foreground or on a background thread.

The listening socket is bound before uvicorn starts, so `--port 0` works (the kernel
picks a free port) and the address is known — and printed — before the first request.
`BackgroundServer` is for tests and demos that need a real server in-process.
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from typing import Any

import uvicorn
from fastapi import FastAPI


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


def uvicorn_config(app: FastAPI, access_log: bool = False) -> uvicorn.Config:
    # httptools and uvloop are faster C implementations of the HTTP parser and the
    # event loop; uvicorn falls back to pure-Python h11/asyncio when they are missing.
    options: dict[str, Any] = {
        "http": "httptools" if importlib.util.find_spec("httptools") else "h11",
        "loop": "uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
    }
    return uvicorn.Config(app, log_config=None, access_log=access_log,
                          timeout_keep_alive=30, **options)


def serve(app: FastAPI, sock: socket.socket, access_log: bool = False) -> None:
    """Serve on `sock` until SIGINT/SIGTERM."""
    uvicorn.Server(uvicorn_config(app, access_log)).run(sockets=[sock])


class BackgroundServer:
    """A real uvicorn server on a background thread: `with BackgroundServer(app) as s:`."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        self._sock = bind(host, port)
        self.url = url_of(self._sock)
        self._server = uvicorn.Server(uvicorn_config(app))
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
