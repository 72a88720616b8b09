"""The network's commands of `python -m command_center` (docs/network.md):

    load-units [FILE]                      units and routing rows from a file (default:
                                           the shipped DEMO file, Polda Metro Jaya)
    units                                  the hierarchy, with each unit's rows
    add-unit ID --name N --tier T [--parent P] [--lat Y --lon X]
    assign-kiosk KIOSK_ID [UNIT_ID]        without UNIT_ID: the nearest Polres again
    set-rule UNIT_ID PRIORITY SECONDS [--next UNIT_ID]
    set-operator-unit NAME [UNIT_ID] [--role operator|supervisor]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from command_center import routing
from command_center.errors import CommandCenterError
from command_center.network import Member, Network, NetworkError, Role, Tier, Unit
from command_center.settings import Settings
from command_center.store import Store
from wire.categories import Priority

Command = Callable[[Settings, argparse.Namespace], int]


def add_parsers(sub: Any) -> None:
    load = sub.add_parser("load-units", help="load units and routing rows from a JSON file "
                          "(default: the shipped demo network, Polda Metro Jaya)")
    load.add_argument("file", nargs="?", type=Path)
    sub.add_parser("units", help="list the units, their routing rows and assigned kiosks")
    unit = sub.add_parser("add-unit", help="add (or update) one unit")
    unit.add_argument("unit_id")
    unit.add_argument("--name", required=True)
    unit.add_argument("--tier", required=True, choices=[t.value for t in Tier])
    unit.add_argument("--parent", help="the unit above (all but Mabes have one)")
    unit.add_argument("--lat", type=float)
    unit.add_argument("--lon", type=float)
    assign = sub.add_parser("assign-kiosk", help="route a kiosk's items to a unit (without "
                            "a unit: to the nearest Polres by its place again)")
    assign.add_argument("kiosk_id")
    assign.add_argument("unit_id", nargs="?")
    rule = sub.add_parser("set-rule", help="a routing row: the unit must acknowledge "
                          "items of the priority within SECONDS, else they go --next")
    rule.add_argument("unit_id")
    rule.add_argument("priority", choices=[p.value for p in Priority])
    rule.add_argument("seconds", type=float)
    rule.add_argument("--next", dest="next_unit", help="where it goes when not acknowledged "
                      "(default: the unit above)")
    member = sub.add_parser("set-operator-unit", help="put an operator in a unit with a "
                            "role (without a unit: everything, as Mabes)")
    member.add_argument("name")
    member.add_argument("unit_id", nargs="?")
    member.add_argument("--role", choices=[r.value for r in Role], default="operator")


def commands(open_store: Callable[[Settings], Store]) -> dict[str, Command]:
    def with_store(fn: Callable[[Store, argparse.Namespace], int]) -> Command:
        def run(settings: Settings, args: argparse.Namespace) -> int:
            store = open_store(settings)
            try:
                return fn(store, args)
            finally:
                store.close()
        return run

    return {"load-units": with_store(_load), "units": with_store(_list),
            "add-unit": with_store(_add_unit), "assign-kiosk": with_store(_assign),
            "set-rule": with_store(_set_rule), "set-operator-unit": with_store(_member)}


def _load(store: Store, args: argparse.Namespace) -> int:
    path = args.file or routing.demo_units_file()
    units, rules = routing.read_units_file(path)
    routing.load_units(store, units, rules)
    demo = " (DEMO DATA)" if args.file is None else ""
    print(f"{len(units)} units and {len(rules)} routing rows loaded from {path}{demo}")
    return 0


def _list(store: Store, args: argparse.Namespace) -> int:
    net = Network(store.units(), store.rules())
    if net.empty:
        print("no units: every operator sees every report (load-units to start)")
        return 0
    kiosks: dict[str, list[str]] = {}
    for kiosk, unit in store.kiosk_units().items():
        kiosks.setdefault(unit, []).append(kiosk)

    def show(unit_id: str, depth: int) -> None:
        unit = net.units[unit_id]
        where = f" ({unit.lat}, {unit.lon})" if unit.lat is not None else ""
        print(f"{'  ' * depth}{unit.id}: {unit.name} [{unit.tier.value}]{where}")
        for priority in Priority:
            if (unit_id, priority) in net.rules:
                rule = net.rules[(unit_id, priority)]
                print(f"{'  ' * depth}  rule {priority.value}: acknowledge within "
                      f"{rule.ack_within_s:g} s, else → {net.next_after(unit_id, priority)}")
        if unit_id in kiosks:
            print(f"{'  ' * depth}  kiosks: {', '.join(sorted(kiosks[unit_id]))}")
        for child in sorted(u.id for u in net.units.values() if u.parent == unit_id):
            show(child, depth + 1)

    for top in sorted(u.id for u in net.units.values()
                      if u.parent is None or u.parent not in net.units):
        show(top, 0)
    return 0


def _add_unit(store: Store, args: argparse.Namespace) -> int:
    if (args.lat is None) != (args.lon is None):
        raise CommandCenterError("give both --lat and --lon, or neither")
    try:
        lat = routing.check_coord(args.lat, 90) if args.lat is not None else None
        lon = routing.check_coord(args.lon, 180) if args.lon is not None else None
    except ValueError as exc:
        raise CommandCenterError(str(exc)) from None
    name = args.name.strip()
    if not name or len(name) > 120 or not args.unit_id or len(args.unit_id) > 64:
        raise CommandCenterError("a unit id has 1 to 64 characters, a name 1 to 120")
    unit = Unit(args.unit_id, name, Tier(args.tier), args.parent, lat, lon)
    try:
        routing.network(store).check(unit)
    except NetworkError as exc:
        raise CommandCenterError(str(exc)) from None
    store.put_unit(unit)
    print(f"unit {unit.id}: {unit.name} [{unit.tier.value}]"
          + (f" under {unit.parent}" if unit.parent else ""))
    return 0


def _assign(store: Store, args: argparse.Namespace) -> int:
    store.assign_kiosk(args.kiosk_id, args.unit_id)
    if args.unit_id is not None:
        print(f"kiosk {args.kiosk_id}: its items go to {args.unit_id}")
        return 0
    net = routing.network(store)
    kiosk = next((k for k in store.kiosks() if k.id == args.kiosk_id), None)
    place = kiosk.place if kiosk is not None else None
    home = net.home_unit(place.lat if place else None, place.lon if place else None, None)
    print(f"kiosk {args.kiosk_id}: its items go to the nearest Polres by its place: "
          f"{net.name(home)}")
    return 0


def _set_rule(store: Store, args: argparse.Namespace) -> int:
    try:
        rule = routing.make_rule(args.unit_id, args.priority, args.seconds, args.next_unit)
    except ValueError as exc:
        raise CommandCenterError(str(exc)) from None
    store.put_rule(rule)
    print(f"{rule.unit_id}: acknowledge {rule.priority.value} items within "
          f"{rule.ack_within_s:g} s, else → {rule.next_unit or 'the unit above'}")
    return 0


def _member(store: Store, args: argparse.Namespace) -> int:
    store.set_member(Member(args.name, args.unit_id, Role(args.role)))
    print(f"operator {args.name}: {args.unit_id or 'everything (as Mabes)'}, {args.role}")
    return 0
