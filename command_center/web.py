"""The operator inbox (server-rendered pages) and the public ticket page.

Every page here except `/t/{ticket}` and the stylesheet needs a signed-in operator.
Changes go through POST forms carrying the session's CSRF token, then redirect back
(POST/redirect/GET), and each is recorded with the time and the operator's name.
"""

from __future__ import annotations

import logging
import time
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from command_center import exports, fleet
from command_center.auth import Session
from command_center.errors import InvalidTransition, NotFound
from command_center.model import Action, available
from command_center.pages import SECURITY_HEADERS, Pages
from command_center.settings import Settings
from command_center.signin import check_csrf, require_operator
from command_center.store import Store
from wire.logs import event as log_event
from wire.ticket import normalize_code

log = logging.getLogger("command_center.web")
router = APIRouter(include_in_schema=False)
Operator = Annotated[Session, Depends(require_operator)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _pages(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


@router.get("/")
def home() -> Response:
    return RedirectResponse("/inbox", status_code=303)


@router.get("/static/cc.css")
def stylesheet() -> Response:
    css = resources.files("command_center").joinpath("static/cc.css").read_bytes()
    return Response(css, media_type="text/css",
                    headers={"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"})


@router.get("/inbox")
def inbox(request: Request, session: Operator, refresh: int = 1,
          only_open: int = 0) -> Response:
    settings: Settings = request.app.state.settings
    reports = _store(request).inbox(open_only=bool(only_open))
    return _pages(request).render(request, "inbox.html", session=session, reports=reports,
                                  refresh_s=settings.inbox_refresh_s if refresh else 0,
                                  open_only=bool(only_open))


@router.get("/reports/{report_id}")
def detail(request: Request, report_id: str, session: Operator) -> Response:
    store = _store(request)
    report = store.report(report_id)
    if report is None:
        return _pages(request).render(request, "message.html", 404, session=session,
                                      title="Not found", message="No report with this id.")
    return _pages(request).render(
        request, "report.html", session=session, report=report,
        changes=store.changes(report_id), actions=available(report.status, report.validity))


@router.post("/reports/{report_id}/action")
async def act(request: Request, report_id: str, session: Operator) -> Response:
    form = await request.form()
    check_csrf(session, form.get("csrf"))
    try:
        action = Action(str(form.get("action")))
    except ValueError:
        return _pages(request).render(request, "message.html", 400, session=session,
                                      title="Unknown action", message="No such action.")
    note = str(form.get("note") or "").strip()[:500]
    store = _store(request)
    try:
        await run_in_threadpool(store.act, report_id, action, session.operator, note)
    except NotFound:
        return _pages(request).render(request, "message.html", 404, session=session,
                                      title="Not found", message="No report with this id.")
    except InvalidTransition as exc:
        return _pages(request).render(request, "message.html", 409, session=session,
                                      title="Not possible now", message=str(exc),
                                      back=f"/reports/{report_id}")
    log_event(log, "report.action", id=report_id, action=action.value,
              operator=session.operator)
    return RedirectResponse(f"/reports/{report_id}", status_code=303)


@router.get("/fleet")
def fleet_board(request: Request, session: Operator) -> Response:
    settings: Settings = request.app.state.settings
    entries = fleet.board(_store(request), time.time(), settings.heartbeat_interval_s)
    return _pages(request).render(request, "fleet.html", session=session, entries=entries,
                                  interval_s=settings.heartbeat_interval_s,
                                  refresh_s=settings.inbox_refresh_s * 6)


@router.get("/export")
def export_page(request: Request, session: Operator) -> Response:
    return _pages(request).render(request, "export.html", session=session)


@router.get("/export.csv")
def export_csv(request: Request, session: Operator, include_personal: int = 0) -> Response:
    text = exports.to_csv(_store(request).all_reports(), bool(include_personal))
    _audit_export(session, "csv", bool(include_personal))
    return Response(text, media_type="text/csv; charset=utf-8", headers={
        **SECURITY_HEADERS, "Content-Disposition": 'attachment; filename="reports.csv"'})


@router.get("/export.geojson")
def export_geojson(request: Request, session: Operator, include_personal: int = 0) -> Response:
    text = exports.to_geojson(_store(request).all_reports(), bool(include_personal))
    _audit_export(session, "geojson", bool(include_personal))
    return Response(text, media_type="application/geo+json", headers={
        **SECURITY_HEADERS, "Content-Disposition": 'attachment; filename="reports.geojson"'})


def _audit_export(session: Session, kind: str, include_personal: bool) -> None:
    level = logging.WARNING if include_personal else logging.INFO
    log_event(log, "reports.exported", level, operator=session.operator, format=kind,
              include_personal=include_personal)


@router.get("/t/{ticket}")
def public_ticket(request: Request, ticket: str) -> Response:
    """What the QR on the printed ticket opens: status only, never personal data."""
    code = normalize_code(ticket)
    reports = _store(request).reports_by_ticket(code) if code else []
    status = 200 if reports else 404
    return _pages(request).render(request, "ticket.html", status, code=code or ticket[:20],
                                  reports=reports)
