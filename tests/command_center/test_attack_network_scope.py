"""Attacks on the network's scope: an operator of one Polres tries every page and
action on another Polres' items, a Polres operator tries the Polda's actions, and a
Polda operator who is not a supervisor tries to act for a Polres. Every check is on
the server; each is answered 404 (not yours: as if it did not exist) or 403."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from command_center.network import Call, Member, Role
from command_center.routing import (
    call_event,
    demo_units_file,
    load_units,
    read_units_file,
    route_report,
)
from wire.categories import Priority
from wire.report import Event

from .conftest import KIOSK_A, KIOSK_B, Service, make_report, start_service
from .conftest import sign_in as signed_in
from .store_contract import incoming

PASSWORD = "correct horse battery"


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Service]:
    server, svc = start_service(tmp_path / "cc", escalation_poll_s=0)
    load_units(svc.store, *read_units_file(demo_units_file()))
    svc.store.assign_kiosk(KIOSK_A.id, "polres-jakpus")
    svc.store.assign_kiosk(KIOSK_B.id, "polres-jaksel")
    for name, unit, role in (("pusat", "polres-jakpus", Role.OPERATOR),
                             ("selatan", "polres-jaksel", Role.SUPERVISOR),
                             ("polda", "polda-metro-jaya", Role.OPERATOR)):
        svc.store.add_operator(name, PASSWORD)
        svc.store.set_member(Member(name, unit, role))
    yield svc
    server.stop()
    svc.store.close()


def sign_in(svc: Service, name: str) -> requests.Session:
    return signed_in(svc.url, svc.session(), name, PASSWORD)


def csrf_of(svc: Service, session: requests.Session) -> str:
    return svc.csrf(session, "/export")   # any page with a form carries it


def stored_report(svc: Service, kiosk_id: str = KIOSK_B.id) -> str:
    kiosk = KIOSK_B if kiosk_id == KIOSK_B.id else KIOSK_A
    report = make_report(kiosk, category="crime_in_progress")
    asyncio.run(svc.store.put_report(report, incoming(report)))
    route_report(svc.store, report, kiosk.lat, kiosk.lon, time.time())
    return report.id


def stored_call(svc: Service) -> str:
    event = Event.create(kiosk=KIOSK_B, type="call.started", priority=Priority.EMERGENCY,
                         data={"numbers": ["110"]})
    call_event(svc.store, event, lat=KIOSK_B.lat, lon=KIOSK_B.lon, station=KIOSK_B.station,
               now=time.time())
    assert isinstance(svc.store.call(event.id), Call)
    return event.id


def test_another_polres_gets_404_for_every_page_and_action(network: Service) -> None:
    report_id, call_id = stored_report(network), stored_call(network)
    pusat = sign_in(network, "pusat")
    csrf = csrf_of(network, pusat)
    url = network.url
    for path in (f"/reports/{report_id}", f"/reports/{report_id}.cap",
                 f"/calls/{call_id}"):
        assert pusat.get(url + path, timeout=30).status_code == 404, path
    for path, data in ((f"/reports/{report_id}/action", {"action": "acknowledge"}),
                       (f"/reports/{report_id}/action", {"action": "close"}),
                       (f"/reports/{report_id}/nik", {}),
                       (f"/calls/{call_id}/action", {"action": "acknowledge"}),
                       (f"/calls/{call_id}/action", {"action": "note", "note": "x"}),
                       (f"/items/{report_id}/transfer", {"to_unit": "polres-jakpus"}),
                       (f"/items/{report_id}/take-back", {}),
                       (f"/items/{call_id}/take-back", {})):
        r = pusat.post(url + path, data={"csrf": csrf, **data}, timeout=30,
                       allow_redirects=False)
        assert r.status_code == 404, (path, data, r.status_code)
    listed = pusat.get(f"{url}/inbox.json", timeout=30).json()["items"]
    assert listed == []
    assert report_id not in pusat.get(f"{url}/inbox", timeout=30).text
    # Nothing changed, and the owner still has it all.
    stored = network.store.report(report_id)
    assert stored is not None and stored.status.value == "received"
    assert network.store.call_notes(call_id) == []
    route = network.store.route(report_id)
    assert route is not None and route.unit_id == "polres-jaksel" and route.hops == 0
    selatan = sign_in(network, "selatan")
    ids = {i["id"] for i in selatan.get(f"{url}/inbox.json", timeout=30).json()["items"]}
    assert ids == {report_id, call_id}


def test_a_polres_may_not_do_what_only_the_polda_does(network: Service) -> None:
    report_id = stored_report(network)
    selatan = sign_in(network, "selatan")   # a supervisor, but at a Polres
    csrf = csrf_of(network, selatan)
    for path, data in ((f"/items/{report_id}/transfer", {"to_unit": "polsek-setiabudi"}),
                       (f"/items/{report_id}/take-back", {}),
                       (f"/reports/{report_id}/action", {"action": "mark_invalid"})):
        r = selatan.post(network.url + path, data={"csrf": csrf, **data}, timeout=30,
                         allow_redirects=False)
        assert r.status_code == 403, (path, r.status_code)
    page = selatan.get(f"{network.url}/reports/{report_id}", timeout=30).text
    assert 'value="mark_invalid"' not in page and 'id="transfer"' not in page
    assert 'value="acknowledge"' in page


def test_a_polda_operator_watches_below_but_acts_there_only_by_moving_it(
        network: Service) -> None:
    report_id = stored_report(network)
    polda = sign_in(network, "polda")
    csrf = csrf_of(network, polda)
    # Below and not yet overdue: not in the Polda's inbox, but it may open it.
    assert polda.get(f"{network.url}/inbox.json", timeout=30).json()["items"] == []
    assert polda.get(f"{network.url}/reports/{report_id}", timeout=30).status_code == 200
    r = polda.post(f"{network.url}/reports/{report_id}/action", timeout=30,
                   data={"csrf": csrf, "action": "acknowledge"}, allow_redirects=False)
    assert r.status_code == 403   # the Polres' to acknowledge; the Polda may take it back
    r = polda.post(f"{network.url}/items/{report_id}/transfer", timeout=30,
                   data={"csrf": csrf, "to_unit": "polres-jakpus"}, allow_redirects=False)
    assert r.status_code == 409   # not the Polda's to hand on while the Polres has it
    r = polda.post(f"{network.url}/items/{report_id}/take-back", timeout=30,
                   data={"csrf": csrf, "note": "Polres sibuk"}, allow_redirects=False)
    assert r.status_code == 303
    route = network.store.route(report_id)
    assert route is not None and route.unit_id == "polda-metro-jaya"
    r = polda.post(f"{network.url}/reports/{report_id}/action", timeout=30,
                   data={"csrf": csrf, "action": "mark_invalid", "note": "prank"},
                   allow_redirects=False)
    assert r.status_code == 400   # a prank closes it for good: never without confirming
    r = polda.post(f"{network.url}/reports/{report_id}/action", timeout=30,
                   data={"csrf": csrf, "action": "mark_invalid", "note": "prank",
                         "confirm": "prank"}, allow_redirects=False)
    assert r.status_code == 303   # invalid (prank): closed at the Polda
    assert any(a[1] == "polda" and a[2] == "item.take_back"
               for a in network.store.audit_log())


def test_an_operator_without_a_unit_still_sees_everything(network: Service) -> None:
    report_id = stored_report(network)
    siti = network.sign_in()
    assert siti.get(f"{network.url}/reports/{report_id}", timeout=30).status_code == 200
    assert report_id in siti.get(f"{network.url}/inbox", timeout=30).text


def test_a_repeat_of_a_report_stored_without_its_route_repairs_it(network: Service) -> None:
    # GIVEN a report stored but not routed (the centre died between the two) …
    report = make_report(KIOSK_B, category="crime_in_progress")
    asyncio.run(network.store.put_report(report, incoming(report)))
    assert network.store.route(report.id) is None
    # … WHEN the kiosk, which never heard the answer, sends it again, THEN it is routed.
    assert network.post_report(report, kiosk_id=KIOSK_B.id).status_code == 202
    route = network.store.route(report.id)
    assert route is not None and route.unit_id == "polres-jaksel"
    assert network.post_report(report, kiosk_id=KIOSK_B.id).status_code == 202
    assert len(network.store.hops(report.id)) == 1   # routed once


def test_another_polres_cannot_read_or_write_a_sessions_conversation(
        network: Service) -> None:
    session = "0d7c1f3e-8a52-4c8e-9f0b-2b8e1c7a4d55"
    event = Event.create(kiosk=KIOSK_B, type="call.started", priority=Priority.EMERGENCY,
                         data={"numbers": ["110"], "session": session})
    call_event(network.store, event, lat=KIOSK_B.lat, lon=KIOSK_B.lon,
               station=KIOSK_B.station, now=time.time())
    page = f"{network.url}/conversations/{KIOSK_B.id}/{session}"
    pusat, selatan = sign_in(network, "pusat"), sign_in(network, "selatan")
    assert pusat.get(page, timeout=30).status_code == 404
    r = pusat.post(f"{page}/reply", data={"csrf": csrf_of(network, pusat), "text": "Halo"},
                   timeout=30, allow_redirects=False)
    assert r.status_code == 404
    assert network.store.session_messages(KIOSK_B.id, session) == []
    assert selatan.get(page, timeout=30).status_code == 200
