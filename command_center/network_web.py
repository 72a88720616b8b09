"""The network on the operator pages: each operator's scope (checked on every page and
action, server-side), the unit inbox, calls from kiosks, transfer and take back.

An item outside the operator's scope is answered 404 exactly like one that does not
exist, so an operator of one Polres cannot even learn that another Polres' report
exists; an action the operator's tier or role does not allow is 403.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response

from command_center import routing
from command_center.errors import InvalidTransition, NotFound
from command_center.forms import FormRefused, read_form
from command_center.model import Action, InboxPage, ReportRow, Session, Status
from command_center.network import (
    Call,
    CallNote,
    ItemKind,
    Network,
    Permission,
    Route,
    Scope,
    shown_in_inbox,
)
from command_center.schemas import clean_text
from command_center.signin import CsrfFailed, Operator, check_csrf
from command_center.state import pages_of as _pages
from command_center.state import store_of as _store
from command_center.store import Store
from wire.logs import event as log_event

log = logging.getLogger("command_center.network")
router = APIRouter(include_in_schema=False)
MAX_NOTE = 500
MAX_ITEMS = 500


def scope_of(store: Store, session: Session) -> Scope:
    return Scope(routing.network(store), store.member(session.operator))


# -- what the report pages ask ---------------------------------------------------------


def may_see_report(store: Store, scope: Scope, report_id: str) -> bool:
    return scope.sees(store.route(report_id))


def may_see_session(store: Store, scope: Scope, kiosk_id: str, session: str) -> bool:
    """A kiosk session's conversation: for whoever sees one of its items (its call or
    a report of it)."""
    return scope.everything or any(scope.sees(r) for r in store.session_routes(kiosk_id,
                                                                               session))


def allowed_actions(scope: Scope, route: Route | None, actions: list[Action],
                    report: ReportRow | None = None) -> list[Action]:
    """The actions of the 110 flow this operator may take on this item: their own
    unit's (supervisors at Polda+ also the units' below); marking a report invalid
    (a prank) and closing an invalid one only at the Polda and above."""
    if not scope.may_act(route):
        return []
    out = []
    for action in actions:
        invalid_work = action is Action.MARK_INVALID or (
            action is Action.CLOSE and report is not None and report.status is Status.INVALID)
        if invalid_work and not scope.may(Permission.MARK_INVALID):
            continue
        out.append(action)
    return out


@dataclass(frozen=True)
class Item:
    """One line of a unit's inbox: a report or a call, where it is and its deadline."""

    route: Route
    unit_name: str
    report: ReportRow | None = None
    call: Call | None = None

    def as_json(self, now: float) -> dict[str, Any]:
        r = self.route
        base: dict[str, Any] = {
            "id": r.item_id, "kind": r.kind.value, "unit": r.unit_id,
            "unit_name": self.unit_name, "priority": r.priority.value,
            "deadline_at": r.deadline_at, "overdue": r.overdue(now),
            "acknowledged": r.acknowledged, "hops": r.hops, "kiosk_id": r.kiosk_id,
            "session": r.session, "updated_at": r.updated_at}
        if self.report is not None:
            base.update(ticket=self.report.ticket, category=self.report.category,
                        station=self.report.station, status=self.report.status.value)
        if self.call is not None:
            base.update(station=self.call.station, lat=self.call.lat, lon=self.call.lon,
                        title=call_title(self.call), ended=self.call.ended_at is not None)
        return base


def call_title(call: Call) -> str:
    return f"Panggilan dari anjungan {call.station}"


def items(store: Store, scope: Scope, now: float) -> list[Item]:
    """The operator's network inbox: own unit's open items, and of the units below the
    escalated and the overdue ones; earliest deadline first."""
    units = None if scope.everything else [*scope.own, *scope.watched]
    found = []
    for route in store.routes_in(units, MAX_ITEMS):
        if not shown_in_inbox(scope, route, now):
            continue
        name = scope.network.name(route.unit_id)
        if route.kind is ItemKind.CALL:
            found.append(Item(route, name, call=store.call(route.item_id)))
        else:
            found.append(Item(route, name, report=store.report(route.item_id)))
    return found


