"""The 110 network's records and rules: units Mabes → Polda → Polres (→ Polsek), routing
rows, where an item lands, when and where it escalates, and who may see and do what.

Everything here is pure (no I/O, no clock of its own): the store keeps the rows, the
escalator (`command_center.routing`) and the pages call these functions with them. The
seeds say how Polri's 110 works: a call is picked up at the nearest Polres; if the
Polres does not pick up it goes to the Polda, then to Mabes. The Polda sorts valid from
invalid: invalid (prank) reports are closed there; valid ones are transferred down to
a Polres, and taken back when that Polres does not pick up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from wire.categories import Priority


class Tier(StrEnum):
    MABES = "mabes"
    POLDA = "polda"
    POLRES = "polres"
    POLSEK = "polsek"

    @property
    def rank(self) -> int:
        """0 for Mabes, the top; larger is lower in the hierarchy."""
        return list(Tier).index(self)


class Role(StrEnum):
    OPERATOR = "operator"       # works the items of their own unit
    SUPERVISOR = "supervisor"   # also acts on the items of the units below


class ItemKind(StrEnum):
    REPORT = "report"
    CALL = "call"


class HopReason(StrEnum):
    """Why an item is where it is: every move is one audited hop."""

    ROUTED = "routed"            # a new item lands in its kiosk's unit
    ESCALATED = "escalated"      # not acknowledged in time: up one step (the sweeper)
    TRANSFERRED = "transferred"  # a higher tier hands it down ("valid → transfer")
    TAKEN_BACK = "taken_back"    # a higher tier takes it back from a unit below

    @property
    def label(self) -> str:
        return {"routed": "Routed", "escalated": "Escalated (not acknowledged in time)",
                "transferred": "Transferred", "taken_back": "Taken back"}[self.value]


# How long a unit has to acknowledge, when no routing row says otherwise.
DEFAULT_ACK_S = {Priority.EMERGENCY: 60.0, Priority.URGENT: 300.0, Priority.NORMAL: 900.0}
SYSTEM = "system"   # the actor of hops nobody clicked (routing, the sweeper)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    tier: Tier
    parent: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Rule:
    """A routing row: `unit_id` must acknowledge a `priority` item within
    `ack_within_s`, else it goes to `next_unit` (None: the unit's parent)."""

    unit_id: str
    priority: Priority
    ack_within_s: float
    next_unit: str | None = None


@dataclass(frozen=True)
class Member:
    """An operator's place in the network. `unit_id` None: an operator from before the
    network (or a national one) — sees and may do everything, as Mabes."""

    operator: str
    unit_id: str | None = None
    role: Role = Role.OPERATOR


@dataclass(frozen=True)
class Route:
    """Where an item (a report or a kiosk call) is in the network now.

    `deadline_at` is when `unit_id` must have acknowledged it; `next_unit` is where it
    goes then (None: nowhere higher — it stays, overdue). `acknowledged` and `open` are
    read from the item itself (a report's status; a call's pick-up and end)."""

    item_id: str
    kind: ItemKind
    kiosk_id: str
    session: str | None
    unit_id: str
    priority: Priority
    deadline_at: float | None
    next_unit: str | None
    hops: int
    opened_at: float
    updated_at: float
    acknowledged: bool = False
    open: bool = True

    def overdue(self, now: float) -> bool:
        return (not self.acknowledged and self.deadline_at is not None
                and now >= self.deadline_at)


@dataclass(frozen=True)
class Hop:
    item_id: str
    at: float
    actor: str
    from_unit: str | None
    to_unit: str
    reason: HopReason
    note: str = ""


@dataclass(frozen=True)
class Move:
    """Where an item goes, with its new deadline and next unit."""

    to_unit: str
    deadline_at: float | None
    next_unit: str | None


@dataclass(frozen=True)
class Call:
    """A kiosk's 110 call, from its `call.started` event (the id is that event's)."""

    id: str
    kiosk_id: str
    session: str | None
    station: str
    lat: float | None
    lon: float | None
    number: str
    started_at: float
    ended_at: float | None = None
    acknowledged_at: float | None = None
    acknowledged_by: str | None = None


@dataclass(frozen=True)
class CallNote:
    call_id: str
    at: float
    operator: str
    note: str


class NetworkError(ValueError):
    """A unit or rule that does not fit the hierarchy (the message says why)."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Network:
    """The hierarchy and its routing rows, read once for a round of decisions."""

    def __init__(self, units: Iterable[Unit], rules: Iterable[Rule] = ()) -> None:
        self.units = {u.id: u for u in units}
        self.rules = {(r.unit_id, r.priority): r for r in rules}
        self._children: dict[str, list[str]] = {}
        for unit in self.units.values():
            if unit.parent is not None:
                self._children.setdefault(unit.parent, []).append(unit.id)

    @property
    def empty(self) -> bool:
        return not self.units

    def unit(self, unit_id: str | None) -> Unit | None:
        return self.units.get(unit_id) if unit_id is not None else None

    def name(self, unit_id: str | None) -> str:
        unit = self.unit(unit_id)
        return unit.name if unit else (unit_id or "—")

    def ancestors(self, unit_id: str) -> list[str]:
        """The units above `unit_id`, nearest first (a loop in the rows is cut)."""
        out: list[str] = []
        current = self.units.get(unit_id)
        while current is not None and current.parent is not None and current.parent not in out:
            out.append(current.parent)
            current = self.units.get(current.parent)
        return out

    def subtree(self, unit_id: str) -> list[str]:
        """`unit_id` and every unit below it."""
        out, todo = [], [unit_id]
        while todo:
            current = todo.pop()
            if current in out:
                continue
            out.append(current)
            todo.extend(self._children.get(current, []))
        return out

    def below(self, unit_id: str) -> list[str]:
        return [u for u in self.subtree(unit_id) if u != unit_id]

    def nearest(self, lat: float, lon: float, tier: Tier = Tier.POLRES) -> Unit | None:
        """The unit of `tier` nearest to (lat, lon); None when none has coordinates."""
        placed = [u for u in self.units.values()
                  if u.tier is tier and u.lat is not None and u.lon is not None]
        if not placed:
            return None
        return min(placed, key=lambda u: (distance_km(lat, lon, u.lat, u.lon),  # type: ignore[arg-type]
                                          u.id))

    def rule(self, unit_id: str, priority: Priority) -> Rule:
        """The unit's routing row for `priority`, else the defaults (DEFAULT_ACK_S, up
        to the parent)."""
        found = self.rules.get((unit_id, priority))
        if found is not None:
            return found
        return Rule(unit_id, priority, DEFAULT_ACK_S[priority], None)

    def next_after(self, unit_id: str, priority: Priority) -> str | None:
        rule = self.rule(unit_id, priority)
        if rule.next_unit is not None and rule.next_unit in self.units:
            return rule.next_unit
        unit = self.units.get(unit_id)
        return unit.parent if unit is not None else None

    def landing(self, unit_id: str, priority: Priority, now: float,
                back_to: str | None = None) -> Move:
        """An item arriving at `unit_id` now: its deadline there and where it goes
        next (`back_to` for a transferred item: back up to who transferred it)."""
        rule = self.rule(unit_id, priority)
        return Move(unit_id, now + rule.ack_within_s,
                    back_to if back_to is not None else self.next_after(unit_id, priority))

    def escalation(self, route: Route, now: float) -> Move | None:
        """Where an overdue route goes (None: not overdue, or nowhere higher)."""
        if not route.overdue(now) or route.next_unit is None:
            return None
        return self.landing(route.next_unit, route.priority, now)

    def home_unit(self, lat: float | None, lon: float | None,
                  assigned: str | None) -> str | None:
        """Where a kiosk's items land: its assigned unit, else the nearest Polres, else
        the top of the hierarchy (None: there is no network)."""
        if assigned is not None and assigned in self.units:
            return assigned
        if lat is not None and lon is not None and (near := self.nearest(lat, lon)):
            return near.id
        tops = sorted(u.id for u in self.units.values() if u.parent is None)
        return tops[0] if tops else None

    def check(self, unit: Unit) -> None:
        """Raise NetworkError when `unit` cannot join this hierarchy."""
        if unit.parent is None:
            if unit.tier is not Tier.MABES:
                raise NetworkError(f"unit {unit.id}: only Mabes has no parent")
            return
        parent = self.units.get(unit.parent)
        if parent is None:
            raise NetworkError(f"unit {unit.id}: no parent unit {unit.parent!r}")
        if parent.tier.rank >= unit.tier.rank:
            raise NetworkError(f"unit {unit.id}: a {unit.tier.value} cannot be under a "
                               f"{parent.tier.value}")
        if unit.id == unit.parent or unit.id in self.ancestors(unit.parent):
            raise NetworkError(f"unit {unit.id}: a unit cannot be its own ancestor")


# -- who may see and do what ---------------------------------------------------------


class Permission(StrEnum):
    ACT_OWN = "act_own"            # acknowledge, dispatch, close its own unit's items
    MARK_INVALID = "mark_invalid"  # prank: closed at the Polda
    TRANSFER = "transfer"          # hand down to a unit below
    TAKE_BACK = "take_back"        # take back from a unit below
    ACT_BELOW = "act_below"        # act on items of the units below


# The lowest tier (largest rank) that holds each permission, and the roles that do.
_PERMISSIONS: dict[Permission, tuple[Tier, frozenset[Role]]] = {
    Permission.ACT_OWN: (Tier.POLSEK, frozenset(Role)),
    Permission.MARK_INVALID: (Tier.POLDA, frozenset(Role)),
    Permission.TRANSFER: (Tier.POLDA, frozenset(Role)),
    Permission.TAKE_BACK: (Tier.POLDA, frozenset(Role)),
    Permission.ACT_BELOW: (Tier.POLDA, frozenset({Role.SUPERVISOR})),
}


class Scope:
    """What one operator may see and do, given the network."""

    def __init__(self, network: Network, member: Member) -> None:
        self.network = network
        self.member = member
        unit = network.unit(member.unit_id)
        # No unit (or one deleted since): the whole network, as Mabes.
        self.everything = unit is None
        self.unit = unit
        self.tier = unit.tier if unit is not None else Tier.MABES
        self.own: list[str] = [unit.id] if unit is not None else []
        self.watched: list[str] = network.below(unit.id) if unit is not None else []

    def may(self, permission: Permission) -> bool:
        lowest, roles = _PERMISSIONS[permission]
        if self.everything:
            return True
        return self.tier.rank <= lowest.rank and self.member.role in roles

    def sees(self, route: Route | None) -> bool:
        """Whether the operator may open this item at all (else: 404)."""
        if self.everything:
            return True
        if route is None:
            return False   # an item outside the network: Mabes/all only
        return route.unit_id in self.own or route.unit_id in self.watched

    def holds(self, route: Route | None) -> bool:
        """The item is in the operator's own unit (or they see everything)."""
        return self.everything or (route is not None and route.unit_id in self.own)

    def may_act(self, route: Route | None) -> bool:
        """Acknowledge, dispatch, close, note: own unit's items, or (supervisors at
        Polda and above) the units' below."""
        return self.holds(route) or (self.sees(route) and self.may(Permission.ACT_BELOW))

    def transfer_targets(self) -> list[Unit]:
        """The units this operator may hand an item down to."""
        if not self.may(Permission.TRANSFER):
            return []
        ids = self.watched if not self.everything else list(self.network.units)
        return sorted((self.network.units[u] for u in ids
                       if self.network.units[u].tier in (Tier.POLRES, Tier.POLSEK)),
                      key=lambda u: u.name)

    def may_transfer(self, route: Route | None, to_unit: str) -> bool:
        return (route is not None and self.holds(route) and self.may(Permission.TRANSFER)
                and to_unit != route.unit_id
                and to_unit in {u.id for u in self.transfer_targets()})

    def may_take_back(self, route: Route | None) -> bool:
        return (route is not None and self.may(Permission.TAKE_BACK) and route.open
                and not self.holds(route) and self.sees(route)
                and self.unit is not None)


def shown_in_inbox(scope: Scope, route: Route, now: float) -> bool:
    """Own unit's open items; of the units below, the escalated (moved before) and the
    overdue ones."""
    if scope.everything or route.unit_id in scope.own:
        return route.open
    return route.unit_id in scope.watched and route.open and (
        route.hops > 0 or route.overdue(now))


def watch_ids(scope: Scope) -> Sequence[str]:
    return scope.watched
