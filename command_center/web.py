"""The operator inbox (server-rendered pages) and the public ticket page.

Every page here except `/t/{ticket}` and the stylesheet needs a signed-in operator.
Changes go through POST forms carrying the session's CSRF token, then redirect back
(POST/redirect/GET), and each is recorded with the time and the operator's name.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from command_center import cap_check, cap_rows, exports, fleet, network_web
from command_center import personal as personal_data
from command_center.cap import Sender
from command_center.errors import InvalidTransition, NotFound
from command_center.forms import FormRefused, read_form
from command_center.keyring import Keyring
from command_center.limits import TicketLimiter, retry_after
from command_center.live_web import inbox_context
from command_center.model import Action, Session, available
from command_center.schemas import clean_text
from command_center.signin import CsrfFailed, Operator, check_csrf, client_address
from command_center.state import pages_of as _pages
from command_center.state import settings_of as _settings
from command_center.state import store_of as _store
from command_center.urls import public_base
from wire.logs import event as log_event
from wire.ticket import normalize_code

log = logging.getLogger("command_center.web")
router = APIRouter(include_in_schema=False)
MAX_NOTE = 500


@router.get("/")
def home() -> Response:
    return RedirectResponse("/inbox", status_code=303)


@router.get("/static/cc.css")
def stylesheet() -> Response:
    css = resources.files("command_center").joinpath("static/cc.css").read_bytes()
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=300"})


@router.get("/inbox")
def inbox(request: Request, session: Operator, refresh: str = "1", only_open: str = "0",
          page: str = "1") -> Response:
    """The inbox; it updates live over SSE (command_center.live_web), and reloads every
    `inbox_refresh_s` in a browser without scripts. `refresh=0` pauses both."""
    settings = _settings(request)
    return _pages(request).render(request, "inbox.html", session=session,
                                  refresh_s=settings.inbox_refresh_s if refresh != "0" else 0,
                                  **inbox_context(request, session, only_open == "1", page))


@router.get("/reports/{report_id}.cap")
def report_cap(request: Request, report_id: str, session: Operator,
               personal: str = "1", message: str = "") -> Response:
    """The report as CAP 1.2: the latest message of its sequence (Alert, then an
    Update or Cancel per operator action), or `?message=N` (0 = the Alert). With the
    description unless `?personal=0`; reading it is audited like any personal data."""
    store = _store(request)
    report = store.report(report_id)
    if report is None or not network_web.may_see_report(
            store, network_web.scope_of(store, session), report_id):
        return Response("no report with this id\n", status_code=404,
                        media_type="text/plain")
    include = personal != "0"
    keyring = _keyring(request)
    shown, problem = personal_data.revealed(report, keyring) if include else (report, None)
    msgs = cap_rows.messages(shown, shown.body if isinstance(shown.body, dict) else {},
                             store.changes(report_id), include_personal=include and not problem,
                             sender=Sender(_settings(request).cap_sender_prefix),
                             web=f"{public_base(request)}/t/{report.ticket}")
    index = int(message) if message.isdigit() and int(message) < len(msgs) else len(msgs) - 1
    xml = msgs[index].xml
    if found := cap_check.problems(xml):
        log_event(log, "cap.invalid", logging.ERROR, id=report_id, problems=len(found))
        return Response("this report does not render as valid CAP: "
                        + "; ".join(found)[:2000] + "\n", status_code=500,
                        media_type="text/plain")
    if include:
        store.audit(session.operator, "report.cap", f"{report_id} (with description)",
                    time.time())
    return Response(xml, media_type="application/cap+xml", headers={
        "Content-Disposition": f'inline; filename="{report_id}.cap"'})


@router.get("/reports/{report_id}")
def detail(request: Request, report_id: str, session: Operator) -> Response:
    return _detail(request, report_id, session, show_nik=False)


@router.post("/reports/{report_id}/nik")
async def reveal_nik(request: Request, report_id: str, session: Operator) -> Response:
    """Show the reporter's NIK: a POST with the session's CSRF token, audited."""
    form = await _form(request)
    check_csrf(session, form.get("csrf"))
    store = _store(request)
    if store.report(report_id) is None or not network_web.may_see_report(
            store, network_web.scope_of(store, session), report_id):
        return _not_found(request, session)
    await run_in_threadpool(store.audit, session.operator, "report.nik_shown", report_id,
                            time.time())
    log_event(log, "report.nik_shown", logging.WARNING, id=report_id,
              operator=session.operator)
    return _detail(request, report_id, session, show_nik=True)


def _detail(request: Request, report_id: str, session: Session, *,
            show_nik: bool) -> Response:
    store = _store(request)
    report = store.report(report_id)
    scope = network_web.scope_of(store, session)
    route = store.route(report_id)
    if report is None or not scope.sees(route):
        return _not_found(request, session)
    shown, unreadable = personal_data.revealed(report, _keyring(request))
    nik = personal_data.nik_of(shown.body)
    if not show_nik:
        shown = personal_data.nik_masked(shown)
    return _pages(request).render(
        request, "report.html", session=session, report=shown, has_nik=bool(nik),
        nik_shown=show_nik, personal_unreadable=unreadable, forwards=store.forwards(report_id),
        changes=store.changes(report_id),
        actions=network_web.allowed_actions(scope, route, available(report.status,
                                                                    report.validity), report),
        **network_web.item_context(store, scope, report_id, _session_of(report),
                                   report.kiosk_id))


def _session_of(report: Any) -> str | None:
    session = report.body.get("session") if isinstance(report.body, dict) else None
    return session if isinstance(session, str) else None


def _keyring(request: Request) -> Keyring:
    keyring: Keyring = request.app.state.keyring
    return keyring


@router.post("/reports/{report_id}/action")
async def act(request: Request, report_id: str, session: Operator) -> Response:
    form = await _form(request)
    check_csrf(session, form.get("csrf"))
    try:
        action = Action(form.get("action", ""))
    except ValueError:
        _ = _t(request)
        return _message(request, session, 400, _("Unknown action"), _("No such action."))
    note = clean_text(" ".join(form.get("note", "").split()), MAX_NOTE)
    store = _store(request)
    scope = await run_in_threadpool(network_web.scope_of, store, session)
    route = await run_in_threadpool(store.route, report_id)
    report = await run_in_threadpool(store.report, report_id)
    if report is None or not scope.sees(route):
        return _not_found(request, session)
    if action not in network_web.allowed_actions(scope, route, list(Action), report):
        _ = _t(request)
        return _message(request, session, 403, _("Not allowed"),
                        _("Your unit or role may not do this."), back=f"/reports/{report_id}")
    # Asked only of whoever may do it (a Polres operator hears 403 first).
    if action is Action.MARK_INVALID and form.get("confirm") != "prank":
        # A prank call closes the report for good at this tier: never one click away.
        _ = _t(request)
        return _message(request, session, 400, _("Please confirm"),
                        _("Tick the box to confirm that this report is a prank, then "
                          "press the button again."), back=f"/reports/{report_id}")
    try:
        await run_in_threadpool(store.act, report_id, action, session.operator, note)
    except NotFound:
        return _not_found(request, session)
    except InvalidTransition:
        _ = _t(request)
        return _message(request, session, 409, _("Not possible now"),
                        _("Someone may have acted on this report first; it no longer "
                          "allows this step. The report page shows where it stands."),
                        back=f"/reports/{report_id}")
    await run_in_threadpool(store.audit, session.operator, f"report.{action.value}",
                            report_id, time.time())
    log_event(log, "report.action", id=report_id, action=action.value,
              operator=session.operator)
    back = "/inbox" if form.get("back") == "inbox" else f"/reports/{report_id}"
    return RedirectResponse(back, status_code=303)


@router.get("/fleet")
def fleet_board(request: Request, session: Operator) -> Response:
    settings = _settings(request)
    entries = fleet.board(_store(request), time.time(), settings.heartbeat_interval_s)
    return _pages(request).render(request, "fleet.html", session=session, entries=entries,
                                  interval_s=settings.heartbeat_interval_s,
                                  refresh_s=settings.inbox_refresh_s * 6)


@router.get("/export")
def export_page(request: Request, session: Operator) -> Response:
    audit = [a for a in _store(request).audit_log(20) if a[2] == "export.personal"]
    return _pages(request).render(request, "export.html", session=session, audit=audit)


@router.get("/export.csv")
def export_csv(request: Request, session: Operator, include_personal: str = "0") -> Response:
    if include_personal != "0":
        return _personal_by_get(request, session)
    _audit_export(session, "csv", False, "")
    return _download(exports.to_csv(_store(request).all_reports(), False), "csv")


@router.get("/export.geojson")
def export_geojson(request: Request, session: Operator,
                   include_personal: str = "0") -> Response:
    if include_personal != "0":
        return _personal_by_get(request, session)
    _audit_export(session, "geojson", False, "")
    return _download(exports.to_geojson(_store(request).all_reports(), False), "geojson")


@router.post("/export/personal")
async def export_personal(request: Request, session: Operator) -> Response:
    """The export with personal data: a POST with the session's CSRF token and a
    reason, recorded with the operator's name (so no link, `next` or image can start
    it, and nobody can take one without saying why)."""
    form = await _form(request)
    check_csrf(session, form.get("csrf"))
    reason = clean_text(" ".join(form.get("reason", "").split()), 300)
    kind = form.get("format", "csv")
    if len(reason) < 8 or kind not in ("csv", "geojson"):
        _ = _t(request)
        return _message(request, session, 400, _("A reason is needed"),
                        _("Say why personal data is exported (at least 8 characters), "
                          "then try again."), back="/export")
    store = _store(request)
    await run_in_threadpool(store.audit, session.operator, "export.personal",
                            f"{kind}: {reason}", time.time())
    _audit_export(session, kind, True, reason)
    render = exports.to_csv if kind == "csv" else exports.to_geojson
    keyring = _keyring(request)
    text = await run_in_threadpool(lambda: render(
        (personal_data.revealed(r, keyring)[0] for r in store.all_reports()), True))
    return _download(text, kind)


def _personal_by_get(request: Request, session: Session) -> Response:
    _ = _t(request)
    return _message(request, session, 400, _("Use the export page"),
                    _("Exports with personal data are made from the Export page, with a "
                      "reason."), back="/export")


def _t(request: Request) -> Callable[[str], str]:
    return _pages(request).gettext(request)


def _message(request: Request, session: Session, status: int, title: str, message: str, *,
             back: str | None = None) -> Response:
    return _pages(request).render(request, "message.html", status, session=session,
                                  title=title, message=message, back=back)


def _not_found(request: Request, session: Session) -> Response:
    _ = _t(request)
    return _message(request, session, 404, _("Not found"), _("No report with this id."))


def _download(text: str, kind: str) -> Response:
    media = "text/csv; charset=utf-8" if kind == "csv" else "application/geo+json"
    return Response(text.encode("utf-8", "replace"), media_type=media, headers={
        "Content-Disposition": f'attachment; filename="reports.{kind}"'})


def _audit_export(session: Session, kind: str, include_personal: bool, reason: str) -> None:
    level = logging.WARNING if include_personal else logging.INFO
    # The reason is free text an operator typed (it may name a person or a NIK): it is
    # kept in the audit table, never handed to a logger.
    log_event(log, "reports.exported", level, operator=session.operator, format=kind,
              include_personal=include_personal, with_reason=bool(reason))


async def _form(request: Request) -> dict[str, str]:
    try:
        return await read_form(request)
    except FormRefused:
        raise CsrfFailed from None   # not one of our forms


@router.get("/t/{ticket}")
def public_ticket(request: Request, ticket: str) -> Response:
    """What the QR on the printed ticket opens: status only, never personal data.
    Rate-limited per address and in total, so codes cannot be enumerated."""
    limiter: TicketLimiter = request.app.state.ticket_limiter
    code = normalize_code(ticket[:40])
    if (wait := limiter.take(client_address(request))) > 0:
        return _pages(request).render(request, "ticket.html", 429, code=code or "",
                                      reports=[], limited=True,
                                      headers={"Retry-After": retry_after(wait)})
    reports = _store(request).reports_by_ticket(code) if code else []
    return _pages(request).render(request, "ticket.html", 200 if reports else 404,
                                  code=code or ticket[:20], reports=reports, limited=False)
