"""Class 3 of issue 14: slow and idle clients cannot exhaust the server.

Through the real nginx front: a thousand connections from one address that send
nothing or half a request do not stop operators or kiosks, and the front closes them
at its header timeout. Without the front, the application holds too: a process limited
to 256 file descriptors keeps serving while one address opens 300 idle connections,
and a request trickled one byte at a time is cut off at its deadline. Sign-in takes
only small urlencoded forms: nothing is spooled to disk.

Attackers connect from 127.0.0.2, the operator and the kiosk from 127.0.0.1.
"""

from __future__ import annotations

import os
import select
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from command_center.sqlite import SqliteStore

from .conftest import (
    KIOSK_A,
    OPERATOR,
    OPERATOR_PASSWORD,
    Fronted,
    Service,
    make_report,
    place,
)

ROOT = Path(__file__).resolve().parents[2]
ATTACKER = "127.0.0.2"
SLOW = 1000


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10,
                                    source_address=(ATTACKER, 0))
    sock.setblocking(False)
    return sock


def _closed_by_peer(sock: socket.socket) -> bool:
    try:
        data = sock.recv(4096)
    except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
        return False
    except OSError:
        return True
    # EOF, or the server's 408/431 answer followed by the close.
    return data == b"" or data.startswith(b"HTTP/1.1 4")


def _wait_all_closed(socks: list[socket.socket], timeout_s: float) -> list[socket.socket]:
    """Poll until the server has closed every socket; returns those still open."""
    poller = select.poll()
    by_fd = {sock.fileno(): sock for sock in socks}
    for fd in by_fd:
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    deadline = time.monotonic() + timeout_s
    while by_fd and time.monotonic() < deadline:
        for fd, _ in poller.poll(500):
            sock = by_fd.get(fd)
            if sock is not None and _closed_by_peer(sock):
                poller.unregister(fd)
                del by_fd[fd]
    return list(by_fd.values())


def _operator_and_kiosk_are_served(service: Service) -> None:
    s = service.sign_in()
    assert s.get(f"{service.url}/inbox", timeout=30).status_code == 200
    assert service.post_report(make_report()).status_code == 201


def test_a_thousand_slow_connections_through_the_front(fronted: Fronted) -> None:
    port = fronted.front.port
    ctx = fronted.front.tls_context()
    slow: list[socket.socket] = []
    try:
        for n in range(SLOW):
            sock = _connect(port)
            if n % 4 == 0:   # a TLS session that then sends half a request
                sock.setblocking(True)
                tls = ctx.wrap_socket(sock, server_hostname="127.0.0.1")
                tls.sendall(b"POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                tls.setblocking(False)
                slow.append(tls)
            elif n % 4 == 1:   # half a TLS hello
                sock.send(b"\x16\x03\x01\x00\xc8\x01")
                slow.append(sock)
            else:              # nothing at all
                slow.append(sock)
        _operator_and_kiosk_are_served(fronted.service)
        # nginx's client_header_timeout (10 s) closes every one of them.
        still_open = _wait_all_closed(slow, 40.0)
        assert not still_open, f"{len(still_open)} slow connections still open"
        _operator_and_kiosk_are_served(fronted.service)
    finally:
        for sock in slow:
            sock.close()


def test_the_front_refuses_big_sign_in_bodies_and_header_floods(fronted: Fronted) -> None:
    s = fronted.service.session()
    r = s.post(f"{fronted.service.url}/login", data={"username": "x" * 10_000}, timeout=30)
    assert r.status_code == 413
    r = s.get(f"{fronted.service.url}/inbox", headers={"X-Pad": "a" * 40_000}, timeout=30)
    assert r.status_code in (400, 431, 494)
    big = s.post(f"{fronted.service.url}/api/v1/reports", data=b" " * 100_000, timeout=30,
                 headers=fronted.service.headers())
    assert big.status_code == 400   # the API's contract (dead letter), not nginx's 413


# -- without the front ------------------------------------------------------------------


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[tuple[Service, Path]]:
    """The centre as a process limited to 256 descriptors, 2 s header timeout."""
    data = tmp_path / "cc"
    store = SqliteStore(data)
    tokens = {KIOSK_A.id: store.add_kiosk(KIOSK_A.id, place(KIOSK_A))}
    store.add_operator(OPERATOR, OPERATOR_PASSWORD)
    store.close()
    spool = tmp_path / "spool"
    spool.mkdir()

    proc = subprocess.Popen(   # prlimit (util-linux): at most 256 file descriptors
        ["prlimit", "--nofile=256:256", sys.executable, "-m", "command_center",
         "--data-dir", str(data), "--port", "0",
         "--header-timeout", "2", "--body-timeout", "2", "--max-connections", "200",
         "--max-connections-per-client", "32", "--log-level", "ERROR"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "TMPDIR": str(spool)})
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split("listening on ")[1].split("/ ")[0]
        yield Service(url, SqliteStore(data), tokens), spool
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_idle_connections_from_one_address_do_not_use_up_the_process(
        limited: tuple[Service, Path]) -> None:
    service, _ = limited
    port = int(service.url.rsplit(":", 1)[1])
    idle = [_connect(port) for _ in range(300)]   # more than the process's 256 fds
    try:
        _operator_and_kiosk_are_served(service)
        # The 32 it kept (per-client limit) are closed at the header timeout.
        assert not _wait_all_closed(idle, 20.0)
    finally:
        for sock in idle:
            sock.close()


def test_a_request_trickled_byte_by_byte_is_cut_off_at_its_deadline(
        limited: tuple[Service, Path]) -> None:
    service, _ = limited
    port = int(service.url.rsplit(":", 1)[1])
    sock = _connect(port)
    request = b"GET /inbox HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
    started = time.monotonic()
    try:
        for byte in request:
            if _closed_by_peer(sock):
                break
            try:
                sock.send(bytes([byte]))
            except OSError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("a trickled request was never cut off")
        assert time.monotonic() - started < 30   # bounded, never "for ever"
    finally:
        sock.close()


def test_sign_in_takes_only_small_urlencoded_forms(limited: tuple[Service, Path]) -> None:
    service, spool = limited
    url = f"{service.url}/login"
    files = {"upload": ("big.bin", b"\0" * 2_000_000)}
    r = requests.post(url, files=files, data={"username": "x"}, timeout=30)
    assert r.status_code == 415
    r = requests.post(url, data={"username": "u", "password": "p" * 10_000}, timeout=30)
    assert r.status_code == 413
    assert list(spool.iterdir()) == []   # nothing was spooled
    sock = socket.create_connection(("127.0.0.1", int(service.url.rsplit(":", 1)[1])),
                                    timeout=10)
    sock.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 40_000 + b"\r\n\r\n")
    assert sock.recv(100).startswith(b"HTTP/1.1 431")
    sock.close()
