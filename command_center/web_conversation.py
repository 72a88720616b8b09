"""The operator's side of the text channel (issue 15): a kiosk session's conversation.

`/conversations` lists the recent calls whose caller cannot speak or hear
(`call.assist_requested`); `/conversations/{kiosk}/{session}` shows that session's
call events (the flag, every `call.text` answer) and the operator's replies, each
marked "delivered to the kiosk" once the kiosk acknowledged it, with a reply form (the
session's CSRF token; each reply audited; `conversation.clean_reply` rules). The page
does not reload itself (that would throw away a reply being typed): sending reloads
it, and so does its *Refresh* link (the live inbox may push it later).
"""

from __future__ import annotations

import logging
import time
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from command_center import network_web
from command_center.conversation import (
    CALL_TYPES,
    MAX_REPLY,
    ReplyRefused,
    clean_reply,
    session_lines,
    valid_session,
)
from command_center.forms import FormRefused, read_form
from command_center.model import Session
from command_center.signin import CsrfFailed, Operator, check_csrf
from command_center.state import pages_of as _pages
from command_center.state import store_of as _store
from command_center.store import Store
from wire.conversation import ASSIST_REQUESTED
from wire.logs import event as log_event

log = logging.getLogger("command_center.web")
router = APIRouter(include_in_schema=False)
RECENT_S = 24 * 3600.0


def conversation_url(kiosk_id: str, session: str) -> str:
    return f"/conversations/{quote(kiosk_id, safe='')}/{quote(session, safe='')}"


@router.get("/conversations")
def conversations(request: Request, session: Operator) -> Response:
    flagged = _store(request).events(types=[ASSIST_REQUESTED],
                                     since=time.time() - RECENT_S, limit=100)
    store = _store(request)
    scope = network_web.scope_of(store, session)   # only the operator's unit's sessions
    rows = [(e, conversation_url(e.kiosk_id, str(e.data.get("session", ""))))
            for e in flagged if valid_session(str(e.data.get("session", "")))
            and network_web.may_see_session(store, scope, e.kiosk_id,
                                            str(e.data.get("session", "")))]
    return _pages(request).render(request, "conversations.html", session=session,
                                  rows=rows, active="conversations")


@router.get("/conversations/{kiosk_id}/{call_session}")
def conversation(request: Request, kiosk_id: str, call_session: str,
                 session: Operator) -> Response:
    return _page(request, kiosk_id, call_session, session)


def _page(request: Request, kiosk_id: str, call_session: str, session: Session, *,
          status_code: int = 200, problem: str = "") -> Response:
    store = _store(request)
    if not valid_session(call_session) or kiosk_id not in {k.id for k in store.kiosks()} \
            or not _in_scope(store, session, kiosk_id, call_session):
        _ = _pages(request).gettext(request)
        return _pages(request).render(request, "message.html", 404, session=session,
                                      title=_("Not found"),
                                      message=_("No such kiosk session."))
    lines = session_lines(store.events(kiosk_id, CALL_TYPES, limit=500), call_session)
    replies = store.session_messages(kiosk_id, call_session)
    return _pages(request).render(
        request, "conversation.html", status_code, session=session, kiosk_id=kiosk_id,
        call_session=call_session, lines=lines, replies=replies, problem=problem,
        assisted=any(e.type == ASSIST_REQUESTED for e in lines), max_reply=MAX_REPLY,
        url=conversation_url(kiosk_id, call_session))


@router.post("/conversations/{kiosk_id}/{call_session}/reply")
async def reply(request: Request, kiosk_id: str, call_session: str,
                session: Operator) -> Response:
    try:
        form = await read_form(request)
    except FormRefused:
        raise CsrfFailed from None
    check_csrf(session, form.get("csrf"))
    store = _store(request)
    if not valid_session(call_session) or kiosk_id not in {k.id for k in store.kiosks()} \
            or not _in_scope(store, session, kiosk_id, call_session):
        return _page(request, kiosk_id, call_session, session)
    try:
        text = clean_reply(form.get("text", ""))
    except ReplyRefused as exc:
        return _page(request, kiosk_id, call_session, session, status_code=400,
                     problem=str(exc))
    now = time.time()
    message = await run_in_threadpool(store.add_kiosk_message, kiosk_id, call_session,
                                      text, session.operator, now)
    # The audit keeps who wrote to which session, never the words (personal data).
    await run_in_threadpool(store.audit, session.operator, "conversation.reply",
                            f"{kiosk_id} {call_session} seq {message.seq}", now)
    log_event(log, "conversation.reply", kiosk=kiosk_id, seq=message.seq,
              operator=session.operator)
    return RedirectResponse(conversation_url(kiosk_id, call_session), status_code=303)


def _in_scope(store: Store, session: Session, kiosk_id: str, call_session: str) -> bool:
    """The network's scope (issue 15): another unit's session is 404, as if unknown."""
    return network_web.may_see_session(store, network_web.scope_of(store, session),
                                       kiosk_id, call_session)
