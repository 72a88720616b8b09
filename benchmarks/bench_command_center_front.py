"""Command centre behind its nginx front (issue 14), side by side in one run:

    reports/s accepted through the front (TLS, the repo's nginx config) vs straight
    to uvicorn, same server process, same durability (synchronous=FULL)
                                                target: the front costs <= 20 %
    time to first byte of an operator page (GET /inbox, signed in, keep-alive) while
    1,000 slow connections are held open vs idle
                                                target: <= 2x the idle time

The server is one `python -m command_center` process; nginx is Debian's, started as a
child with the same files the tests use (tests/command_center/front.py). Throughput:
4 client processes, one keep-alive connection each, as 4 kiosks (own tokens, own
source addresses 127.0.0.2-5, so each is within the front's per-address limits), posting
distinct valid reports; reports/s = 201 answers / wall-clock time from a common start
to the last client's end. Rounds alternate direct/front, three pairs; the front's cost
is the median of the three paired ratios. The per-token rate limit and quota are raised
for this run: it measures capacity, not the limits.

TTFB: 200 samples per condition, paced at ~15 requests/s (an operator's browser, and
under the front's per-address page limit). The slow connections come from 127.0.0.1's
neighbour 127.0.0.2 and are re-opened as the front closes them at its header timeout,
so 1,000 stay open throughout, as an attacker would keep them.
"""

from __future__ import annotations

import http.client
import multiprocessing as mp
import socket
import ssl
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import CLIENTS, UNLIMITED, bodies, centre  # noqa: E402
from benchmarks.stats import percentile  # noqa: E402
from command_center.sqlite import SqliteStore  # noqa: E402
from tests.command_center.front import Front  # noqa: E402
from wire.report import KioskInfo  # noqa: E402

PER_CLIENT = 600
WARMUP = 40
SAMPLES = 200
SLOW = 1000
OPERATOR, PASSWORD = "bench", "bench-password-1"


def client(args: tuple[str, str, str, str, str | bool, float]) -> tuple[int, float]:
    url, kiosk_id, token, source, verify, start_at = args
    session = requests.Session()
    session.trust_env = False
    session.verify = verify
    adapter = requests.adapters.HTTPAdapter()
    adapter.init_poolmanager(1, 1, source_address=(source, 0))
    session.mount(url, adapter)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    kiosk = KioskInfo(kiosk_id, "MRT Bundaran HI", -6.1932, 106.8230)
    for body in bodies(WARMUP, kiosk):
        session.post(f"{url}/api/v1/reports", data=body, headers=headers, timeout=30)
    work = bodies(PER_CLIENT, kiosk)
    while time.time() < start_at:
        time.sleep(0.001)
    accepted = 0
    for body in work:
        r = session.post(f"{url}/api/v1/reports", data=body, headers=headers, timeout=30)
        accepted += r.status_code == 201
    return accepted, time.time()


def throughput(url: str, tokens: dict[str, str], verify: str | bool) -> float:
    start_at = time.time() + 2.5
    jobs = [(url, kiosk_id, token, f"127.0.0.{n + 2}", verify, start_at)
            for n, (kiosk_id, token) in enumerate(tokens.items())]
    with mp.Pool(CLIENTS) as pool:
        results = pool.map(client, jobs)
    accepted = sum(a for a, _ in results)
    wall = max(end for _, end in results) - start_at
    return accepted / wall


def sign_in(url: str, verify: str | bool) -> str:
    s = requests.Session()
    s.trust_env = False
    s.verify = verify
    r = s.post(f"{url}/login", data={"username": OPERATOR, "password": PASSWORD},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303, r.status_code
    return str(s.cookies["cc_session"])


def ttfb_samples(host: str, port: int, tls: ssl.SSLContext | None, cookie: str) -> list[float]:
    """SAMPLES times to the first byte of GET /inbox over one keep-alive connection."""
    conn: http.client.HTTPConnection
    if tls is not None:
        conn = http.client.HTTPSConnection(host, port, context=tls, timeout=30)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=30)
    out = []
    headers = {"Cookie": f"cc_session={cookie}"}
    for _ in range(SAMPLES):
        t0 = time.perf_counter()
        conn.request("GET", "/inbox?refresh=0", headers=headers)
        response = conn.getresponse()   # returns once the status line has arrived
        out.append(time.perf_counter() - t0)
        assert response.status == 200, response.status
        response.read()
        time.sleep(0.065)
    conn.close()
    return out


