"""End to end, on a real centre (uvicorn on 127.0.0.1) with the real kiosk outbox and
uploader: an emergency from a kiosk in Jakarta Selatan lands in Polres Jakarta
Selatan's inbox, is not acknowledged, escalates to Polda Metro Jaya at its deadline,
is transferred back down, acknowledged there, and the kiosk's status poll hears it; a
kiosk call reaches the same Polres with the kiosk's place.

The store engine is a fixture parameter (`engine`): SQLite, and PostgreSQL on a fresh
database of the tests' throw-away cluster (tests/support/pgcluster.py).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from command_center.app import create_app
from command_center.keyring import Keyring
from command_center.model import Place
from command_center.network import Hop, Member, Role, Rule
from command_center.postgres import PostgresStore
from command_center.routing import demo_units_file, load_units, read_units_file
from command_center.server import BackgroundServer
from command_center.settings import Settings
from command_center.sqlite import SqliteStore
from command_center.store import Store
from core.config import Config, load_config
from offline_queue.outbox import Outbox
from offline_queue.uploader import Uploader
from tests.offline_queue.helpers import make_config_path
from tests.support.keys import install_centre_key, kiosk_public_pem
from wire.categories import Priority
from wire.report import Event, KioskInfo, Report
from wire.status import OperatorStatus

from .conftest import csrf_token, sign_in

KIOSK_ID = "test-kiosk-01"   # the tests' kiosk config (tests/conftest.py)
BLOK_M = Place("MRT Blok M", -6.2443, 106.7983)   # in Jakarta Selatan
JAKSEL, POLDA = "polres-jaksel", "polda-metro-jaya"
PASSWORD = "correct horse battery"

ENGINES: dict[str, Callable[[Path], Store]] = {
    "sqlite": SqliteStore,
}
POSTGRESQL = "postgresql"   # a fresh database of the session's throw-away cluster


@pytest.fixture(params=[*sorted(ENGINES), POSTGRESQL])
def engine(request: pytest.FixtureRequest) -> Callable[[Path], Store]:
    if request.param == POSTGRESQL:
        url = str(request.getfixturevalue("pg_url"))
        return lambda _data_dir: PostgresStore(url)
    return ENGINES[str(request.param)]


@dataclass
class Centre:
    url: str
    store: Store
    told: list[Hop]   # what the sweeper told app.state.hop_listeners

    def operator(self, name: str) -> requests.Session:
        session = requests.Session()
        session.trust_env = False
        return sign_in(self.url, session, name, PASSWORD)

    def csrf(self, session: requests.Session, path: str) -> str:
        return csrf_token(session, f"{self.url}{path}")

    def items(self, session: requests.Session) -> list[dict[str, Any]]:
        r = session.get(f"{self.url}/inbox.json", timeout=30)
        assert r.status_code == 200
        found: list[dict[str, Any]] = r.json()["items"]
        return found


@dataclass
class Kiosk:
    cfg: Config
    outbox: Outbox
    uploader: Uploader
    info: KioskInfo


@pytest.fixture
def centre(tmp_path: Path, engine: Callable[[Path], Store]) -> Iterator[tuple[Centre, str]]:
    data = tmp_path / "cc"
    store = engine(data)
    units, rules = read_units_file(demo_units_file())
    load_units(store, units, rules)
    # Short deadlines: the Polres has 2 s for an emergency, the Polda a minute.
    store.put_rule(Rule(JAKSEL, Priority.EMERGENCY, 2.0))
    store.put_rule(Rule(POLDA, Priority.EMERGENCY, 60.0, "mabes"))
    token = store.add_kiosk(KIOSK_ID, BLOK_M)   # assigned by place: the nearest Polres
    for name, unit, role in (("rina", JAKSEL, Role.OPERATOR),
                             ("budi", POLDA, Role.OPERATOR),
                             ("andi", "polres-jakpus", Role.OPERATOR)):
        store.add_operator(name, PASSWORD)
        store.set_member(Member(name, unit, role))
    settings = Settings(data_dir=data, escalation_poll_s=0.05, forward_poll_s=0)
    install_centre_key(settings.keys_path)
    Keyring(settings.keys_path).add_kiosk_key(KIOSK_ID, kiosk_public_pem())
    app = create_app(settings, store)
    told: list[Hop] = []
    app.state.hop_listeners.append(told.append)
    server = BackgroundServer(app).start()
    try:
        yield Centre(server.url, store, told), token
    finally:
        server.stop()
        store.close()


@pytest.fixture
def kiosk(tmp_path: Path, centre: tuple[Centre, str]) -> Iterator[Kiosk]:
    server, token = centre
    (tmp_path / "kiosk").mkdir()
    # The kiosk stands at MRT Blok M (the tests' default config is at Bundaran HI).
    path = make_config_path(tmp_path / "kiosk", url=f"{server.url}/api/v1",
                            server=f'token = "{token}"',
                            kiosk={"station": BLOK_M.station, "latitude": BLOK_M.lat,
                                   "longitude": BLOK_M.lon})
    cfg = load_config(path)
    outbox = Outbox.for_config(cfg)
    uploader = Uploader(cfg, outbox, rng=random.Random(1))
    info = KioskInfo(cfg.kiosk.id, cfg.kiosk.station, cfg.kiosk.latitude, cfg.kiosk.longitude)
    yield Kiosk(cfg, outbox, uploader, info)
    uploader.sender.close()
    uploader.client.close()
    outbox.close()


def wait_for(check: Callable[[], Any], timeout_s: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def find(items: list[dict[str, Any]], item_id: str) -> dict[str, Any] | None:
    return next((i for i in items if i["id"] == item_id), None)


def test_an_emergency_escalates_is_transferred_down_and_the_kiosk_hears_the_ack(
        centre: tuple[Centre, str], kiosk: Kiosk) -> None:
    cc, _ = centre
    polres, polda, other = cc.operator("rina"), cc.operator("budi"), cc.operator("andi")
    session = str(uuid.uuid4())
    report = Report.create(kiosk=kiosk.info, category="crime_in_progress", language="id",
                           description="Ada penjambretan di pintu keluar", session=session)
    assert report.priority is Priority.EMERGENCY
    kiosk.outbox.enqueue_report(report)
    assert kiosk.uploader.deliver_batch() == 1

    # GIVEN it is in Polres Jakarta Selatan's inbox (chosen by the kiosk's place) …
    mine = find(cc.items(polres), report.id)
    assert mine is not None and mine["unit"] == JAKSEL and mine["priority"] == "emergency"
    assert report.id in polres.get(f"{cc.url}/inbox", timeout=30).text
    # … and nowhere else: another Polres cannot open it, list it or act on it.
    assert find(cc.items(other), report.id) is None
    assert other.get(f"{cc.url}/reports/{report.id}", timeout=30).status_code == 404
    deadline = mine["deadline_at"]

    # WHEN nobody acknowledges, THEN at its deadline it escalates to the Polda.
    # (Between the deadline and the sweep the Polda may already list it as overdue
    # below; escalated, it is the Polda's own.)
    at_polda = wait_for(lambda: (i := find(cc.items(polda), report.id)) is not None
                        and i["unit"] == POLDA and i)
    assert time.time() >= deadline
    assert at_polda["unit"] == POLDA and at_polda["hops"] == 1
    wait_for(lambda: cc.told)   # told just after the commit, on the sweeper's thread
    assert [(h.item_id, h.to_unit) for h in cc.told] == [(report.id, POLDA)]
    assert find(cc.items(polres), report.id) is None
    page = polda.get(f"{cc.url}/reports/{report.id}", timeout=30).text
    assert "Escalated (not acknowledged in time)" in page and "Polda Metro Jaya" in page
    # The Polres now gets a minute, so a slow machine cannot send it back up mid-test.
    cc.store.put_rule(Rule(JAKSEL, Priority.EMERGENCY, 60.0))

    # The Polres cannot transfer (Polda+ only), the Polda can: valid → transfer down.
    csrf = cc.csrf(polda, f"/reports/{report.id}")
    r = polda.post(f"{cc.url}/items/{report.id}/transfer", timeout=30,
                   data={"csrf": csrf, "to_unit": JAKSEL, "note": "valid, petugas terdekat"})
    assert r.status_code == 200 and r.url.endswith(f"/reports/{report.id}")
    back = find(cc.items(polres), report.id)
    assert back is not None and back["unit"] == JAKSEL and not back["acknowledged"]
    assert cc.store.report(report.id).validity.value == "valid"  # type: ignore[union-attr]

    # The kiosk has heard nothing yet: still `received`.
    kiosk.uploader.poll_statuses()
    assert kiosk.outbox.operator_status(report.id) is OperatorStatus.RECEIVED

    # The Polres operator acknowledges; the kiosk's status poll hears it.
    csrf = cc.csrf(polres, f"/reports/{report.id}")
    r = polres.post(f"{cc.url}/reports/{report.id}/action", timeout=30,
                    data={"csrf": csrf, "action": "acknowledge"})
    assert r.status_code == 200
    kiosk.uploader.poll_statuses()
    assert kiosk.outbox.operator_status(report.id) is OperatorStatus.ACKNOWLEDGED
    hops = [h.reason.value for h in cc.store.hops(report.id)]
    assert hops == ["routed", "escalated", "transferred"]
    assert any(a[1] == "budi" and a[2] == "item.transfer" for a in cc.store.audit_log())


def test_a_kiosk_call_reaches_its_polres_with_the_place_and_links_to_its_report(
        centre: tuple[Centre, str], kiosk: Kiosk) -> None:
    cc, _ = centre
    cc.store.put_rule(Rule(JAKSEL, Priority.EMERGENCY, 60.0))
    polres, other = cc.operator("rina"), cc.operator("andi")
    session = str(uuid.uuid4())
    started = Event.create(kiosk=kiosk.info, type="call.started", priority=Priority.EMERGENCY,
                           data={"trigger": "handset", "numbers": ["110"], "session": session})
    kiosk.outbox.enqueue_event(started)
    assert kiosk.uploader.deliver_batch() == 1

    call = find(cc.items(polres), started.id)
    assert call is not None and call["kind"] == "call"
    assert call["title"] == "Panggilan dari anjungan MRT Blok M"
    assert (call["lat"], call["lon"]) == (BLOK_M.lat, BLOK_M.lon)   # the registered place
    assert "Panggilan dari anjungan MRT Blok M" in polres.get(f"{cc.url}/inbox",
                                                              timeout=30).text
    assert other.get(f"{cc.url}/calls/{started.id}", timeout=30).status_code == 404

    # The operator picks it up and notes what the caller says.
    csrf = cc.csrf(polres, f"/calls/{started.id}")
    for data in ({"action": "acknowledge"}, {"action": "note", "note": "Penelepon di peron 2"}):
        r = polres.post(f"{cc.url}/calls/{started.id}/action", data={"csrf": csrf, **data},
                        timeout=30)
        assert r.status_code == 200
    # A report filed in the same session is linked to the call, both ways.
    report = Report.create(kiosk=kiosk.info, category="theft", language="id",
                           description="Tas saya dicuri", session=session)
    kiosk.outbox.enqueue_report(report)
    kiosk.outbox.enqueue_event(Event.create(kiosk=kiosk.info, type="call.ended",
                                            data={"session": session}))
    assert kiosk.uploader.deliver_batch() == 2
    call_page = polres.get(f"{cc.url}/calls/{started.id}", timeout=30).text
    assert "Penelepon di peron 2" in call_page and f"/reports/{report.id}" in call_page
    assert 'id="call-ended">in progress' not in call_page
    report_page = polres.get(f"{cc.url}/reports/{report.id}", timeout=30).text
    assert f"/calls/{started.id}" in report_page
    assert find(cc.items(polres), started.id) is None   # picked up and ended: done
