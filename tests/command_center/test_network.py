"""The network's rules (command_center.network, routing) with a fake clock: where an
item lands, when and where it escalates, who may see and do what, the demo file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from command_center.errors import CommandCenterError, InvalidTransition
from command_center.network import (
    DEFAULT_ACK_S,
    HopReason,
    ItemKind,
    Member,
    Network,
    NetworkError,
    Permission,
    Role,
    Route,
    Rule,
    Scope,
    Tier,
    Unit,
    distance_km,
    shown_in_inbox,
)
from command_center.routing import (
    Escalator,
    demo_units_file,
    load_units,
    read_units_file,
    route_report,
    take_back,
    transfer,
)
from command_center.sqlite import SqliteStore
from tests.support.clock import FakeClock
from wire.categories import Priority
from wire.report import KioskInfo, Report

from .network_contract import JAKPUS, JAKSEL, MABES, UNITS

BLOK_M = KioskInfo("kiosk-blokm", "MRT Blok M", -6.2443, 106.7983)   # Jakarta Selatan
NET = Network(UNITS, [Rule("polda", Priority.EMERGENCY, 30.0, "mabes")])


def a_route(unit: str = "jaksel", deadline: float | None = 100.0, hops: int = 0,
            acknowledged: bool = False) -> Route:
    return Route("r-1", ItemKind.REPORT, "k", None, unit, Priority.EMERGENCY, deadline,
                 "polda", hops, 0.0, 0.0, acknowledged)


# -- the hierarchy and its rules -----------------------------------------------------


def test_the_nearest_polres_is_chosen_by_coordinates() -> None:
    assert NET.nearest(BLOK_M.lat, BLOK_M.lon) == JAKSEL
    assert NET.nearest(-6.1932, 106.8230) == JAKPUS   # MRT Bundaran HI
    assert Network([MABES]).nearest(0.0, 0.0) is None
    assert distance_km(-6.2, 106.8, -6.2, 106.8) == 0.0
    assert 110 < distance_km(0.0, 0.0, 1.0, 0.0) < 112


def test_a_kiosk_lands_at_its_assigned_unit_else_the_nearest_polres() -> None:
    assert NET.home_unit(BLOK_M.lat, BLOK_M.lon, None) == "jaksel"
    assert NET.home_unit(BLOK_M.lat, BLOK_M.lon, "jakpus") == "jakpus"
    assert NET.home_unit(BLOK_M.lat, BLOK_M.lon, "deleted-unit") == "jaksel"
    assert NET.home_unit(None, None, None) == "mabes"
    assert Network([]).home_unit(BLOK_M.lat, BLOK_M.lon, None) is None


def test_landing_gives_the_units_deadline_and_next_unit() -> None:
    clock = FakeClock(1000.0)
    move = NET.landing("jaksel", Priority.EMERGENCY, clock())
    assert move.deadline_at == 1000.0 + DEFAULT_ACK_S[Priority.EMERGENCY] == 1060.0
    assert move.next_unit == "polda"   # no row: up to the parent
    at_polda = NET.landing("polda", Priority.EMERGENCY, clock())
    assert (at_polda.deadline_at, at_polda.next_unit) == (1030.0, "mabes")
    assert NET.landing("mabes", Priority.EMERGENCY, clock()).next_unit is None
    assert NET.landing("jaksel", Priority.EMERGENCY, 0.0, back_to="polda").next_unit == "polda"
    assert DEFAULT_ACK_S[Priority.EMERGENCY] < DEFAULT_ACK_S[Priority.URGENT] \
        < DEFAULT_ACK_S[Priority.NORMAL]


def test_an_item_escalates_only_once_its_deadline_has_passed() -> None:
    clock = FakeClock(99.0)
    assert NET.escalation(a_route(), clock()) is None
    clock.advance(1.0)
    move = NET.escalation(a_route(), clock())
    assert move is not None and move.to_unit == "polda" and move.deadline_at == 130.0
    assert NET.escalation(a_route(acknowledged=True), clock()) is None
    assert NET.escalation(a_route(deadline=None), clock()) is None


def test_a_unit_must_fit_the_hierarchy() -> None:
    NET.check(Unit("polsek-x", "Polsek X", Tier.POLSEK, "jaksel"))
    for bad in (Unit("x", "X", Tier.POLRES),                       # no parent
                Unit("x", "X", Tier.POLRES, "nowhere"),            # unknown parent
                Unit("x", "X", Tier.POLDA, "jaksel"),              # above its parent
                Unit("polda", "P", Tier.POLDA, "polda")):          # its own parent
        with pytest.raises(NetworkError):
            NET.check(bad)
    assert set(NET.subtree("polda")) == {"polda", "jaksel", "jakpus"}
    assert set(NET.below("mabes")) == {"polda", "jaksel", "jakpus"}
    assert NET.ancestors("jaksel") == ["polda", "mabes"]


# -- scope and roles -------------------------------------------------------------------


def scope(unit: str | None, role: Role = Role.OPERATOR) -> Scope:
    return Scope(NET, Member("op", unit, role))


def test_a_polres_operator_sees_only_their_units_items() -> None:
    polres = scope("jaksel")
    assert polres.sees(a_route("jaksel")) and not polres.sees(a_route("jakpus"))
    assert not polres.sees(a_route("polda")) and not polres.sees(None)
    assert polres.may_act(a_route("jaksel")) and not polres.may_act(a_route("jakpus"))
    for permission in (Permission.TRANSFER, Permission.TAKE_BACK, Permission.MARK_INVALID):
        assert not polres.may(permission)
    assert polres.transfer_targets() == []


def test_the_polda_watches_its_polres_and_acts_there_only_as_supervisor() -> None:
    polda, chief = scope("polda"), scope("polda", Role.SUPERVISOR)
    assert polda.sees(a_route("jaksel")) and not polda.may_act(a_route("jaksel"))
    assert chief.may_act(a_route("jaksel"))
    assert {u.id for u in polda.transfer_targets()} == {"jaksel", "jakpus"}
    at_polda = a_route("polda")
    assert polda.may_transfer(at_polda, "jaksel") and not polda.may_transfer(at_polda, "mabes")
    assert not polda.may_transfer(a_route("jaksel"), "jakpus")   # not the Polda's to give
    assert polda.may_take_back(a_route("jaksel")) and not polda.may_take_back(at_polda)


def test_an_operator_without_a_unit_sees_everything_as_mabes() -> None:
    everyone = scope(None)
    assert everyone.everything and everyone.sees(None) and everyone.may(Permission.TRANSFER)
    assert scope("deleted-unit").everything


def test_the_polda_inbox_shows_its_own_and_the_escalated_or_overdue_below() -> None:
    polda, now = scope("polda"), 50.0
    assert shown_in_inbox(polda, a_route("polda"), now)
    assert not shown_in_inbox(polda, a_route("jaksel"), now)            # on time, below
    assert shown_in_inbox(polda, a_route("jaksel"), 100.0)              # overdue below
    assert shown_in_inbox(polda, a_route("jaksel", hops=1), now)        # transferred down
    assert not shown_in_inbox(scope("jakpus"), a_route("jaksel", hops=1), 100.0)


# -- routing with a store and a fake clock ---------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    clock = FakeClock(1000.0)
    store = SqliteStore(tmp_path / "cc", clock=clock)
    load_units(store, list(UNITS), [Rule("polda", Priority.EMERGENCY, 30.0, "mabes")])
    yield store
    store.close()


def emergency() -> Report:
    return Report.create(kiosk=BLOK_M, category="crime_in_progress", language="id",
                         description="Tolong")


def swept_emergency(store: SqliteStore) -> tuple[FakeClock, Report, Escalator]:
    """An emergency stored and routed at t=1000, and a sweeper on the test's clock."""
    clock = FakeClock(1000.0)
    report = emergency()
    stored(store, report, clock())
    return clock, report, Escalator(store, clock=clock)


