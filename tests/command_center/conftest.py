"""A real command centre on 127.0.0.1 (uvicorn on a background thread) for the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from command_center.app import create_app
from command_center.keyring import Keyring
from command_center.model import Place
from command_center.personal import reveal_body
from command_center.postgres import PostgresStore
from command_center.server import BackgroundServer, bind
from command_center.settings import Settings
from command_center.sqlite import SqliteStore
from command_center.store import Store
from tests.support.pgcluster import pg_cluster, pg_databases, pg_url  # noqa: F401 - fixtures
from wire.report import Event, Incident, KioskInfo, Report, Reporter

from .front import Front

KIOSK_A = KioskInfo("kiosk-a", "MRT Bundaran HI", -6.1932, 106.8230)
KIOSK_B = KioskInfo("kiosk-b", "Halte Harmoni", -6.1655, 106.8206)
OPERATOR = "siti"
OPERATOR_PASSWORD = "correct horse battery"


def make_report(kiosk: KioskInfo = KIOSK_A, category: str = "theft",
                description: str = "Tas saya dicuri di peron", **kw: Any) -> Report:
    return Report.create(kiosk=kiosk, category=category, language="id",
                         description=description, **kw)


def personal_report() -> Report:
    return make_report(reporter=Reporter(name="Budi Santoso", phone="081234567890",
                                         nik="3171011501900003"),
                       incident=Incident("Peron 2", "now"))


def make_event(kiosk: KioskInfo = KIOSK_A, type: str = "call.started") -> Event:
    return Event.create(kiosk=kiosk, type=type, data={"number": "test"})


@dataclass
class Service:
    url: str
    store: Store
    tokens: dict[str, str]
    verify: str | bool = True   # the front's certificate, for https
    keys_dir: Path | None = None

    def body(self, report_id: str) -> dict[str, Any]:
        """A stored report's body with its personal fields decrypted (they are kept
        encrypted at rest: command_center.personal)."""
        row = self.store.report(report_id)
        assert row is not None and self.keys_dir is not None
        return reveal_body(row.body, Keyring(self.keys_dir))

    def session(self) -> requests.Session:
        session = requests.Session()
        # REQUESTS_CA_BUNDLE in the environment would override `verify` (and a proxy
        # variable would route 127.0.0.1 elsewhere): only this test's settings count.
        session.trust_env = False
        session.verify = self.verify
        return session

    def headers(self, kiosk_id: str = "kiosk-a", key: str | None = None) -> dict[str, str]:
        h = {"Authorization": f"Bearer {self.tokens[kiosk_id]}",
             "Content-Type": "application/json"}
        if key:
            h["Idempotency-Key"] = key
        return h

    def post_report(self, report: Report, kiosk_id: str = "kiosk-a",
                    session: Any = None) -> requests.Response:
        response: requests.Response = (session or self.session()).post(
            f"{self.url}/api/v1/reports", data=report.to_json_bytes(),
            headers=self.headers(kiosk_id, report.id), timeout=30)
        return response

    def sign_in(self, session: requests.Session | None = None) -> requests.Session:
        return sign_in(self.url, session or self.session(), OPERATOR, OPERATOR_PASSWORD)

    def csrf(self, session: requests.Session, path: str) -> str:
        return csrf_token(session, f"{self.url}{path}")


def sign_in(url: str, session: requests.Session, name: str, password: str) -> requests.Session:
    """`session` signed in at the centre `url` as `name` (it lands on the inbox)."""
    r = session.post(f"{url}/login", data={"username": name, "password": password},
                     timeout=30)
    assert r.status_code == 200 and r.url.endswith("/inbox"), r.status_code
    return session


def csrf_token(session: requests.Session, page: str) -> str:
    """The CSRF token in the form(s) of `page`, as the signed-in browser sees it."""
    html = session.get(page, timeout=30).text
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def place(kiosk: KioskInfo) -> Place:
    return Place(kiosk.station, kiosk.lat, kiosk.lon)


def start_service(data_dir: Path, sock: Any = None, access_log: bool = False,
                  database_url: str | None = None,
                  **settings: Any) -> tuple[BackgroundServer, Service]:
    """A centre on SQLite in `data_dir`, or on PostgreSQL with `database_url`."""
    store: Store = (PostgresStore(database_url) if database_url else
                    SqliteStore(data_dir, settings.get("synchronous", "normal")))
    tokens = {k.id: store.add_kiosk(k.id, place(k)) for k in (KIOSK_A, KIOSK_B)}
    store.add_operator(OPERATOR, OPERATOR_PASSWORD)
    app = create_app(Settings(data_dir=data_dir, database_url=database_url, **settings),
                     store)
    server = BackgroundServer(app, sock=sock, access_log=access_log).start()
    return server, Service(server.url, store, tokens, keys_dir=app.state.settings.keys_path)


@contextmanager
def running_service(data_dir: Path, **settings: Any) -> Iterator[Service]:
    """`start_service`, stopped and closed when the block ends."""
    server, svc = start_service(data_dir, **settings)
    try:
        yield svc
    finally:
        server.stop()
        svc.store.close()


@dataclass
class Fronted:
    """A command centre behind the real nginx front: `service.url` is the front's
    https address; `direct` is the application's own (plain http on 127.0.0.1)."""

    service: Service
    front: Front
    direct: str


@contextmanager
def fronted_service(tmp_path: Path, **settings: Any) -> Iterator[Fronted]:
    sock = bind("127.0.0.1", 0)
    host, port = sock.getsockname()[:2]
    with Front(tmp_path / "front", f"{host}:{port}") as front:
        server, svc = start_service(tmp_path / "cc-fronted", sock=sock, public_url=front.url,
                                    trusted_proxies=("127.0.0.1",), **settings)
        try:
            yield Fronted(Service(front.url, svc.store, svc.tokens, str(front.cert),
                                  svc.keys_dir), front, svc.url)
        finally:
            server.stop()
            svc.store.close()


@pytest.fixture
def fronted(tmp_path: Path) -> Iterator[Fronted]:
    with fronted_service(tmp_path) as f:
        yield f


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    with running_service(tmp_path / "cc") as svc:
        yield svc


@pytest.fixture
def pg_service(tmp_path: Path, pg_url: str) -> Iterator[Service]:  # noqa: F811 - the fixture
    """`service` with the centre on PostgreSQL (a fresh database of the session's
    throw-away cluster: tests/support/pgcluster.py)."""
    with running_service(tmp_path / "cc", database_url=pg_url) as svc:
        yield svc


@pytest.fixture
def full_sync_service(tmp_path: Path) -> Iterator[Service]:
    """Every commit fsynced; handlers run on the thread pool (see api._run)."""
    with running_service(tmp_path / "cc", synchronous="full") as svc:
        yield svc
