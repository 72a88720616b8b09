"""Putting items into the network and moving them: the first landing of a report or a
kiosk call, the escalation sweeper, transfer down and take back, and loading units from
a file. The rules are `command_center.network`'s; the rows are the store's.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from command_center.errors import CommandCenterError, InvalidTransition, StoreError
from command_center.network import (
    SYSTEM,
    Call,
    Hop,
    HopReason,
    ItemKind,
    Network,
    NetworkError,
    Route,
    Rule,
    Scope,
    Tier,
    Unit,
)
from command_center.store import Store
from command_center.worker import Worker
from wire.categories import Priority
from wire.logs import event as log_event
from wire.report import Event, Report

log = logging.getLogger("command_center.routing")
MAX_ACK_S = 7 * 24 * 3600.0


def network(store: Store) -> Network:
    return Network(store.units(), store.rules())


def _open(store: Store, net: Network, *, item_id: str, kind: ItemKind, kiosk_id: str,
          session: str | None, priority: Priority, lat: float | None, lon: float | None,
          now: float) -> bool:
    if net.empty:
        return False   # no network configured: the flat inbox, as before issue 15
    unit = net.home_unit(lat, lon, store.kiosk_units().get(kiosk_id))
    if unit is None:
        return False
    move = net.landing(unit, priority, now)
    route = Route(item_id, kind, kiosk_id, session, unit, priority, move.deadline_at,
                  move.next_unit, 0, now, now)
    created = store.open_route(route, Hop(item_id, now, SYSTEM, None, unit,
                                          HopReason.ROUTED, _landing_note(net, kiosk_id,
                                                                          unit)))
    if created:
        log_event(log, "route.opened", item=item_id, kind=kind.value, unit=unit)
    return created


def _landing_note(net: Network, kiosk_id: str, unit: str) -> str:
    return f"kiosk {kiosk_id} → {net.name(unit)}"


def route_report(store: Store, report: Report, lat: float | None, lon: float | None,
                 now: float) -> bool:
    """Put a stored report in its kiosk's unit (once; True when it was new)."""
    return _open(store, network(store), item_id=report.id, kind=ItemKind.REPORT,
                 kiosk_id=report.kiosk.id, session=report.session,
                 priority=report.priority, lat=lat, lon=lon, now=now)


def call_event(store: Store, event: Event, *, lat: float | None, lon: float | None,
               station: str, now: float) -> None:
    """What a stored `call.started` / `call.ended` event does in the network: a call
    is an item with the deadlines of an emergency, landing in the kiosk's unit."""
    data = event.data if isinstance(event.data, dict) else {}
    session = data.get("session") if isinstance(data.get("session"), str) else None
    if event.type == "call.started":
        numbers = data.get("numbers") or data.get("number") or ""
        number = ", ".join(map(str, numbers)) if isinstance(numbers, list) else str(numbers)
        store.put_call(Call(event.id, event.kiosk.id, session, station, lat, lon,
                            number[:40], now))
        _open(store, network(store), item_id=event.id, kind=ItemKind.CALL,
              kiosk_id=event.kiosk.id, session=session, priority=Priority.EMERGENCY,
              lat=lat, lon=lon, now=now)
    elif event.type == "call.ended":
        store.end_call(event.kiosk.id, session, now)


def transfer(store: Store, scope: Scope, item_id: str, *, to_unit: str, actor: str,
             now: float, note: str = "") -> Route:
    """Hand an item down to a unit below (valid → transfer). It gets a fresh deadline
    there; when it is not acknowledged in time it comes back up to the transferring
    unit."""
    route = store.route(item_id)
    if route is None or not scope.may_transfer(route, to_unit):
        raise InvalidTransition("you cannot transfer this item to that unit")
    back = route.unit_id
    move = scope.network.landing(to_unit, route.priority, now, back_to=back)
    return store.move_route(item_id, route.unit_id, move,
                            Hop(item_id, now, actor, route.unit_id, to_unit,
                                HopReason.TRANSFERRED, note))


def take_back(store: Store, scope: Scope, item_id: str, *, actor: str, now: float,
              note: str = "") -> Route:
    """A higher tier takes an item back from a unit below (it did not pick up)."""
    route = store.route(item_id)
    if route is None or not scope.may_take_back(route) or scope.unit is None:
        raise InvalidTransition("you cannot take this item back")
    move = scope.network.landing(scope.unit.id, route.priority, now)
    return store.move_route(item_id, route.unit_id, move,
                            Hop(item_id, now, actor, route.unit_id, scope.unit.id,
                                HopReason.TAKEN_BACK, note))


@dataclass(frozen=True)
class SweepPolicy:
    poll_s: float = 0.25
    batch: int = 100


