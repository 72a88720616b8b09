"""The 110 network's part of the store contract (issue 15), for every engine: subclass
`NetworkContract` next to `StoreContract` with the same `store` fixture
(`test_store_sqlite.py` does; the PostgreSQL engine's tests do the same)."""

from __future__ import annotations

import threading

import pytest

from command_center.errors import InvalidTransition, NotFound
from command_center.model import Action
from command_center.network import (
    Call,
    CallNote,
    Hop,
    HopReason,
    ItemKind,
    Member,
    Move,
    Network,
    Role,
    Route,
    Rule,
    Tier,
    Unit,
)
from command_center.store import Store
from wire.categories import Priority

from .store_contract import KIOSK, PLACE, put, report

MABES = Unit("mabes", "Mabes Polri", Tier.MABES)
POLDA = Unit("polda", "Polda Metro Jaya", Tier.POLDA, "mabes", -6.22, 106.81)
JAKSEL = Unit("jaksel", "Polres Jakarta Selatan", Tier.POLRES, "polda", -6.24, 106.80)
JAKPUS = Unit("jakpus", "Polres Jakarta Pusat", Tier.POLRES, "polda", -6.18, 106.84)
UNITS = (MABES, POLDA, JAKSEL, JAKPUS)


def network(store: Store) -> None:
    for unit in UNITS:
        store.put_unit(unit)


def route_of(item_id: str, unit: str = "jaksel", deadline: float | None = 1060.0, *,
             next_unit: str | None = "polda", kind: ItemKind = ItemKind.REPORT,
             session: str | None = None, opened: float = 1000.0) -> Route:
    return Route(item_id, kind, KIOSK.id, session, unit, Priority.EMERGENCY, deadline,
                 next_unit, 0, opened, opened)


def routed(item_id: str, unit: str = "jaksel", at: float = 1000.0) -> Hop:
    return Hop(item_id, at, "system", None, unit, HopReason.ROUTED, "")


def up(route: Route) -> Move:
    return Move(route.next_unit or route.unit_id, 2000.0, "mabes")


def a_call(call_id: str, session: str | None = "s-1", at: float = 1000.0) -> Call:
    return Call(call_id, KIOSK.id, session, PLACE.station, PLACE.lat, PLACE.lon, "110", at)


