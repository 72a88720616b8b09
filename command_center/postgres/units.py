"""The 110 network on PostgreSQL: units, routing rows, memberships, routes and their
hops, kiosk calls and their notes (as on SQLite: command_center/sqlite/units.py).

What differs is how several centre processes share the work. The escalation sweeper
claims overdue routes `FOR UPDATE OF r SKIP LOCKED`: two sweepers running at once take
disjoint rows and neither waits; a row another sweeper has just moved is re-checked
against its new deadline before it is locked (PostgreSQL re-evaluates the condition on
the latest version), so no route is ever escalated twice for one deadline. A move by an
operator (`move_route`) locks its row first, so it is a true compare-and-set against a
sweeper or another operator. Every hop appends an ESCALATION change to the live log
(command_center.live), and a call's pick-up an ACTION change, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from command_center import network_rows as nr
from command_center.errors import InvalidTransition, NotFound
from command_center.live import ChangeKind
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
from command_center.postgres.base import Tables, representable
from command_center.postgres.changes import record
from command_center.postgres.pool import Conn

ROUTES = nr.ROUTES   # the route with `acknowledged` and `open` (network_rows)


class UnitTables(Tables):
    # -- units and routing rows --------------------------------------------------------

    def put_unit(self, unit: Unit) -> None:
        with self._transaction() as conn:
            conn.execute(
                f"INSERT INTO units ({nr.UNIT_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s) "  # noqa: S608
                "ON CONFLICT (id) DO UPDATE SET name=excluded.name, tier=excluded.tier, "
                "parent=excluded.parent, lat=excluded.lat, lon=excluded.lon".encode(),
                (unit.id, unit.name, unit.tier.value, unit.parent, unit.lat, unit.lon))

    def units(self) -> list[Unit]:
        return [nr.unit(r) for r in self._rows(
            f"SELECT {nr.UNIT_COLUMNS} FROM units ORDER BY id")]  # noqa: S608

    def put_rule(self, rule: Rule) -> None:
        with self._transaction() as conn:
            _need_unit(conn, rule.unit_id)
            if rule.next_unit is not None:
                _need_unit(conn, rule.next_unit)
            conn.execute(
                f"INSERT INTO routing_rules ({nr.RULE_COLUMNS}) VALUES (%s,%s,%s,%s) "  # noqa: S608
                "ON CONFLICT (unit_id, priority) DO UPDATE SET "
                "ack_within_s=excluded.ack_within_s, next_unit=excluded.next_unit".encode(),
                (rule.unit_id, rule.priority.value, rule.ack_within_s, rule.next_unit))

    def rules(self) -> list[Rule]:
        return [nr.rule(r) for r in self._rows(
            f"SELECT {nr.RULE_COLUMNS} FROM routing_rules "  # noqa: S608
            "ORDER BY unit_id, priority")]

    def assign_kiosk(self, kiosk_id: str, unit_id: str | None) -> None:
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM kiosks WHERE id=%s", (kiosk_id,)).fetchone() is None:
                raise NotFound(f"no kiosk {kiosk_id!r}")
            if unit_id is None:
                conn.execute("DELETE FROM kiosk_units WHERE kiosk_id=%s", (kiosk_id,))
                return
            _need_unit(conn, unit_id)
            conn.execute("INSERT INTO kiosk_units (kiosk_id, unit_id) VALUES (%s,%s) "
                         "ON CONFLICT (kiosk_id) DO UPDATE SET unit_id=excluded.unit_id",
                         (kiosk_id, unit_id))

    def kiosk_units(self) -> dict[str, str]:
        return {str(r["kiosk_id"]): str(r["unit_id"]) for r in self._rows(
            "SELECT kiosk_id, unit_id FROM kiosk_units")}

    def set_member(self, member: Member) -> None:
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM operators WHERE name=%s",
                            (member.operator,)).fetchone() is None:
                raise NotFound(f"no operator {member.operator!r}")
            if member.unit_id is not None:
                _need_unit(conn, member.unit_id)
            conn.execute("INSERT INTO operator_units (operator, unit_id, role) "
                         "VALUES (%s,%s,%s) ON CONFLICT (operator) DO UPDATE SET "
                         "unit_id=excluded.unit_id, role=excluded.role",
                         (member.operator, member.unit_id, member.role.value))

    def member(self, operator: str) -> Member:
        return nr.member(operator, self._one(
            "SELECT unit_id, role FROM operator_units WHERE operator=%s", (operator,)))

    # -- routes --------------------------------------------------------------------------

    def open_route(self, route: Route, hop: Hop) -> bool:
        with self._transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO routes ({nr.ROUTE_COLUMNS}) "  # noqa: S608
                "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                "ON CONFLICT (item_id) DO NOTHING".encode(),
                (route.item_id, route.kind.value, route.kiosk_id, route.session,
                 route.unit_id, route.priority.value, route.deadline_at, route.next_unit,
                 route.hops, route.opened_at, route.updated_at))
            if cur.rowcount != 1:
                return False
            _insert_hop(conn, hop)
        return True

    def route(self, item_id: str) -> Route | None:
        row = self._one(f"{ROUTES} WHERE r.item_id=%s", (item_id,))
        return None if row is None else nr.route(row)

    def routes_in(self, unit_ids: Sequence[str] | None, limit: int = 200) -> list[Route]:
        sql = f"SELECT * FROM ({ROUTES}) AS x WHERE open"  # noqa: S608
        params: list[Any] = []
        if unit_ids is not None:
            if not unit_ids:
                return []
            sql += " AND unit_id = ANY(%s)"
            params.append(list(unit_ids))
        sql += (" ORDER BY acknowledged, deadline_at IS NULL, deadline_at, opened_at "
                "LIMIT %s")
        return [nr.route(r) for r in self._rows(sql, (*params, limit))]

    def session_routes(self, kiosk_id: str, session: str) -> list[Route]:
        return [nr.route(r) for r in self._rows(
            f"{ROUTES} WHERE r.kiosk_id=%s AND r.session=%s ORDER BY r.opened_at, r.item_id",
            (kiosk_id, session))]

    def move_route(self, item_id: str, from_unit: str, move: Move, hop: Hop) -> Route:
        if not representable((item_id,)):
            raise NotFound(f"no route for {item_id!r}")
        with self._transaction() as conn:
            row = conn.execute("SELECT unit_id, priority FROM routes WHERE item_id=%s "
                               "FOR UPDATE", (item_id,)).fetchone()
            if row is None:
                raise NotFound(f"no route for {item_id}")
            if row["unit_id"] != from_unit:
                raise InvalidTransition("it has been moved by someone else meanwhile")
            _apply_move(conn, item_id, move, hop.at)
            _insert_hop(conn, hop)
        moved = self.route(item_id)
        assert moved is not None
        return moved

    def escalate_overdue(self, now: float, plan: Callable[[Route], Move | None],
                         actor: str, limit: int = 100) -> list[Hop]:
        made: list[Hop] = []
        with self._transaction() as conn:
            due = conn.execute(
                f"SELECT {nr.R_COLUMNS}, {nr.ACKNOWLEDGED} AS acknowledged, {nr.OPEN} AS open "  # noqa: S608
                f"FROM routes r WHERE r.deadline_at <= %s AND r.next_unit IS NOT NULL "
                f"AND NOT ({nr.ACKNOWLEDGED}) AND ({nr.OPEN}) ORDER BY r.deadline_at LIMIT %s "
                f"FOR UPDATE OF r SKIP LOCKED".encode(), (now, limit)).fetchall()
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
        return made

    def hops(self, item_id: str) -> list[Hop]:
        return [nr.hop(r) for r in self._rows(
            f"SELECT {nr.HOP_COLUMNS} FROM hops WHERE item_id=%s ORDER BY seq",  # noqa: S608
            (item_id,))]

    # -- calls ---------------------------------------------------------------------------

    def put_call(self, call: Call) -> bool:
        with self._transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO calls ({nr.CALL_COLUMNS}) VALUES "  # noqa: S608
                "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (id) DO NOTHING".encode(),
                (call.id, call.kiosk_id, call.session, call.station, call.lat, call.lon,
                 call.number, call.started_at, call.ended_at, call.acknowledged_at,
                 call.acknowledged_by))
            return cur.rowcount == 1

    def end_call(self, kiosk_id: str, session: str | None, at: float) -> Call | None:
        with self._transaction() as conn:
            sql = "SELECT id FROM calls WHERE kiosk_id=%s AND ended_at IS NULL"
            params: list[Any] = [kiosk_id]
            if session is not None:
                sql += " AND session=%s"
                params.append(session)
            row = conn.execute((sql + " ORDER BY started_at DESC, seq DESC LIMIT 1 "
                                "FOR UPDATE").encode(), params).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE calls SET ended_at=%s WHERE id=%s", (at, row["id"]))
        return self.call(str(row["id"]))

    def call(self, call_id: str) -> Call | None:
        row = self._one(f"SELECT {nr.CALL_COLUMNS} FROM calls WHERE id=%s",  # noqa: S608
                        (call_id,))
        return None if row is None else nr.call(row)

    def acknowledge_call(self, call_id: str, operator: str, at: float) -> Call:
        if not representable((call_id,)):
            raise NotFound(f"no call {call_id!r}")
        with self._transaction() as conn:
            row = conn.execute("SELECT acknowledged_at FROM calls WHERE id=%s FOR UPDATE",
                               (call_id,)).fetchone()
            if row is None:
                raise NotFound(f"no call {call_id}")
            if row["acknowledged_at"] is not None:
                raise InvalidTransition("this call has been picked up already")
            conn.execute("UPDATE calls SET acknowledged_at=%s, acknowledged_by=%s "
                         "WHERE id=%s", (at, operator, call_id))
            record(conn, ChangeKind.ACTION, call_id, at, "emergency")
        found = self.call(call_id)
        assert found is not None
        return found

    def add_call_note(self, note: CallNote) -> None:
        if not representable((note.call_id,)):
            raise NotFound(f"no call {note.call_id!r}")
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM calls WHERE id=%s",
                            (note.call_id,)).fetchone() is None:
                raise NotFound(f"no call {note.call_id}")
            conn.execute(f"INSERT INTO call_notes ({nr.NOTE_COLUMNS}) "  # noqa: S608
                         "VALUES (%s,%s,%s,%s)".encode(),
                         (note.call_id, note.at, note.operator, note.note))

    def call_notes(self, call_id: str) -> list[CallNote]:
        return [nr.note(r) for r in self._rows(
            f"SELECT {nr.NOTE_COLUMNS} FROM call_notes WHERE call_id=%s "  # noqa: S608
            "ORDER BY seq", (call_id,))]


def _need_unit(conn: Conn, unit_id: str) -> None:
    if conn.execute("SELECT 1 FROM units WHERE id=%s", (unit_id,)).fetchone() is None:
        raise NotFound(f"no unit {unit_id!r}")


def _apply_move(conn: Conn, item_id: str, move: Move, at: float) -> None:
    conn.execute("UPDATE routes SET unit_id=%s, deadline_at=%s, next_unit=%s, "
                 "hops=hops+1, updated_at=%s WHERE item_id=%s",
                 (move.to_unit, move.deadline_at, move.next_unit, at, item_id))


def _insert_hop(conn: Conn, hop: Hop) -> None:
    conn.execute(f"INSERT INTO hops ({nr.HOP_COLUMNS}) "  # noqa: S608
                 "VALUES (%s,%s,%s,%s,%s,%s,%s)".encode(),
                 (hop.item_id, hop.at, hop.actor, hop.from_unit, hop.to_unit,
                  hop.reason.value, hop.note))
    # In the same transaction: the live inboxes of both units hear of the move at once
    # (as on SQLite: every hop, the first routing included, is an ESCALATION change).
    row = conn.execute("SELECT priority FROM routes WHERE item_id=%s",
                       (hop.item_id,)).fetchone()
    record(conn, ChangeKind.ESCALATION, hop.item_id, hop.at,
           str(row["priority"]) if row else "")


def _late_note(route: Route, now: float) -> str:
    waited = now - (route.deadline_at or now)
    return f"not acknowledged by its deadline ({waited:.1f} s past it)"