class Escalator(Worker):
    """The escalation sweeper: every `poll_s`, moves every overdue route one step up
    (`Store.escalate_overdue` claims each once, even with several processes)."""

    def __init__(self, store: Store, policy: SweepPolicy = SweepPolicy(),
                 clock: Callable[[], float] = time.time,
                 on_hop: Callable[[Hop], None] | None = None) -> None:
        self._store = store
        self._policy = policy
        self._clock = clock
        self._on_hop = on_hop
        super().__init__("escalator", join_s=30)

    def run_once(self) -> list[Hop]:
        net = network(self._store)
        if net.empty:
            return []
        now = self._clock()
        made: list[Hop] = []
        while True:
            batch = self._store.escalate_overdue(now, lambda r: net.escalation(r, now),
                                                 SYSTEM, self._policy.batch)
            made += batch
            if len(batch) < self._policy.batch:
                break
        for hop in made:
            log_event(log, "route.escalated", item=hop.item_id, from_unit=hop.from_unit,
                      to_unit=hop.to_unit)
            if self._on_hop is not None:
                self._on_hop(hop)
        return made

    def _run(self) -> None:
        while not self._stop.wait(self._policy.poll_s):
            try:
                self.run_once()
            except Exception as exc:   # a bad round must not end the sweeper
                log_event(log, "escalator.failed", logging.ERROR, error=type(exc).__name__)


# -- units from a file ---------------------------------------------------------------


def read_units_file(path: Path) -> tuple[list[Unit], list[Rule]]:
    """Units and routing rows from a JSON file (the shipped demo file's format,
    docs/network.md). Checked as a whole before anything is stored."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandCenterError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise CommandCenterError(f"{path}: expected an object with a list 'units'")
    try:
        units = [_unit(u) for u in data["units"]]
        rules = [_rule(r) for r in data.get("rules", [])]
    except (KeyError, TypeError, ValueError) as exc:
        raise CommandCenterError(f"{path}: {exc}") from None
    net = Network([])
    for unit in _parents_first(units):
        try:
            net.check(unit)
        except NetworkError as exc:
            raise CommandCenterError(str(exc)) from None
        net = Network([*net.units.values(), unit])
    for rule in rules:
        if rule.unit_id not in net.units or (rule.next_unit and rule.next_unit not in net.units):
            raise CommandCenterError(f"rule for {rule.unit_id}: unknown unit")
    return _parents_first(units), rules


def _unit(raw: Any) -> Unit:
    if not isinstance(raw, dict):
        raise ValueError("each unit is an object")
    unit_id, name = str(raw["id"]).strip(), str(raw["name"]).strip()
    if not unit_id or not name or len(unit_id) > 64 or len(name) > 120:
        raise ValueError(f"unit {unit_id!r}: id 1–64 and name 1–120 characters")
    lat, lon = raw.get("lat"), raw.get("lon")
    return Unit(unit_id, name, Tier(raw["tier"]), raw.get("parent"),
                check_coord(lat, 90) if lat is not None else None,
                check_coord(lon, 180) if lon is not None else None)


def check_coord(value: Any, limit: float) -> float:
    number = float(value)
    if not -limit <= number <= limit:
        raise ValueError(f"coordinate {number} outside ±{limit}")
    return number


def _rule(raw: Any) -> Rule:
    if not isinstance(raw, dict):
        raise ValueError("each rule is an object")
    return make_rule(str(raw["unit"]), str(raw["priority"]), raw["ack_within_s"],
                     raw.get("next_unit"))


def make_rule(unit: str, priority: str, ack_within_s: Any, next_unit: Any) -> Rule:
    seconds = float(ack_within_s)
    if not 0 < seconds <= MAX_ACK_S:
        raise ValueError(f"ack_within_s must be > 0 and ≤ {MAX_ACK_S:.0f}")
    return Rule(unit, Priority(priority), seconds,
                str(next_unit) if next_unit is not None else None)


def _parents_first(units: list[Unit]) -> list[Unit]:
    by_id = {u.id: u for u in units}
    out: list[Unit] = []
    seen: set[str] = set()

    def visit(unit: Unit, path: tuple[str, ...]) -> None:
        if unit.id in seen or unit.id in path:
            return
        if unit.parent in by_id:
            visit(by_id[unit.parent], (*path, unit.id))
        seen.add(unit.id)
        out.append(unit)

    for unit in units:
        visit(unit, ())
    return out


def load_units(store: Store, units: list[Unit], rules: list[Rule]) -> None:
    """Store units (parents first, each checked against what is stored) and rules."""
    net = network(store)
    for unit in _parents_first(units):
        try:
            net.check(unit)
        except NetworkError as exc:
            raise CommandCenterError(str(exc)) from None
        store.put_unit(unit)
        net = Network([*net.units.values(), unit])
    for rule in rules:
        store.put_rule(rule)


def demo_units_file() -> Path:
    return Path(__file__).with_name("data") / "units-demo.json"


def after_ingest(store: Store, item: Report | Event, place: Any, now: float,
                 created: bool = True) -> None:
    """What a stored (or repeated: `created` False) kiosk item does in the network.
    Raises StoreError when it cannot be recorded, so the kiosk is answered 503 and
    sends it again. A repeated `call.ended` does nothing (it could end a later call of
    the same session); a repeated report or `call.started` repairs a missing route."""
    try:
        if isinstance(item, Report):
            route_report(store, item, place.lat, place.lon, now)
        elif item.type == "call.started" or (item.type == "call.ended" and created):
            call_event(store, item, lat=place.lat, lon=place.lon, station=place.station, now=now)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"cannot route {item.id}: {type(exc).__name__}: {exc}") from exc