def scoped_inbox(store: Store, scope: Scope, now: float, page: int,
                 page_size: int) -> InboxPage:
    """The report inbox of an operator with a unit: their network items' reports (open
    ones only; closed reports are found through search and the ticket)."""
    reports = [i.report for i in items(store, scope, now) if i.report is not None]
    start = (max(1, page) - 1) * page_size
    emergencies = sum(1 for r in reports if r.priority == "emergency")
    return InboxPage(rows=reports[start:start + page_size], page=max(1, page),
                     page_size=page_size, total=len(reports), open_total=len(reports),
                     open_emergencies=emergencies, flooded=0)


def inbox_context(store: Store, session: Session, now: float) -> dict[str, Any]:
    """What the inbox page shows of the network (the calls block, the unit's name)."""
    scope = scope_of(store, session)
    found = items(store, scope, now)
    return {"network_items": found, "network_scope": scope, "network_now": now,
            "network_calls": [i for i in found if i.call is not None]}


def item_context(store: Store, scope: Scope, item_id: str,
                 session_id: str | None, kiosk_id: str) -> dict[str, Any]:
    """The network part of a report or call page: where it is, its hops, its linked
    items, and the moves this operator may make."""
    route = store.route(item_id)
    linked = [r for r in (store.session_routes(kiosk_id, session_id) if session_id else [])
              if r.item_id != item_id and scope.sees(r)]
    return {"route": route, "hops": store.hops(item_id), "linked": linked,
            "net": scope.network, "targets": scope.transfer_targets()
            if route is not None and scope.holds(route) else [],
            "may_take_back": scope.may_take_back(route), "now": time.time()}


# -- pages and actions -----------------------------------------------------------------


@router.get("/inbox.json")
def inbox_json(request: Request, session: Operator) -> Response:
    """The operator's network inbox as JSON (what the live inbox and the benchmark
    read); never personal data."""
    store = _store(request)
    scope = scope_of(store, session)
    now = time.time()
    return JSONResponse({"unit": scope.unit.id if scope.unit else None,
                         "items": [i.as_json(now) for i in items(store, scope, now)]},
                        headers={"Cache-Control": "no-store"})


@router.get("/calls/{call_id}")
def call_page(request: Request, call_id: str, session: Operator) -> Response:
    store = _store(request)
    scope = scope_of(store, session)
    call = store.call(call_id)
    route = store.route(call_id)
    if call is None or not scope.sees(route):
        return _not_found(request, session)
    return _pages(request).render(
        request, "call.html", session=session, call=call, title=call_title(call),
        notes=store.call_notes(call_id), may_act=scope.may_act(route),
        **item_context(store, scope, call_id, call.session, call.kiosk_id))


@router.post("/calls/{call_id}/action")
async def call_action(request: Request, call_id: str, session: Operator) -> Response:
    form = await _form(request)
    check_csrf(session, form.get("csrf"))
    store = _store(request)
    scope = await run_in_threadpool(scope_of, store, session)
    route = await run_in_threadpool(store.route, call_id)
    if store.call(call_id) is None or not scope.sees(route):
        return _not_found(request, session)
    if not scope.may_act(route):
        return _forbidden(request, session, f"/calls/{call_id}")
    action, now = form.get("action", ""), time.time()
    note = clean_text(" ".join(form.get("note", "").split()), MAX_NOTE)
    try:
        if action == "acknowledge":
            await run_in_threadpool(store.acknowledge_call, call_id, session.operator, now)
        elif action == "note" and note:
            await run_in_threadpool(store.add_call_note,
                                    CallNote(call_id, now, session.operator, note))
        else:
            _ = _pages(request).gettext(request)
            return _pages(request).render(request, "message.html", 400, session=session,
                                          title=_("Unknown action"),
                                          message=_("No such action."))
    except InvalidTransition as exc:
        return _conflict(request, session, str(exc), f"/calls/{call_id}")
    await run_in_threadpool(store.audit, session.operator, f"call.{action}", call_id, now)
    log_event(log, "call.action", id=call_id, action=action, operator=session.operator)
    return RedirectResponse(f"/calls/{call_id}", status_code=303)