class NetworkContract:
    """The network tests; the subclass provides the `store` fixture."""

    # -- units, rules, kiosks, operators ----------------------------------------------

    def test_units_are_stored_and_updated_in_place(self, store: Store) -> None:
        network(store)
        assert [u.id for u in store.units()] == ["jakpus", "jaksel", "mabes", "polda"]
        store.put_unit(Unit("jaksel", "Polres Metro Jakarta Selatan", Tier.POLRES, "polda",
                            -6.2424, 106.8061))
        found = {u.id: u for u in store.units()}
        assert found["jaksel"].name == "Polres Metro Jakarta Selatan"
        assert found["jaksel"].lat == pytest.approx(-6.2424) and found["polda"] == POLDA
        assert found["mabes"].parent is None and found["mabes"].tier is Tier.MABES

    def test_a_rule_needs_its_units_and_replaces_the_previous_one(self, store: Store) -> None:
        with pytest.raises(NotFound):
            store.put_rule(Rule("nowhere", Priority.EMERGENCY, 30.0))
        network(store)
        with pytest.raises(NotFound):
            store.put_rule(Rule("jaksel", Priority.EMERGENCY, 30.0, "nowhere"))
        store.put_rule(Rule("jaksel", Priority.EMERGENCY, 30.0))
        store.put_rule(Rule("jaksel", Priority.EMERGENCY, 2.0, "mabes"))
        store.put_rule(Rule("jaksel", Priority.NORMAL, 600.0))
        assert store.rules() == [Rule("jaksel", Priority.EMERGENCY, 2.0, "mabes"),
                                 Rule("jaksel", Priority.NORMAL, 600.0)]

    def test_a_kiosk_is_assigned_to_a_known_unit_or_unassigned(self, store: Store) -> None:
        network(store)
        with pytest.raises(NotFound):
            store.assign_kiosk(KIOSK.id, "jaksel")   # not registered
        store.add_kiosk(KIOSK.id, PLACE)
        with pytest.raises(NotFound):
            store.assign_kiosk(KIOSK.id, "nowhere")
        store.assign_kiosk(KIOSK.id, "jaksel")
        store.assign_kiosk(KIOSK.id, "jakpus")
        assert store.kiosk_units() == {KIOSK.id: "jakpus"}
        store.assign_kiosk(KIOSK.id, None)
        assert store.kiosk_units() == {}

    def test_an_operator_belongs_to_a_unit_with_a_role(self, store: Store) -> None:
        network(store)
        with pytest.raises(NotFound):
            store.set_member(Member("nobody", "jaksel"))
        store.add_operator("siti", "correct horse battery")
        assert store.member("siti") == Member("siti", None, Role.OPERATOR)
        with pytest.raises(NotFound):
            store.set_member(Member("siti", "nowhere"))
        store.set_member(Member("siti", "polda", Role.SUPERVISOR))
        assert store.member("siti") == Member("siti", "polda", Role.SUPERVISOR)
        store.set_member(Member("siti", None, Role.OPERATOR))
        assert store.member("siti").unit_id is None

    # -- routes --------------------------------------------------------------------------

    def test_a_route_is_opened_once_with_its_hop(self, store: Store) -> None:
        item = report()
        put(store, item)
        assert store.open_route(route_of(item.id), routed(item.id))
        assert not store.open_route(route_of(item.id, unit="jakpus"), routed(item.id, "jakpus"))
        found = store.route(item.id)
        assert found is not None and found.unit_id == "jaksel" and found.hops == 0
        assert found.open and not found.acknowledged and found.deadline_at == 1060.0
        assert [h.to_unit for h in store.hops(item.id)] == ["jaksel"]
        assert store.route("no-such-item") is None

    def test_a_reports_route_follows_its_status(self, store: Store) -> None:
        item = report()
        put(store, item)
        store.open_route(route_of(item.id), routed(item.id))
        store.act(item.id, Action.ACKNOWLEDGE, "siti")
        found = store.route(item.id)
        assert found is not None and found.acknowledged and found.open
        assert not found.overdue(5000.0)
        store.act(item.id, Action.CLOSE, "siti")
        closed = store.route(item.id)
        assert closed is not None and not closed.open
        assert store.routes_in(None) == []

    def test_routes_in_lists_a_units_open_items_by_deadline(self, store: Store) -> None:
        late, soon, elsewhere, seen = report(), report(), report(), report()
        for item, deadline, unit in ((late, 1090.0, "jaksel"), (soon, 1030.0, "jaksel"),
                                     (elsewhere, 1010.0, "jakpus"), (seen, 1001.0, "jaksel")):
            put(store, item)
            store.open_route(route_of(item.id, unit, deadline), routed(item.id, unit))
        store.act(seen.id, Action.ACKNOWLEDGE, "siti")
        assert [r.item_id for r in store.routes_in(["jaksel"])] == [soon.id, late.id, seen.id]
        assert [r.item_id for r in store.routes_in(None)][:2] == [elsewhere.id, soon.id]
        assert store.routes_in([]) == []
        assert len(store.routes_in(None, limit=2)) == 2

    def test_a_move_is_compare_and_set(self, store: Store) -> None:
        item = report()
        put(store, item)
        store.open_route(route_of(item.id, "polda", next_unit="mabes"), routed(item.id, "polda"))
        hop = Hop(item.id, 1010.0, "budi", "polda", "jaksel", HopReason.TRANSFERRED, "valid")
        moved = store.move_route(item.id, "polda", Move("jaksel", 1070.0, "polda"), hop)
        assert (moved.unit_id, moved.deadline_at, moved.next_unit, moved.hops) == (
            "jaksel", 1070.0, "polda", 1)
        with pytest.raises(InvalidTransition):   # a second operator, a moment late
            store.move_route(item.id, "polda", Move("jakpus", 1070.0, "polda"), hop)
        with pytest.raises(NotFound):
            store.move_route("no-such-item", "polda", Move("jakpus", 1.0, None), hop)
        assert [(h.reason, h.actor, h.note) for h in store.hops(item.id)] == [
            (HopReason.ROUTED, "system", ""), (HopReason.TRANSFERRED, "budi", "valid")]

    def test_only_overdue_unacknowledged_routes_with_a_next_unit_escalate(
            self, store: Store) -> None:
        overdue, early, acked, top = report(), report(), report(), report()
        for item, deadline, nxt in ((overdue, 1060.0, "polda"), (early, 1200.0, "polda"),
                                    (acked, 1060.0, "polda"), (top, 1060.0, None)):
            put(store, item)
            store.open_route(route_of(item.id, deadline=deadline, next_unit=nxt),
                             routed(item.id))
        store.act(acked.id, Action.ACKNOWLEDGE, "siti")
        hops = store.escalate_overdue(1100.0, up, "system")
        assert [h.item_id for h in hops] == [overdue.id]
        assert hops[0].reason is HopReason.ESCALATED and hops[0].from_unit == "jaksel"
        moved = store.route(overdue.id)
        assert moved is not None and moved.unit_id == "polda" and moved.deadline_at == 2000.0
        assert store.escalate_overdue(1100.0, up, "system") == []   # not twice
        assert store.escalate_overdue(1100.0, lambda r: None, "system") == []
        assert [h.reason for h in store.hops(overdue.id)] == [HopReason.ROUTED,
                                                              HopReason.ESCALATED]
        left = store.route(top.id)
        assert left is not None and left.unit_id == "jaksel" and left.overdue(1100.0)

    def test_escalation_follows_the_network_rules(self, store: Store) -> None:
        network(store)
        store.put_rule(Rule("polda", Priority.EMERGENCY, 5.0, "mabes"))
        item = report()
        put(store, item)
        net = Network(store.units(), store.rules())
        landing = net.landing("jaksel", Priority.EMERGENCY, 1000.0)
        store.open_route(route_of(item.id, deadline=landing.deadline_at,
                                  next_unit=landing.next_unit), routed(item.id))
        assert store.escalate_overdue(1059.0, lambda r: net.escalation(r, 1059.0), "s") == []
        assert len(store.escalate_overdue(1060.0, lambda r: net.escalation(r, 1060.0), "s")) == 1
        at_polda = store.route(item.id)
        assert at_polda is not None and (at_polda.unit_id, at_polda.deadline_at,
                                         at_polda.next_unit) == ("polda", 1065.0, "mabes")
        store.escalate_overdue(1065.0, lambda r: net.escalation(r, 1065.0), "s")
        at_mabes = store.route(item.id)
        assert at_mabes is not None and at_mabes.unit_id == "mabes"
        assert at_mabes.next_unit is None and at_mabes.hops == 2

    def test_concurrent_sweepers_escalate_each_route_once(self, store: Store) -> None:
        items = [report() for _ in range(30)]
        for item in items:
            put(store, item)
            store.open_route(route_of(item.id), routed(item.id))
        results: list[list[Hop]] = []
        start = threading.Barrier(4)

        def sweep() -> None:
            start.wait()
            results.append(store.escalate_overdue(1100.0, up, "system", limit=7))

        threads = [threading.Thread(target=sweep) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        moved = [h.item_id for batch in results for h in batch]
        assert len(moved) == len(set(moved)) == 28   # 4 × 7, none twice
        for item in items:
            assert len([h for h in store.hops(item.id)
                        if h.reason is HopReason.ESCALATED]) <= 1

    # -- calls ---------------------------------------------------------------------------

    def test_a_call_is_stored_once_ended_and_picked_up_once(self, store: Store) -> None:
        assert store.put_call(a_call("c-1"))
        assert not store.put_call(a_call("c-1", at=1500.0))
        store.open_route(route_of("c-1", kind=ItemKind.CALL, session="s-1"), routed("c-1"))
        route = store.route("c-1")
        assert route is not None and route.open and not route.acknowledged
        assert store.end_call(KIOSK.id, "other-session", 1100.0) is None
        ended = store.end_call(KIOSK.id, "s-1", 1100.0)
        assert ended is not None and ended.id == "c-1" and ended.ended_at == 1100.0
        assert store.end_call(KIOSK.id, "s-1", 1200.0) is None   # nothing left to end
        still = store.route("c-1")
        assert still is not None and still.open   # ended, but nobody picked it up
        picked = store.acknowledge_call("c-1", "siti", 1150.0)
        assert picked.acknowledged_by == "siti" and picked.acknowledged_at == 1150.0
        with pytest.raises(InvalidTransition):
            store.acknowledge_call("c-1", "budi", 1160.0)
        with pytest.raises(NotFound):
            store.acknowledge_call("c-2", "budi", 1160.0)
        done = store.route("c-1")
        assert done is not None and done.acknowledged and not done.open

    def test_a_call_without_a_session_ends_the_kiosks_latest(self, store: Store) -> None:
        store.put_call(a_call("c-old", None, 1000.0))
        store.put_call(a_call("c-new", None, 1010.0))
        ended = store.end_call(KIOSK.id, None, 1020.0)
        assert ended is not None and ended.id == "c-new"

    def test_notes_are_attached_to_a_call(self, store: Store) -> None:
        with pytest.raises(NotFound):
            store.add_call_note(CallNote("c-1", 1000.0, "siti", "lost"))
        store.put_call(a_call("c-1"))
        store.add_call_note(CallNote("c-1", 1001.0, "siti", "Penelepon di peron 2"))
        store.add_call_note(CallNote("c-1", 1002.0, "budi", "Petugas menuju lokasi"))
        assert [n.note for n in store.call_notes("c-1")] == ["Penelepon di peron 2",
                                                            "Petugas menuju lokasi"]
        assert store.call_notes("c-2") == []

    def test_a_report_and_a_call_of_one_session_are_linked(self, store: Store) -> None:
        store.put_call(a_call("c-1", "s-1"))
        store.open_route(route_of("c-1", kind=ItemKind.CALL, session="s-1"), routed("c-1"))
        item = report(session="5b3f7f8e-2d7a-4a57-9d62-7a4f0f5e7c11")
        put(store, item)
        store.open_route(route_of(item.id, session="s-1", opened=1001.0), routed(item.id))
        other = report()
        put(store, other)
        store.open_route(route_of(other.id, session="s-2"), routed(other.id))
        linked = store.session_routes(KIOSK.id, "s-1")
        assert [(r.item_id, r.kind) for r in linked] == [("c-1", ItemKind.CALL),
                                                         (item.id, ItemKind.REPORT)]
        assert store.session_routes("other-kiosk", "s-1") == []