def stored(store: SqliteStore, report: Report, now: float) -> None:
    from .store_contract import put
    put(store, report, received_at=now)
    route_report(store, report, BLOK_M.lat, BLOK_M.lon, now)


def test_the_sweeper_escalates_polres_then_polda_at_their_deadlines(
        store: SqliteStore) -> None:
    clock, report, sweeper = swept_emergency(store)
    clock.advance(59.9)
    assert sweeper.run_once() == []
    clock.advance(0.1)
    [hop] = sweeper.run_once()
    assert (hop.from_unit, hop.to_unit, hop.reason, hop.actor) == (
        "jaksel", "polda", HopReason.ESCALATED, "system")
    clock.advance(30.0)
    assert [h.to_unit for h in sweeper.run_once()] == ["mabes"]
    clock.advance(3600.0)
    assert sweeper.run_once() == []   # nowhere higher: it stays, overdue
    route = store.route(report.id)
    assert route is not None and route.unit_id == "mabes" and route.overdue(clock())


def test_a_transferred_item_comes_back_up_when_not_acknowledged(
        store: SqliteStore) -> None:
    clock, report, sweeper = swept_emergency(store)
    clock.advance(60.0)
    sweeper.run_once()
    polda = Scope(Network(store.units(), store.rules()), Member("budi", "polda"))
    with pytest.raises(InvalidTransition):
        transfer(store, polda, report.id, to_unit="mabes", actor="budi", now=clock())
    moved = transfer(store, polda, report.id, to_unit="jaksel", actor="budi", now=clock(),
                     note="valid")
    assert (moved.unit_id, moved.deadline_at, moved.next_unit) == ("jaksel", 1120.0, "polda")
    clock.advance(60.0)
    [back] = sweeper.run_once()
    assert (back.from_unit, back.to_unit) == ("jaksel", "polda")
    transfer(store, polda, report.id, to_unit="jaksel", actor="budi", now=clock())
    taken = take_back(store, polda, report.id, actor="budi", now=clock(), note="busy")
    assert taken.unit_id == "polda"
    assert [h.reason for h in store.hops(report.id)] == [
        HopReason.ROUTED, HopReason.ESCALATED, HopReason.TRANSFERRED, HopReason.ESCALATED,
        HopReason.TRANSFERRED, HopReason.TAKEN_BACK]