@router.post("/items/{item_id}/transfer")
async def transfer(request: Request, item_id: str, session: Operator) -> Response:
    return await _move(request, item_id, session, take=False)


@router.post("/items/{item_id}/take-back")
async def take_back(request: Request, item_id: str, session: Operator) -> Response:
    return await _move(request, item_id, session, take=True)


async def _move(request: Request, item_id: str, session: Session, *, take: bool) -> Response:
    form = await _form(request)
    check_csrf(session, form.get("csrf"))
    store = _store(request)
    scope = await run_in_threadpool(scope_of, store, session)
    route = await run_in_threadpool(store.route, item_id)
    if route is None or not scope.sees(route):
        return _not_found(request, session)
    back = _page_of(route)
    permission = Permission.TAKE_BACK if take else Permission.TRANSFER
    if not scope.may(permission):
        return _forbidden(request, session, back)
    note = clean_text(" ".join(form.get("note", "").split()), MAX_NOTE)
    now = time.time()
    try:
        if take:
            moved = await run_in_threadpool(lambda: routing.take_back(
                store, scope, item_id, actor=session.operator, now=now, note=note))
        else:
            to_unit = form.get("to_unit", "")
            moved = await run_in_threadpool(lambda: routing.transfer(
                store, scope, item_id, to_unit=to_unit, actor=session.operator, now=now,
                note=note))
        if route.kind is ItemKind.REPORT and not take:
            await _mark_valid(store, item_id, session.operator)
    except (InvalidTransition, NotFound) as exc:
        return _conflict(request, session, str(exc), back)
    what = "take_back" if take else "transfer"
    await run_in_threadpool(store.audit, session.operator, f"item.{what}",
                            f"{item_id}: {route.unit_id} → {moved.unit_id}", now)
    log_event(log, f"item.{what}", id=item_id, from_unit=route.unit_id,
              to_unit=moved.unit_id, operator=session.operator)
    return RedirectResponse(back, status_code=303)


async def _mark_valid(store: Store, report_id: str, operator: str) -> None:
    """Transferring a report down is the Polda's "valid" (the seeds' valid →
    transfer); it stays `received` so the Polres' acknowledgement is what the kiosk
    hears."""
    row = store.report(report_id)
    if row is not None and row.validity.value == "unknown" and row.is_open:
        await run_in_threadpool(store.act, report_id, Action.MARK_VALID, operator,
                                "valid: transferred")


def _page_of(route: Route) -> str:
    return (f"/calls/{route.item_id}" if route.kind is ItemKind.CALL
            else f"/reports/{route.item_id}")


def _not_found(request: Request, session: Session) -> Response:
    _ = _pages(request).gettext(request)
    return _pages(request).render(request, "message.html", 404, session=session,
                                  title=_("Not found"), message=_("No such item."))


def _forbidden(request: Request, session: Session, back: str) -> Response:
    _ = _pages(request).gettext(request)
    return _pages(request).render(request, "message.html", 403, session=session,
                                  title=_("Not allowed"),
                                  message=_("Your unit or role may not do this."), back=back)


def _conflict(request: Request, session: Session, message: str, back: str) -> Response:
    # `message` is the store's own English reason (InvalidTransition): shown as it is.
    _ = _pages(request).gettext(request)
    return _pages(request).render(request, "message.html", 409, session=session,
                                  title=_("Not possible now"), message=message, back=back)


async def _form(request: Request) -> dict[str, str]:
    try:
        return await read_form(request)
    except FormRefused:
        raise CsrfFailed from None


def network_of(store: Store) -> Network:
    return routing.network(store)
