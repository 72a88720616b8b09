"""The 110 network on SQLite: units, routing rows, memberships, routes and their hops,
kiosk calls and their notes.

A route's `acknowledged` and `open` are read from its item in the same query (a
report's status, a call's pick-up and end), so acknowledging a report through the
existing `act` is enough to stop its escalation. The sweeper's claim runs inside
BEGIN IMMEDIATE: one writer at a time, so two sweepers (threads or processes on one
file) can never move the same route twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from command_center import network_rows as nr
from command_center.errors import InvalidTransition, NotFound
from command_center.live import ChangeKind, PollingFeed
from command_center.network import (
    Call,
    CallNote,
    Hop,
    HopReason,
    Member,
    Move,
    Route,
    Rule,
    Unit,
)
from command_center.sqlite.base import Tables, dicts, one
from command_center.sqlite.changes import record

ROUTES = nr.ROUTES   # the route with `acknowledged` and `open` (network_rows)


class UnitTables(Tables):
    _feed: PollingFeed
    # -- units and routing rows --------------------------------------------------------

    def put_unit(self, unit: Unit) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                f"INSERT INTO units ({nr.UNIT_COLUMNS}) VALUES (?,?,?,?,?,?) "  # noqa: S608
                "ON CONFLICT(id) DO UPDATE SET name=excluded.name, tier=excluded.tier, "
                "parent=excluded.parent, lat=excluded.lat, lon=excluded.lon",
                (unit.id, unit.name, unit.tier.value, unit.parent, unit.lat, unit.lon))

    def units(self) -> list[Unit]:
        return [nr.unit(r) for r in dicts(self.db.conn().execute(
            f"SELECT {nr.UNIT_COLUMNS} FROM units ORDER BY id"))]  # noqa: S608

    def put_rule(self, rule: Rule) -> None:
        with self.db.transaction() as conn:
            _need_unit(conn, rule.unit_id)
            if rule.next_unit is not None:
                _need_unit(conn, rule.next_unit)
            conn.execute(
                f"INSERT INTO routing_rules ({nr.RULE_COLUMNS}) VALUES (?,?,?,?) "  # noqa: S608
                "ON CONFLICT(unit_id, priority) DO UPDATE SET "
                "ack_within_s=excluded.ack_within_s, next_unit=excluded.next_unit",
                (rule.unit_id, rule.priority.value, rule.ack_within_s, rule.next_unit))

    def rules(self) -> list[Rule]:
        return [nr.rule(r) for r in dicts(self.db.conn().execute(
            f"SELECT {nr.RULE_COLUMNS} FROM routing_rules "  # noqa: S608
            "ORDER BY unit_id, priority"))]

    def assign_kiosk(self, kiosk_id: str, unit_id: str | None) -> None:
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM kiosks WHERE id=?", (kiosk_id,)).fetchone() is None:
                raise NotFound(f"no kiosk {kiosk_id!r}")
            if unit_id is None:
                conn.execute("DELETE FROM kiosk_units WHERE kiosk_id=?", (kiosk_id,))
                return
            _need_unit(conn, unit_id)
            conn.execute("INSERT INTO kiosk_units (kiosk_id, unit_id) VALUES (?,?) "
                         "ON CONFLICT(kiosk_id) DO UPDATE SET unit_id=excluded.unit_id",
                         (kiosk_id, unit_id))

    def kiosk_units(self) -> dict[str, str]:
        return {str(k): str(u) for k, u in self.db.conn().execute(
            "SELECT kiosk_id, unit_id FROM kiosk_units")}

    def set_member(self, member: Member) -> None:
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM operators WHERE name=?",
                            (member.operator,)).fetchone() is None:
                raise NotFound(f"no operator {member.operator!r}")
            if member.unit_id is not None:
                _need_unit(conn, member.unit_id)
            conn.execute("INSERT INTO operator_units (operator, unit_id, role) VALUES (?,?,?) "
                         "ON CONFLICT(operator) DO UPDATE SET unit_id=excluded.unit_id, "
                         "role=excluded.role",
                         (member.operator, member.unit_id, member.role.value))

    def member(self, operator: str) -> Member:
        return nr.member(operator, one(self.db.conn().execute(
            "SELECT unit_id, role FROM operator_units WHERE operator=?", (operator,))))

    # -- routes --------------------------------------------------------------------------

    def open_route(self, route: Route, hop: Hop) -> bool:
        with self.db.transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO routes ({nr.ROUTE_COLUMNS}) "  # noqa: S608
                "VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(item_id) DO NOTHING",
                (route.item_id, route.kind.value, route.kiosk_id, route.session,
                 route.unit_id, route.priority.value, route.deadline_at, route.next_unit,
                 route.hops, route.opened_at, route.updated_at))
            if cur.rowcount != 1:
                return False
            _insert_hop(conn, hop)
        return True

    def route(self, item_id: str) -> Route | None:
        row = one(self.db.conn().execute(f"{ROUTES} WHERE r.item_id=?", (item_id,)))
        return None if row is None else nr.route(row)

    def routes_in(self, unit_ids: Sequence[str] | None, limit: int = 200) -> list[Route]:
        sql = f"SELECT * FROM ({ROUTES}) WHERE open"  # noqa: S608
        params: list[Any] = []
        if unit_ids is not None:
            if not unit_ids:
                return []
            sql += f" AND unit_id IN ({','.join('?' * len(unit_ids))})"
            params.extend(unit_ids)
        sql += (" ORDER BY acknowledged, deadline_at IS NULL, deadline_at, opened_at "
                "LIMIT ?")
        return [nr.route(r) for r in dicts(self.db.conn().execute(sql, (*params, limit)))]

    def session_routes(self, kiosk_id: str, session: str) -> list[Route]:
        return [nr.route(r) for r in dicts(self.db.conn().execute(
            f"{ROUTES} WHERE r.kiosk_id=? AND r.session=? ORDER BY r.opened_at, r.item_id",
            (kiosk_id, session)))]

    def move_route(self, item_id: str, from_unit: str, move: Move, hop: Hop) -> Route:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT unit_id FROM routes WHERE item_id=?",
                               (item_id,)).fetchone()
            if row is None:
                raise NotFound(f"no route for {item_id}")
            if row[0] != from_unit:
                raise InvalidTransition("it has been moved by someone else meanwhile")
            _apply_move(conn, item_id, move, hop.at)
            _insert_hop(conn, hop)
        self._feed.notify()
        moved = self.route(item_id)
        assert moved is not None
        return moved

    def escalate_overdue(self, now: float, plan: Callable[[Route], Move | None],
                         actor: str, limit: int = 100) -> list[Hop]:
        made: list[Hop] = []
        with self.db.transaction() as conn:   # BEGIN IMMEDIATE: one sweeper at a time
            due = dicts(conn.execute(
                f"SELECT * FROM ({ROUTES}) WHERE deadline_at <= ? "  # noqa: S608
                "AND next_unit IS NOT NULL AND NOT acknowledged AND open "
                "ORDER BY deadline_at LIMIT ?", (now, limit)))
            for row in due:
                route = nr.route(row)
                move = plan(route)
                if move is None:
                    continue
                hop = Hop(route.item_id, now, actor, route.unit_id, move.to_unit,
                          HopReason.ESCALATED, _late_note(route, now))
                _apply_move(conn, route.item_id, move, now)
                _insert_hop(conn, hop)
                made.append(hop)
        if made:
            self._feed.notify()
        return made

    def hops(self, item_id: str) -> list[Hop]:
        return [nr.hop(r) for r in dicts(self.db.conn().execute(
            f"SELECT {nr.HOP_COLUMNS} FROM hops WHERE item_id=? ORDER BY seq",  # noqa: S608
            (item_id,)))]

    # -- calls ---------------------------------------------------------------------------

    def put_call(self, call: Call) -> bool:
        with self.db.transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO calls ({nr.CALL_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?) "  # noqa: S608
                "ON CONFLICT(id) DO NOTHING",
                (call.id, call.kiosk_id, call.session, call.station, call.lat, call.lon,
                 call.number, call.started_at, call.ended_at, call.acknowledged_at,
                 call.acknowledged_by))
            return cur.rowcount == 1

    def end_call(self, kiosk_id: str, session: str | None, at: float) -> Call | None:
        with self.db.transaction() as conn:
            sql = "SELECT id FROM calls WHERE kiosk_id=? AND ended_at IS NULL"
            params: list[Any] = [kiosk_id]
            if session is not None:
                sql += " AND session=?"
                params.append(session)
            row = conn.execute(sql + " ORDER BY started_at DESC, rowid DESC LIMIT 1",
                               params).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE calls SET ended_at=? WHERE id=?", (at, row[0]))
        return self.call(str(row[0]))

    def call(self, call_id: str) -> Call | None:
        row = one(self.db.conn().execute(
            f"SELECT {nr.CALL_COLUMNS} FROM calls WHERE id=?", (call_id,)))  # noqa: S608
        return None if row is None else nr.call(row)

    def acknowledge_call(self, call_id: str, operator: str, at: float) -> Call:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT acknowledged_at FROM calls WHERE id=?",
                               (call_id,)).fetchone()
            if row is None:
                raise NotFound(f"no call {call_id}")
            if row[0] is not None:
                raise InvalidTransition("this call has been picked up already")
            conn.execute("UPDATE calls SET acknowledged_at=?, acknowledged_by=? WHERE id=?",
                         (at, operator, call_id))
            record(conn, ChangeKind.ACTION, call_id, at, "emergency")
        self._feed.notify()
        found = self.call(call_id)
        assert found is not None
        return found

    def add_call_note(self, note: CallNote) -> None:
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM calls WHERE id=?", (note.call_id,)).fetchone() is None:
                raise NotFound(f"no call {note.call_id}")
            conn.execute(f"INSERT INTO call_notes ({nr.NOTE_COLUMNS}) VALUES (?,?,?,?)",  # noqa: S608
                         (note.call_id, note.at, note.operator, note.note))

    def call_notes(self, call_id: str) -> list[CallNote]:
        return [nr.note(r) for r in dicts(self.db.conn().execute(
            f"SELECT {nr.NOTE_COLUMNS} FROM call_notes WHERE call_id=? "  # noqa: S608
            "ORDER BY seq", (call_id,)))]


def _need_unit(conn: sqlite3.Connection, unit_id: str) -> None:
    if conn.execute("SELECT 1 FROM units WHERE id=?", (unit_id,)).fetchone() is None:
        raise NotFound(f"no unit {unit_id!r}")


def _apply_move(conn: sqlite3.Connection, item_id: str, move: Move, at: float) -> None:
    conn.execute("UPDATE routes SET unit_id=?, deadline_at=?, next_unit=?, hops=hops+1, "
                 "updated_at=? WHERE item_id=?",
                 (move.to_unit, move.deadline_at, move.next_unit, at, item_id))


def _insert_hop(conn: sqlite3.Connection, hop: Hop) -> None:
    conn.execute(f"INSERT INTO hops ({nr.HOP_COLUMNS}) VALUES (?,?,?,?,?,?,?)",  # noqa: S608
                 (hop.item_id, hop.at, hop.actor, hop.from_unit, hop.to_unit,
                  hop.reason.value, hop.note))
    # In the same transaction: the live inboxes of both units hear of the move at once.
    priority = conn.execute("SELECT priority FROM routes WHERE item_id=?",
                            (hop.item_id,)).fetchone()
    record(conn, ChangeKind.ESCALATION, hop.item_id, hop.at,
           str(priority[0]) if priority else "")


def _late_note(route: Route, now: float) -> str:
    waited = now - (route.deadline_at or now)
    return f"not acknowledged by its deadline ({waited:.1f} s past it)"