class SlowClients:
    """Keeps SLOW connections open to (host, port) from 127.0.0.2, each sending part of
    a request, re-opening those the server closes."""

    def __init__(self, port: int, tls: ssl.SSLContext | None) -> None:
        self.port, self.tls = port, tls
        self.socks: list[socket.socket] = []
        self.stop = threading.Event()
        self.opened = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5,
                                            source_address=("127.0.0.2", 0))
            if self.tls is not None and self.opened % 4 == 0:
                sock = self.tls.wrap_socket(sock, server_hostname="127.0.0.1")
            sock.sendall(b"GET /inbox HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sock.setblocking(False)
            self.opened += 1
            return sock
        except OSError:
            return None

    def _run(self) -> None:
        while not self.stop.is_set():
            alive = []
            for sock in self.socks:
                try:
                    if sock.recv(1) == b"":
                        sock.close()
                        continue
                except (BlockingIOError, ssl.SSLWantReadError):
                    pass
                except OSError:
                    sock.close()
                    continue
                alive.append(sock)
            self.socks = alive
            while len(self.socks) < SLOW and not self.stop.is_set():
                fresh = self._open()
                if fresh is None:
                    break
                self.socks.append(fresh)
            self.stop.wait(0.5)

    def __enter__(self) -> SlowClients:
        self.thread.start()
        deadline = time.monotonic() + 60
        while len(self.socks) < SLOW and time.monotonic() < deadline:
            time.sleep(0.1)
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        for sock in self.socks:
            sock.close()


def pct(values: list[float], p: float) -> float:
    """In milliseconds (the samples are seconds)."""
    return percentile(values, p) * 1000


def main() -> int:
    print("(server, nginx and clients share this machine's 2 cores)")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "cc"
        store = SqliteStore(data)
        tokens = {f"bench-kiosk-{n}": store.add_kiosk(f"bench-kiosk-{n}") for n in range(CLIENTS)}
        store.add_operator(OPERATOR, PASSWORD)
        store.close()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            app_port = probe.getsockname()[1]
        front = Front(Path(tmp), f"127.0.0.1:{app_port}").start()
        try:
            with centre(data, ["--public-url", front.url, "--trusted-proxy", "127.0.0.1",
                               *UNLIMITED], port=app_port) as (direct, _):
                measure(front, direct, tokens)
        finally:
            front.stop()
    return 0


def measure(front: Front, direct: str, tokens: dict[str, str]) -> None:
    rates: dict[str, list[float]] = {"direct": [], "front": []}
    for _ in range(3):
        rates["direct"].append(throughput(direct, tokens, True))
        rates["front"].append(throughput(front.url, tokens, str(front.cert)))
    d, f = statistics.median(rates["direct"]), statistics.median(rates["front"])
    # Each front round runs right after its direct round: their ratio is the
    # least disturbed by other work on the machine drifting in and out.
    paired = statistics.median(fr / dr for dr, fr in zip(rates["direct"],
                                                          rates["front"], strict=True))
    print(f"command centre, reports/s accepted straight to uvicorn: median {d:.0f} "
          f"(rounds {', '.join(f'{r:.0f}' for r in rates['direct'])})")
    print(f"command centre, reports/s accepted through the nginx front (TLS): median "
          f"{f:.0f} (rounds {', '.join(f'{r:.0f}' for r in rates['front'])}); "
          f"the front costs {(1 - paired) * 100:.0f} % (median of the paired rounds; "
          f"target <= 20 %)")
    cookie = sign_in(front.url, str(front.cert))
    tls = front.tls_context()
    idle = ttfb_samples("127.0.0.1", front.port, tls, cookie)
    with SlowClients(front.port, tls) as slow:
        held = len(slow.socks)
        loaded = ttfb_samples("127.0.0.1", front.port, tls, cookie)
        reopened = slow.opened
    ratio = statistics.median(loaded) / statistics.median(idle)
    print(f"operator page TTFB through the front, idle: p50 {pct(idle, .5):.1f} ms, "
          f"p99 {pct(idle, .99):.1f} ms ({SAMPLES} samples)")
    print(f"operator page TTFB through the front, {held} slow connections held "
          f"({reopened} opened in all): p50 {pct(loaded, .5):.1f} ms, "
          f"p99 {pct(loaded, .99):.1f} ms; p50 ratio {ratio:.2f}x (target <= 2x)")
    direct_port = int(direct.rsplit(":", 1)[1])
    cookie = sign_in(direct, True)
    idle = ttfb_samples("127.0.0.1", direct_port, None, cookie)
    with SlowClients(direct_port, None) as slow:
        loaded = ttfb_samples("127.0.0.1", direct_port, None, cookie)
        tried = slow.opened
    print(f"operator page TTFB straight to uvicorn, idle p50 {pct(idle, .5):.1f} ms; "
          f"while one address keeps trying to hold {SLOW} ({tried} connections made; "
          f"the application keeps 64 per address): p50 {pct(loaded, .5):.1f} ms, p99 "
          f"{pct(loaded, .99):.1f} ms; ratio "
          f"{statistics.median(loaded) / statistics.median(idle):.2f}x")



if __name__ == "__main__":
    sys.exit(main())
