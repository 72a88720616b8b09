"""Stored network rows as `command_center.network` records, for every engine. Total:
a value that cannot be read as expected gets a safe default, so one bad row never
breaks a page or stops the escalator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from command_center.network import (
    Call,
    CallNote,
    Hop,
    HopReason,
    ItemKind,
    Member,
    Role,
    Route,
    Rule,
    Tier,
    Unit,
)
from command_center.rows import Reader
from wire.categories import Priority

UNIT_COLUMNS = "id, name, tier, parent, lat, lon"
RULE_COLUMNS = "unit_id, priority, ack_within_s, next_unit"
ROUTE_COLUMNS = ("item_id, kind, kiosk_id, session, unit_id, priority, deadline_at, "
                 "next_unit, hops, opened_at, updated_at")
HOP_COLUMNS = "item_id, at, actor, from_unit, to_unit, reason, note"
CALL_COLUMNS = ("id, kiosk_id, session, station, lat, lon, number, started_at, ended_at, "
                "acknowledged_at, acknowledged_by")
NOTE_COLUMNS = "call_id, at, operator, note"

# The route as both engines read it (standard SQL): every column, with `acknowledged`
# and `open` read from its item — the rule of when an item stops escalating, once.
_STATUS = "(SELECT p.status FROM reports p WHERE p.id = r.item_id)"
R_COLUMNS = ", ".join("r." + c.strip() for c in ROUTE_COLUMNS.split(","))
ACKNOWLEDGED = (
    "CASE WHEN r.kind = 'call' THEN (SELECT c.acknowledged_at IS NOT NULL FROM calls c "  # noqa: S608 (constants)
    f"WHERE c.id = r.item_id) ELSE coalesce({_STATUS}, 'received') <> 'received' END")
OPEN = (
    "CASE WHEN r.kind = 'call' THEN (SELECT c.ended_at IS NULL OR c.acknowledged_at IS NULL "  # noqa: S608 (constants)
    f"FROM calls c WHERE c.id = r.item_id) ELSE coalesce({_STATUS}, 'received') IN "
    "('received', 'acknowledged', 'dispatched') END")
ROUTES = (f"SELECT {R_COLUMNS}, {ACKNOWLEDGED} AS acknowledged, "  # noqa: S608 (constants)
          f"{OPEN} AS open FROM routes r")


def unit(row: Mapping[str, Any]) -> Unit:
    r = Reader(row)
    return Unit(r.text("id"), r.text("name"), r.enum("tier", Tier, Tier.POLRES),
                r.optional_text("parent"), r.number("lat"), r.number("lon"))


def rule(row: Mapping[str, Any]) -> Rule:
    r = Reader(row)
    return Rule(r.text("unit_id"), r.enum("priority", Priority, Priority.NORMAL),
                r.number("ack_within_s") or 60.0, r.optional_text("next_unit"))


def member(operator: str, row: Mapping[str, Any] | None) -> Member:
    if row is None:
        return Member(operator)
    r = Reader(row)
    return Member(operator, r.optional_text("unit_id"), r.enum("role", Role, Role.OPERATOR))


def route(row: Mapping[str, Any]) -> Route:
    r = Reader(row)
    return Route(item_id=r.text("item_id"), kind=r.enum("kind", ItemKind, ItemKind.REPORT),
                 kiosk_id=r.text("kiosk_id"), session=r.optional_text("session"),
                 unit_id=r.text("unit_id"),
                 priority=r.enum("priority", Priority, Priority.EMERGENCY),
                 deadline_at=r.number("deadline_at"), next_unit=r.optional_text("next_unit"),
                 hops=int(r.number("hops") or 0), opened_at=r.required_number("opened_at"),
                 updated_at=r.required_number("updated_at"),
                 acknowledged=bool(row.get("acknowledged")),
                 open=row.get("open") is None or bool(row.get("open")))


def hop(row: Mapping[str, Any]) -> Hop:
    r = Reader(row)
    return Hop(r.text("item_id"), r.required_number("at"), r.text("actor"),
               r.optional_text("from_unit"), r.text("to_unit"),
               r.enum("reason", HopReason, HopReason.ROUTED), r.text("note"))


def call(row: Mapping[str, Any]) -> Call:
    r = Reader(row)
    return Call(id=r.text("id"), kiosk_id=r.text("kiosk_id"), session=r.optional_text("session"),
                station=r.text("station"), lat=r.number("lat"), lon=r.number("lon"),
                number=r.text("number"), started_at=r.required_number("started_at"),
                ended_at=r.number("ended_at"), acknowledged_at=r.number("acknowledged_at"),
                acknowledged_by=r.optional_text("acknowledged_by"))


def note(row: Mapping[str, Any]) -> CallNote:
    r = Reader(row)
    return CallNote(r.text("call_id"), r.required_number("at"), r.text("operator"),
                    r.text("note"))
