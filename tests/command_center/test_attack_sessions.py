"""Class 4 of issue 14: sessions can be ended, and nobody else's failures keep an
operator out.

Through the real front where client addresses matter: the front passes each client's
address in X-Forwarded-For, the application believes it only from the front, and
the throttle counts per user+address and per address.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from command_center.auth import MAX_DELAY_S, login_keys
from command_center.sqlite import SqliteStore

from .conftest import OPERATOR, OPERATOR_PASSWORD, Fronted, Service, start_service

ROOT = Path(__file__).resolve().parents[2]


class SourceAddressAdapter(HTTPAdapter):
    """requests from a chosen local address (127.0.0.2 stands for another client)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]


def from_address(service: Service, address: str) -> requests.Session:
    session = service.session()
    session.mount("https://", SourceAddressAdapter(address))
    session.mount("http://", SourceAddressAdapter(address))
    return session


def _sign_in(service: Service, session: requests.Session,
             password: str = OPERATOR_PASSWORD) -> requests.Response:
    return session.post(f"{service.url}/login", timeout=30, allow_redirects=False,
                        data={"username": OPERATOR, "password": password})


def test_a_copied_cookie_stops_working_at_sign_out(fronted: Fronted) -> None:
    service = fronted.service
    s = service.sign_in()
    stolen = s.cookies["cc_session"]
    assert "secure" in _sign_in(service, service.session()).headers["set-cookie"].lower()
    s.post(f"{service.url}/logout", data={"csrf": service.csrf(s, "/inbox")}, timeout=30)
    thief = service.session()
    thief.cookies.set("cc_session", stolen)
    r = thief.get(f"{service.url}/inbox", allow_redirects=False, timeout=30)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_session_ends_when_idle(tmp_path: Path) -> None:
    server, service = start_service(tmp_path / "cc", session_idle_s=1.0)
    try:
        s = service.sign_in()
        time.sleep(1.5)
        r = s.get(f"{service.url}/inbox", allow_redirects=False, timeout=30)
        assert r.status_code == 303
    finally:
        server.stop()
        service.store.close()


def cc(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "command_center", "--data-dir", str(data),
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=False)


def test_disable_operator_and_reset_password_end_sessions_at_once(fronted: Fronted,
                                                                   tmp_path: Path) -> None:
    service = fronted.service
    data = tmp_path / "cc-fronted"
    s = service.sign_in()
    done = cc(data, "disable-operator", OPERATOR)
    assert done.returncode == 0, done.stderr
    assert s.get(f"{service.url}/inbox", allow_redirects=False, timeout=30).status_code == 303
    assert _sign_in(service, service.session()).status_code == 401
    assert cc(data, "enable-operator", OPERATOR).returncode == 0
    s = service.sign_in()
    done = cc(data, "reset-password", OPERATOR)
    assert done.returncode == 0, done.stderr
    new_password = done.stdout.strip().splitlines()[-1]
    assert s.get(f"{service.url}/inbox", allow_redirects=False, timeout=30).status_code == 303
    assert _sign_in(service, service.session()).status_code == 401
    assert _sign_in(service, service.session(), new_password).status_code == 303
    assert cc(data, "disable-operator", "nobody").returncode == 1


def test_a_guesser_elsewhere_never_keeps_the_operator_out(fronted: Fronted) -> None:
    service = fronted.service
    attacker = from_address(service, "127.0.0.2")
    codes = [_sign_in(service, attacker, "guess").status_code for _ in range(6)]
    assert codes[:3] == [401, 401, 401] and codes[-1] == 429   # the guesser waits
    # The operator, from another address, with the right password: straight in.
    assert _sign_in(service, service.session()).status_code == 303


def test_concurrent_guesses_are_counted_before_they_are_checked(fronted: Fronted) -> None:
    service = fronted.service
    sessions = [from_address(service, "127.0.0.3") for _ in range(10)]
    with ThreadPoolExecutor(10) as pool:
        codes = Counter(pool.map(lambda s: _sign_in(service, s, "guess").status_code,
                                 sessions))
    assert codes[401] <= 3 and codes[429] >= 7, codes


def test_forwarded_headers_are_believed_only_from_the_configured_proxy(
        tmp_path: Path) -> None:
    server, service = start_service(tmp_path / "cc")   # no --trusted-proxy
    try:
        codes = [requests.post(f"{service.url}/login", timeout=30, allow_redirects=False,
                               headers={"X-Forwarded-For": f"10.9.{n}.1"},
                               data={"username": OPERATOR, "password": "guess"}).status_code
                 for n in range(6)]
        # A new "address" per guess would never wait; ignored, they count as one.
        assert codes[-1] == 429
    finally:
        server.stop()
        service.store.close()


def test_the_throttle_survives_a_restart_and_stays_bounded(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "cc")
    keys = login_keys(OPERATOR, "10.0.0.1")
    now = 1_000_000.0
    for _ in range(3):   # the free attempts
        assert store.login_attempt(keys, now, 3600) == 0
    store.close()
    store = SqliteStore(tmp_path / "cc")   # a restart
    assert 0 < store.login_attempt(keys, now + 0.5, 3600) <= MAX_DELAY_S
    for n in range(12_000):   # a spray of usernames
        store.login_attempt(login_keys(f"user{n}", "10.0.0.9")[:1], now + n * 0.001, 3600)
    rows = store.db.conn().execute("SELECT count(*) FROM login_throttle").fetchone()[0]
    assert rows <= 10_000
    store.close()


def test_secure_cookies_can_be_set_on_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "cc"
    cc(data, "add-operator", "agus")
    store = SqliteStore(data)
    store.set_password("agus", "pw-for-agus")
    store.close()
    proc = subprocess.Popen([sys.executable, "-m", "command_center", "--data-dir", str(data),
                             "--port", "0", "--secure-cookies", "yes"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split("listening on ")[1].split("/ ")[0]
        r = requests.post(f"{url}/login", data={"username": "agus", "password": "pw-for-agus"},
                          allow_redirects=False, timeout=30)
        assert r.status_code == 303 and "secure" in r.headers["set-cookie"].lower()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
