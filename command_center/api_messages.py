"""The kiosk API of the text channel and of *Cek laporan* (issue 15; docs/api.md).

- `GET /kiosks/{kiosk_id}/messages?after=<seq>`: the operator's replies to this
  kiosk's sessions with seq > after, oldest first (at most 100; `next_after` is the
  cursor to ask with next).
- `POST /kiosks/{kiosk_id}/messages/ack {"up_to": n}`: the kiosk stored them; the
  operator's page shows "delivered to the kiosk".
- `GET /reports/by-code/{code}`: how far a report has got — code, found, category,
  status, updated_at and nothing else (never a description, a reporter or the filing
  kiosk), rate-limited per kiosk (`--lookup-rate`, 429 + Retry-After).

Same token and rate limit as every kiosk request (api._authenticate); a path naming
another kiosk than the token's is 403, as for heartbeats, so no kiosk can read or
acknowledge another kiosk's messages.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from command_center.api import (
    _AUTH,
    _PATH_KIOSK,
    ApiProblem,
    AsciiJSONResponse,
    _authenticate,
    _path_param,
    _problem,
    _read_body,
    parse_json_body,
)
from command_center.errors import StoreError
from command_center.limits import RateLimiter, retry_after
from command_center.model import rfc3339_epoch
from command_center.state import store_of as _store
from command_center.store import KioskIdentity
from wire.logs import event as log_event
from wire.ticket import normalize_code

log = logging.getLogger("command_center.api")
MAX_ACK_BYTES = 1024
MAX_BATCH = 100
MAX_SEQ = 2**62


class OperatorMessage(BaseModel):
    seq: int
    session: str
    at: str
    text: str


class Messages(BaseModel):
    messages: list[OperatorMessage]
    next_after: int


class Acked(BaseModel):
    up_to: int
    delivered: int


class CodeStatus(BaseModel):
    code: str
    found: bool
    category: str | None = None
    status: str | None = None
    updated_at: str | None = None


router = APIRouter(prefix="/api/v1", tags=["kiosk API"])
_READ = {401: _AUTH[401], 429: _AUTH[429], 503: _AUTH[503], **_PATH_KIOSK}


@router.get("/kiosks/{kiosk_id}/messages", summary="The operator's replies to this kiosk",
            responses={200: {"model": Messages, "description": "Messages after `after`."},
                       400: _problem("`after` is not a whole number ≥ 0."), **_READ},
            openapi_extra={"parameters": [
                _path_param("kiosk_id"),
                {"name": "after", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 0}}]})
async def get_messages(request: Request) -> Response:
    try:
        kiosk = await _own_kiosk(request)
        after = _after(request.query_params.get("after", "0"))
        found = await run_in_threadpool(_store(request).kiosk_messages, kiosk.id, after,
                                        MAX_BATCH)
    except ApiProblem as problem:
        return problem.response()
    except StoreError:
        return _unavailable()
    return AsciiJSONResponse({
        "messages": [{"seq": m.seq, "session": m.session, "at": rfc3339_epoch(m.created_at),
                      "text": m.text} for m in found],
        "next_after": max((m.seq for m in found), default=after)})


@router.post("/kiosks/{kiosk_id}/messages/ack", summary="The kiosk stored these messages",
             responses={200: {"model": Acked, "description": "Marked delivered."},
                        400: _problem("Not `{\"up_to\": <whole number ≥ 0>}`."), **_READ},
             openapi_extra={"parameters": [_path_param("kiosk_id")], "requestBody": {
                 "required": True, "content": {"application/json": {"schema": {
                     "type": "object", "required": ["up_to"],
                     "properties": {"up_to": {"type": "integer", "minimum": 0}}}}}}})
async def ack_messages(request: Request) -> Response:
    try:
        kiosk = await _own_kiosk(request)
        data = parse_json_body(await _read_body(request, MAX_ACK_BYTES))
        up_to = data.get("up_to") if isinstance(data, dict) else None
        if not isinstance(up_to, int) or isinstance(up_to, bool) or not 0 <= up_to < MAX_SEQ:
            raise ApiProblem(400, "the body must be {\"up_to\": <whole number>}")
        marked = await run_in_threadpool(_store(request).ack_kiosk_messages, kiosk.id,
                                         up_to, time.time())
    except ApiProblem as problem:
        return problem.response()
    except StoreError:
        return _unavailable()
    if marked:
        log_event(log, "messages.delivered", kiosk=kiosk.id, up_to=up_to, count=marked)
    return AsciiJSONResponse({"up_to": up_to, "delivered": marked})


@router.get("/reports/by-code/{code}", summary="How far a report has got, by its code",
            responses={200: {"model": CodeStatus,
                             "description": "The newest report with this code, or "
                                            "found false."},
                       400: _problem("Not a report code."),
                       401: _AUTH[401], 429: _AUTH[429], 503: _AUTH[503]},
            openapi_extra={"parameters": [_path_param("code")]})
async def by_code(request: Request) -> Response:
    try:
        kiosk = await _authenticate(request, _store(request))
        limiter: RateLimiter = request.app.state.lookup_limiter
        if (wait := limiter.take(kiosk.id)) > 0:
            raise ApiProblem(429, "too many report lookups from this kiosk",
                             headers={"Retry-After": retry_after(wait)})
        code = normalize_code(request.path_params["code"])
        if code is None:
            raise ApiProblem(400, "not a report code")
        found = await run_in_threadpool(_store(request).reports_by_ticket, code)
    except ApiProblem as problem:
        return problem.response()
    except StoreError:
        return _unavailable()
    log_event(log, "report.looked_up", kiosk=kiosk.id, found=bool(found))
    if not found:
        return AsciiJSONResponse({"code": code, "found": False})
    newest = found[0]
    answer: dict[str, Any] = {"code": code, "found": True, "category": newest.category,
                              "status": newest.status.value,
                              "updated_at": rfc3339_epoch(newest.updated_at)}
    return AsciiJSONResponse(answer)


async def _own_kiosk(request: Request) -> KioskIdentity:
    kiosk = await _authenticate(request, _store(request))
    if request.path_params["kiosk_id"] != kiosk.id:
        raise ApiProblem(403, f"this token belongs to kiosk {kiosk.id!r}, not to the "
                         "kiosk in the path")
    return kiosk


def _after(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise ApiProblem(400, "after must be a whole number ≥ 0")
    return int(raw)


def _unavailable() -> Response:
    return ApiProblem(503, "cannot read right now", headers={"Retry-After": "30"}).response()
