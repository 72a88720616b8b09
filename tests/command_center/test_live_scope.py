"""The live stream (/inbox/events) names only the items the operator may open: a Polres
operator is not told the ids, kinds or priorities of another Polres' reports and calls
(nor rung for them); the Polda above both is told of both. Each absence is asserted
only after a marker change that stream must show has arrived."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from command_center.network import Member, Role
from command_center.routing import demo_units_file, load_units, read_units_file, route_report

from .conftest import KIOSK_A, KIOSK_B, Service, make_report, start_service
from .store_contract import incoming
from .test_attack_network_scope import PASSWORD, sign_in, stored_call
from .test_live import Stream, open_stream


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Service]:
    server, svc = start_service(tmp_path / "cc", escalation_poll_s=0, live_heartbeat_s=0.2)
    load_units(svc.store, *read_units_file(demo_units_file()))
    svc.store.assign_kiosk(KIOSK_A.id, "polres-jakpus")
    svc.store.assign_kiosk(KIOSK_B.id, "polres-jaksel")
    for name, unit in (("pusat", "polres-jakpus"), ("selatan", "polres-jaksel"),
                       ("polda", "polda-metro-jaya")):
        svc.store.add_operator(name, PASSWORD)
        svc.store.set_member(Member(name, unit, Role.OPERATOR))
    yield svc
    server.stop()
    svc.store.close()


def report_at(svc: Service, kiosk_id: str) -> str:
    kiosk = KIOSK_B if kiosk_id == KIOSK_B.id else KIOSK_A
    report = make_report(kiosk, category="crime_in_progress")
    asyncio.run(svc.store.put_report(report, incoming(report)))
    route_report(svc.store, report, kiosk.lat, kiosk.lon, time.time())
    return report.id


def refs_until(stream: Stream, marker: str) -> set[str]:
    """Every ref the stream names up to and including the change that names `marker`."""
    seen: set[str] = set()
    while marker not in seen:
        sse = stream.next()
        if sse.event == "change":
            changes = sse.data["changes"]
            assert isinstance(changes, list)
            seen |= {str(c["ref"]) for c in changes}
    return seen


def test_each_operator_is_told_only_of_the_items_of_their_scope(network: Service) -> None:
    streams = {name: open_stream(network, sign_in(network, name))
               for name in ("pusat", "selatan", "polda")}
    for stream in streams.values():
        assert stream.next().event == "hello"
    south_report = report_at(network, KIOSK_B.id)
    south_call = stored_call(network)                 # a call at KIOSK_B: Jakarta Selatan
    central_report = report_at(network, KIOSK_A.id)   # the marker every stream gets last

    pusat = refs_until(streams["pusat"], central_report)
    assert south_report not in pusat and south_call not in pusat
    selatan = refs_until(streams["selatan"], south_call)
    assert south_report in selatan
    polda = refs_until(streams["polda"], central_report)
    assert {south_report, south_call} <= polda
    # and the marker for the south stream: the central report, never named to it
    extra = report_at(network, KIOSK_B.id)
    assert central_report not in refs_until(streams["selatan"], extra)
    for stream in streams.values():
        stream.close()
