"""The 110 network's tables, once for both engines: units, routing rows, memberships,
routes and their hops, kiosk calls and their notes.

A route's `acknowledged` and `open` are read from its item in the same query (a
report's status, a call's pick-up and end), so acknowledging a report through the
existing `act` is enough to stop its escalation. What the engines do differently is
how a claim is made safe (`SKIP_LOCKED`): SQLite's BEGIN IMMEDIATE admits one sweeper at a
time; PostgreSQL's sweepers take disjoint rows `FOR UPDATE SKIP LOCKED`, and a row
another sweeper has just moved is re-checked against its new deadline before it is
locked, so no route is ever escalated twice for one deadline. A move by an operator
reads its row under `LOCK`, a true compare-and-set against a sweeper or another one.
Every hop appends an ESCALATION change, a call's pick-up an ACTION change, in the
transaction that makes them.
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
from command_center.tables.session import Engine, Session, marks

ROUTES = nr.ROUTES   # the route with `acknowledged` and `open` (network_rows)
OVERDUE = (f"SELECT {nr.R_COLUMNS}, {nr.ACKNOWLEDGED} AS acknowledged, {nr.OPEN} AS open "  # noqa: S608 (constants)
           f"FROM routes r WHERE r.deadline_at <= ? AND r.next_unit IS NOT NULL "
           f"AND NOT ({nr.ACKNOWLEDGED}) AND ({nr.OPEN}) ORDER BY r.deadline_at LIMIT ?")


class UnitTables(Engine):
    # -- units and routing rows --------------------------------------------------------

    def put_unit(self, unit: Unit) -> None:
        with self._tx() as s:
            s.run(f"INSERT INTO units ({nr.UNIT_COLUMNS}) VALUES ({marks(6)}) "  # noqa: S608
                  "ON CONFLICT (id) DO UPDATE SET name=excluded.name, tier=excluded.tier, "
                  "parent=excluded.parent, lat=excluded.lat, lon=excluded.lon",
                  (unit.id, unit.name, unit.tier.value, unit.parent, unit.lat, unit.lon))

    def units(self) -> list[Unit]:
        return [nr.unit(r) for r in self._read().rows(
            f"SELECT {nr.UNIT_COLUMNS} FROM units ORDER BY id")]  # noqa: S608

    def put_rule(self, rule: Rule) -> None:
        with self._tx() as s:
            _need_unit(s, rule.unit_id)
            if rule.next_unit is not None:
                _need_unit(s, rule.next_unit)
            s.run(f"INSERT INTO routing_rules ({nr.RULE_COLUMNS}) VALUES ({marks(4)}) "  # noqa: S608
                  "ON CONFLICT (unit_id, priority) DO UPDATE SET "
                  "ack_within_s=excluded.ack_within_s, next_unit=excluded.next_unit",
                  (rule.unit_id, rule.priority.value, rule.ack_within_s, rule.next_unit))

    def rules(self) -> list[Rule]:
        return [nr.rule(r) for r in self._read().rows(
            f"SELECT {nr.RULE_COLUMNS} FROM routing_rules "  # noqa: S608
            "ORDER BY unit_id, priority")]

    def assign_kiosk(self, kiosk_id: str, unit_id: str | None) -> None:
        with self._tx() as s:
            if s.one("SELECT 1 AS x FROM kiosks WHERE id=?", (kiosk_id,)) is None:
                raise NotFound(f"no kiosk {kiosk_id!r}")
            if unit_id is None:
                s.run("DELETE FROM kiosk_units WHERE kiosk_id=?", (kiosk_id,))
                return
            _need_unit(s, unit_id)
            s.run("INSERT INTO kiosk_units (kiosk_id, unit_id) VALUES (?,?) "
                  "ON CONFLICT (kiosk_id) DO UPDATE SET unit_id=excluded.unit_id",
                  (kiosk_id, unit_id))

    def kiosk_units(self) -> dict[str, str]:
        return {str(r["kiosk_id"]): str(r["unit_id"]) for r in self._read().rows(
            "SELECT kiosk_id, unit_id FROM kiosk_units")}

    def set_member(self, member: Member) -> None:
        with self._tx() as s:
            if s.one("SELECT 1 AS x FROM operators WHERE name=?", (member.operator,)) is None:
                raise NotFound(f"no operator {member.operator!r}")
            if member.unit_id is not None:
                _need_unit(s, member.unit_id)
            s.run("INSERT INTO operator_units (operator, unit_id, role) VALUES (?,?,?) "
                  "ON CONFLICT (operator) DO UPDATE SET unit_id=excluded.unit_id, "
                  "role=excluded.role",
                  (member.operator, member.unit_id, member.role.value))

    def member(self, operator: str) -> Member:
        return nr.member(operator, self._read().one(
            "SELECT unit_id, role FROM operator_units WHERE operator=?", (operator,)))

    # -- routes --------------------------------------------------------------------------

    def open_route(self, route: Route, hop: Hop) -> bool:
        with self._tx() as s:
            if s.run(f"INSERT INTO routes ({nr.ROUTE_COLUMNS}) "  # noqa: S608
                     f"VALUES ({marks(11)}) ON CONFLICT (item_id) DO NOTHING",
                     (route.item_id, route.kind.value, route.kiosk_id, route.session,
                      route.unit_id, route.priority.value, route.deadline_at,
                      route.next_unit, route.hops, route.opened_at,
                      route.updated_at)) != 1:
                return False
            _insert_hop(s, hop)
        return True

    def route(self, item_id: str) -> Route | None:
        row = self._read().one(f"{ROUTES} WHERE r.item_id=?", (item_id,))
        return None if row is None else nr.route(row)

    def routes_in(self, unit_ids: Sequence[str] | None, limit: int = 200) -> list[Route]:
        sql = f"SELECT * FROM ({ROUTES}) AS x WHERE open"  # noqa: S608
        params: list[Any] = []
        if unit_ids is not None:
            if not unit_ids:
                return []
            sql += f" AND unit_id IN ({marks(len(unit_ids))})"
            params.extend(unit_ids)
        sql += (" ORDER BY acknowledged, deadline_at IS NULL, deadline_at, opened_at "
                "LIMIT ?")
        return [nr.route(r) for r in self._read().rows(sql, (*params, limit))]

    def session_routes(self, kiosk_id: str, session: str) -> list[Route]:
        return [nr.route(r) for r in self._read().rows(
            f"{ROUTES} WHERE r.kiosk_id=? AND r.session=? ORDER BY r.opened_at, r.item_id",
            (kiosk_id, session))]

    def move_route(self, item_id: str, from_unit: str, move: Move, hop: Hop) -> Route:
        with self._tx() as s:
            row = self._locked(s, "SELECT unit_id FROM routes WHERE item_id=?", item_id,
                               f"no route for {item_id!r}")
            if row["unit_id"] != from_unit:
                raise InvalidTransition("it has been moved by someone else meanwhile")
            _apply_move(s, item_id, move, hop.at)
            _insert_hop(s, hop)
        self._changed()
        moved = self.route(item_id)
        assert moved is not None
        return moved

    def escalate_overdue(self, now: float, plan: Callable[[Route], Move | None],
                         actor: str, limit: int = 100) -> list[Hop]:
        made: list[Hop] = []
        with self._tx() as s:
            for row in s.rows(OVERDUE + self.SKIP_LOCKED, (now, limit)):
                route = nr.route(row)
                move = plan(route)
                if move is None:
                    continue
                hop = Hop(route.item_id, now, actor, route.unit_id, move.to_unit,
                          HopReason.ESCALATED, _late_note(route, now))
                _apply_move(s, route.item_id, move, now)
                _insert_hop(s, hop)
                made.append(hop)
        if made:
            self._changed()
        return made

    def hops(self, item_id: str) -> list[Hop]:
        return [nr.hop(r) for r in self._read().rows(
            f"SELECT {nr.HOP_COLUMNS} FROM hops WHERE item_id=? ORDER BY seq",  # noqa: S608
            (item_id,))]

    # -- calls ---------------------------------------------------------------------------

    def put_call(self, call: Call) -> bool:
        with self._tx() as s:
            return s.run(
                f"INSERT INTO calls ({nr.CALL_COLUMNS}) VALUES ({marks(11)}) "  # noqa: S608
                "ON CONFLICT (id) DO NOTHING",
                (call.id, call.kiosk_id, call.session, call.station, call.lat, call.lon,
                 call.number, call.started_at, call.ended_at, call.acknowledged_at,
                 call.acknowledged_by)) == 1

    def end_call(self, kiosk_id: str, session: str | None, at: float) -> Call | None:
        with self._tx() as s:
            sql = "SELECT id FROM calls WHERE kiosk_id=? AND ended_at IS NULL"
            params: list[Any] = [kiosk_id]
            if session is not None:
                sql += " AND session=?"
                params.append(session)
            row = s.one(f"{sql} ORDER BY started_at DESC, {self.ARRIVAL} DESC LIMIT 1"
                        f"{self.LOCK}", params)
            if row is None:
                return None
            s.run("UPDATE calls SET ended_at=? WHERE id=?", (at, row["id"]))
        return self.call(str(row["id"]))

    def call(self, call_id: str) -> Call | None:
        row = self._read().one(
            f"SELECT {nr.CALL_COLUMNS} FROM calls WHERE id=?", (call_id,))  # noqa: S608
        return None if row is None else nr.call(row)

    def acknowledge_call(self, call_id: str, operator: str, at: float) -> Call:
        with self._tx() as s:
            row = self._locked(s, "SELECT acknowledged_at FROM calls WHERE id=?", call_id,
                               f"no call {call_id!r}")
            if row["acknowledged_at"] is not None:
                raise InvalidTransition("this call has been picked up already")
            s.run("UPDATE calls SET acknowledged_at=?, acknowledged_by=? WHERE id=?",
                  (at, operator, call_id))
            s.record(ChangeKind.ACTION, call_id, at, "emergency")
        self._changed()
        found = self.call(call_id)
        assert found is not None
        return found

    def add_call_note(self, note: CallNote) -> None:
        with self._tx() as s:
            self._locked(s, "SELECT 1 AS x FROM calls WHERE id=?", note.call_id,
                         f"no call {note.call_id!r}", lock=False)
            s.run(f"INSERT INTO call_notes ({nr.NOTE_COLUMNS}) VALUES (?,?,?,?)",  # noqa: S608
                  (note.call_id, note.at, note.operator, note.note))

    def call_notes(self, call_id: str) -> list[CallNote]:
        return [nr.note(r) for r in self._read().rows(
            f"SELECT {nr.NOTE_COLUMNS} FROM call_notes WHERE call_id=? "  # noqa: S608
            "ORDER BY seq", (call_id,))]

    def _locked(self, s: Session, sql: str, key: str, missing: str,
                lock: bool = True) -> dict[str, Any]:
        """The row `sql` finds by `key`, locked for this transaction (`LOCK`); else
        NotFound(missing). A key no stored row could have is not looked up."""
        row = (s.one(sql + (self.LOCK if lock else ""), (key,))
               if self._findable(key) else None)
        if row is None:
            raise NotFound(missing)
        return row


def _need_unit(s: Session, unit_id: str) -> None:
    if s.one("SELECT 1 AS x FROM units WHERE id=?", (unit_id,)) is None:
        raise NotFound(f"no unit {unit_id!r}")


def _apply_move(s: Session, item_id: str, move: Move, at: float) -> None:
    s.run("UPDATE routes SET unit_id=?, deadline_at=?, next_unit=?, hops=hops+1, "
          "updated_at=? WHERE item_id=?",
          (move.to_unit, move.deadline_at, move.next_unit, at, item_id))


def _insert_hop(s: Session, hop: Hop) -> None:
    s.run(f"INSERT INTO hops ({nr.HOP_COLUMNS}) VALUES ({marks(7)})",  # noqa: S608
          (hop.item_id, hop.at, hop.actor, hop.from_unit, hop.to_unit,
           hop.reason.value, hop.note))
    # In the same transaction: the live inboxes of both units hear of the move at once
    # (every hop, the first routing included, is an ESCALATION change).
    row = s.one("SELECT priority FROM routes WHERE item_id=?", (hop.item_id,))
    s.record(ChangeKind.ESCALATION, hop.item_id, hop.at,
             str(row["priority"]) if row else "")


def _late_note(route: Route, now: float) -> str:
    waited = now - (route.deadline_at or now)
    return f"not acknowledged by its deadline ({waited:.1f} s past it)"
