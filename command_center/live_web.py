"""The live inbox over HTTP: Server-Sent Events that say "look again", and the piece of
the inbox page the page then fetches.

`GET /inbox/events` is an SSE stream behind the operator's session. Each event's `id:`
is the change sequence (command_center.live), so a browser that reconnects sends
`Last-Event-ID` and is told at once whether it missed anything; the page also passes
the sequence its HTML was rendered at (`?after=`), so nothing between the page and the
stream is lost. Events carry only ids, kinds and priorities — never personal data —
and the page re-fetches `GET /inbox/live` (the same rows the inbox renders: the table
is the truth). Comments every `live_heartbeat_s` keep proxies from closing the stream
and re-check the session, so a signed-out or disabled operator's stream ends.

Streams are bounded per operator and in total (answered 429 + Retry-After beyond),
and each lasts at most `live_stream_max_s` before the browser reconnects on its own:
a forgotten tab cannot hold a connection for ever.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse

from command_center import auth, network_web
from command_center.deadlines import deadline_of
from command_center.keyring import Keyring
from command_center.limits import retry_after
from command_center.live import LiveChange
from command_center.model import EventRow, InboxPage, ReportRow, Session
from command_center.pages import Pages
from command_center.preview import UNREADABLE, description_preview
from command_center.signin import COOKIE, Operator
from command_center.state import settings_of as _settings
from command_center.state import store_of as _store
from command_center.store import Store
from wire.logs import event as log_event

log = logging.getLogger("command_center.live")
router = APIRouter(include_in_schema=False)
MAX_CHANGES = 100       # changes named in one event; beyond, "more" (the page re-fetches)
MAX_PAGE = 100_000
CALL_TYPES = ("call.started",)
CALLS_SHOWN_S = 900.0   # calls of the last 15 minutes are listed
STATIC = {"live.js": "text/javascript", "alert.wav": "audio/wav"}


class LiveStreams:
    """Open SSE streams, per operator and in total (one event loop: no lock needed)."""

    def __init__(self, per_operator: int, total: int) -> None:
        self.per_operator = per_operator
        self.total = total
        self.open: Counter[str] = Counter()

    def take(self, operator: str) -> bool:
        if sum(self.open.values()) >= self.total or self.open[operator] >= self.per_operator:
            return False
        self.open[operator] += 1
        return True

    def give_back(self, operator: str) -> None:
        self.open[operator] -= 1
        if self.open[operator] <= 0:
            del self.open[operator]


def _seq(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) <= 18 else None


@router.get("/inbox/events")
async def inbox_events(request: Request, session: Operator, after: str = "") -> Response:
    settings = _settings(request)
    streams: LiveStreams = request.app.state.live_streams
    if not streams.take(session.operator):
        log_event(log, "live.refused", logging.WARNING, operator=session.operator)
        return Response("too many live connections\n", status_code=429,
                        media_type="text/plain",
                        headers={"Retry-After": retry_after(settings.live_heartbeat_s)})
    store = _store(request)
    seen = _seq(request.headers.get("last-event-id"))
    if seen is None:
        seen = _seq(after)
    if seen is None:
        seen = await run_in_threadpool(store.change_seq)
    token = request.cookies.get(COOKIE, "")
    return StreamingResponse(
        _stream(request, store, session, token_hash=auth.token_hash(token), seen=seen,
                streams=streams),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


async def _stream(request: Request, store: Store, session: Session, *, token_hash: str,
                  seen: int, streams: LiveStreams) -> AsyncIterator[bytes]:
    settings = _settings(request)
    feed = store.change_feed()
    ends = time.monotonic() + settings.live_stream_max_s
    try:
        # The browser waits this long before reconnecting; then the sequence it last
        # saw comes back as Last-Event-ID.
        yield f"retry: {int(settings.live_retry_s * 1000)}\n\n".encode()
        yield f"id: {seen}\nevent: hello\ndata: {json.dumps({'seq': seen})}\n\n".encode()
        while (left := ends - time.monotonic()) > 0:
            seq = await feed.wait(seen, min(left, settings.live_heartbeat_s))
            if seq > seen:
                changes = await run_in_threadpool(store.changes_since, seen, MAX_CHANGES)
                seen = max(seq, changes[-1].seq if changes else 0)
                more = len(changes) >= MAX_CHANGES
                visible = await run_in_threadpool(_visible, store, session, changes)
                if visible or more:
                    yield _change_event(seen, visible, more=more)
                continue
            live = await run_in_threadpool(store.session, token_hash, time.time(),
                                           settings.session_idle_s)
            if live is None:
                yield b"event: signedout\ndata: {}\n\n"
                return
            yield b": heartbeat\n\n"
    finally:
        streams.give_back(session.operator)


def _visible(store: Store, session: Session, changes: list[LiveChange]) -> list[LiveChange]:
    """The changes of items this operator may open: the ids, kinds and priorities of
    another unit's items are not theirs to know (nor to ring their alarm). The scope is
    read again for each batch, so a move to another unit holds from the next one."""
    scope = network_web.scope_of(store, session)
    if scope.everything:
        return changes
    return [c for c in changes if scope.sees(store.route(c.ref))]


def _change_event(seq: int, changes: list[LiveChange], *, more: bool) -> bytes:
    data = {"seq": seq, "more": more,
            "changes": [{"kind": str(c.kind), "ref": c.ref, "priority": c.priority}
                        for c in changes]}
    # JSON has no raw newline, so one data: line carries it whatever the ids hold.
    return f"id: {seq}\nevent: change\ndata: {json.dumps(data)}\n\n".encode()


def inbox_context(request: Request, session: Session, open_only: bool,
                  page: str) -> dict[str, Any]:
    """What the inbox and its live part render: the sequence first, then the rows, so a
    change committed in between is announced again rather than missed. An operator of
    a unit sees that unit's items (and the units' below escalated and overdue ones);
    one without a unit, everything (command_center.network)."""
    store, settings = _store(request), _settings(request)
    seq = store.change_seq()
    number = int(page) if page.isdigit() and 0 < int(page) <= MAX_PAGE else 1
    now = time.time()
    scope = network_web.scope_of(store, session)
    network = network_web.inbox_context(store, session, now)
    view: InboxPage = (store.inbox(page=number, page_size=settings.inbox_page_size,
                                   open_only=open_only) if scope.everything else
                       network_web.scoped_inbox(store, scope, now, number,
                                                settings.inbox_page_size))
    # The recent call events of every kiosk, for a centre without units; with units,
    # the network's own call items (scoped) stand in their place.
    calls: list[EventRow] = (store.events(types=CALL_TYPES, since=now - CALLS_SHOWN_S,
                                          limit=20)
                             if scope.everything and not network["network_calls"] else [])
    places = {k.id: k.station for k in store.kiosks()} if calls else {}
    keyring: Keyring = request.app.state.keyring

    def call_place(call: EventRow) -> str:
        return places.get(call.kiosk_id) or call.kiosk_id

    def preview_of(row: ReportRow) -> str:
        return description_preview(row.body, keyring)

    return {"inbox": view, "seq": seq, "open_only": open_only, "now": now,
            "calls": calls, "deadline_of": deadline_of, "call_place": call_place,
            "preview_of": preview_of, "UNREADABLE": UNREADABLE, **network}


@router.get("/inbox/live")
def inbox_live(request: Request, session: Operator, only_open: str = "0",
               page: str = "1") -> Response:
    pages: Pages = request.app.state.pages
    return pages.render(request, "inbox_live.html", session=session,
                        **inbox_context(request, session, only_open == "1", page))


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    if name not in STATIC:
        return Response("not found\n", status_code=404, media_type="text/plain")
    body = resources.files("command_center").joinpath(f"static/{name}").read_bytes()
    return Response(body, media_type=STATIC[name], headers={"Cache-Control": "max-age=300"})