def test_a_network_less_centre_routes_nothing(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "flat")
    try:
        report = emergency()
        stored(store, report, 1000.0)
        assert store.route(report.id) is None
        assert Escalator(store).run_once() == []
    finally:
        store.close()


# -- the demo file ---------------------------------------------------------------------


def test_the_shipped_demo_file_is_marked_and_loads_as_a_hierarchy() -> None:
    raw = json.loads(demo_units_file().read_text(encoding="utf-8"))
    assert raw["demo_data"] is True and "DEMO DATA" in raw["_comment"]
    units, _rules = read_units_file(demo_units_file())
    net = Network(units)
    polda = next(u for u in units if u.tier is Tier.POLDA)
    assert polda.name == "Polda Metro Jaya"
    names = {net.units[u].name for u in net.below(polda.id)}
    for wanted in ("Jakarta Pusat", "Jakarta Selatan", "Jakarta Barat", "Jakarta Timur",
                   "Jakarta Utara", "Tangerang Kota", "Bekasi Kota", "Depok"):
        assert any(wanted in n for n in names), wanted
    assert net.nearest(BLOK_M.lat, BLOK_M.lon) is not None
    assert "Jakarta Selatan" in net.nearest(BLOK_M.lat, BLOK_M.lon).name  # type: ignore[union-attr]


def test_a_bad_units_file_is_refused_whole(tmp_path: Path) -> None:
    bad = tmp_path / "units.json"
    for content in ("not json", json.dumps({"units": [{"id": "x", "name": "X",
                                                       "tier": "polres", "parent": "y"}]}),
                    json.dumps({"units": [{"id": "m", "name": "M", "tier": "kapolri"}]}),
                    json.dumps({"units": [{"id": "m", "name": "M", "tier": "mabes"}],
                                "rules": [{"unit": "m", "priority": "emergency",
                                           "ack_within_s": -1}]})):
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(CommandCenterError):
            read_units_file(bad)


def test_a_damaged_route_row_neither_breaks_a_list_nor_stops_the_sweeper(
        store: SqliteStore) -> None:
    clock = FakeClock(1000.0)
    good, bad = emergency(), emergency()
    stored(store, good, clock())
    stored(store, bad, clock())
    with store.db.transaction() as conn:   # written past the engine's own checks
        conn.execute("UPDATE routes SET deadline_at='soon', priority='bogus', hops='many', "
                     "kind=x'ff' WHERE item_id=?", (bad.id,))
    damaged = store.route(bad.id)
    assert damaged is not None and damaged.deadline_at is None and damaged.hops == 0
    assert {r.item_id for r in store.routes_in(None)} == {good.id, bad.id}
    clock.advance(60.0)
    assert [h.item_id for h in Escalator(store, clock=clock).run_once()] == [good.id]
