"""The kiosk API (`/api/v1`): reports, events, heartbeats and report status.

The status codes are the contract in docs/api.md, which the kiosk's uploader acts on:
201/202 delivered, 400/422 dead letter (a refusal of that one item), 401/403 keep and
alarm (this token is refused), 429/5xx retry after `Retry-After`. So this
module reads the raw body itself — FastAPI's own body validation would answer 422
("id known with a different body" to the uploader) for what is really invalid input
(400) — and validates with `wire.report.Report.from_dict` / `Event.from_dict`, the same
gate the kiosk uses.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from command_center import ingest, routing
from command_center.errors import StoreError
from command_center.limits import RateLimiter, retry_after
from command_center.model import Outcome, rfc3339_epoch
from command_center.schemas import clean_heartbeat, heartbeat_problem
from command_center.state import settings_of as _settings
from command_center.state import store_of as _store
from command_center.store import KioskIdentity, Store
from command_center.urls import public_base
from wire.errors import ReportInvalid
from wire.logs import event as log_event
from wire.report import Event, Report
from wire.text import JsonInvalid, parse_json
from wire.ticket import ticket_code

log = logging.getLogger("command_center.api")
T = TypeVar("T")

MAX_BODY_BYTES = 64 * 1024
# A heartbeat is a health snapshot of a few hundred bytes; 16 KiB leaves room for a
# newer kiosk's extra fields, not for a payload.
MAX_HEARTBEAT_BYTES = 16 * 1024
_OUTCOME_STATUS = {Outcome.CREATED: 201, Outcome.DUPLICATE: 202}


class Accepted(BaseModel):
    id: str
    ticket: str | None = None
    status_url: str | None = None


class Problem(BaseModel):
    error: str
    reasons: list[str] = []


class ReportStatus(BaseModel):
    id: str
    ticket: str
    status: Literal["received", "acknowledged", "dispatched", "closed", "invalid"]
    acknowledged: bool
    updated_at: str


class AsciiJSONResponse(JSONResponse):
    """JSON with every non-ASCII character escaped: a stored value that is not valid
    Unicode (a lone surrogate) cannot make the answer unencodable."""

    def render(self, content: Any) -> bytes:
        import json
        return json.dumps(content, ensure_ascii=True, allow_nan=False,
                          separators=(",", ":")).encode("ascii")


class ApiProblem(Exception):
    """An answer other than success, raised anywhere below a handler."""

    def __init__(self, status: int, error: str, reasons: list[str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.reasons = reasons or []
        self.headers = headers

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {"error": self.error}
        if self.reasons:
            body["reasons"] = self.reasons
        return AsciiJSONResponse(body, status_code=self.status, headers=self.headers)


def _problem(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.",
                                 "schema": {"type": "string"}}}
_AUTH: dict[int | str, dict[str, Any]] = {
    401: _problem("Missing or wrong token. The kiosk keeps the item and retries slowly."),
    429: {**_problem("Too many requests for this token (rate limit) or, for reports and "
                     "events, the kiosk's storage quota for the last 24 hours is used up. "
                     "Retry after the Retry-After seconds; nothing is lost."),
          "headers": _RETRY_AFTER},
    503: {**_problem("The command centre cannot store right now; retry later."),
          "headers": _RETRY_AFTER}}
_PATH_KIOSK: dict[int | str, dict[str, Any]] = {
    403: _problem("The token belongs to another kiosk than the one in the path. "
                  "The kiosk keeps its items and retries slowly.")}
_SUBMIT: dict[int | str, dict[str, Any]] = {
    201: {"model": Accepted, "description": "Stored, new."},
    202: {"model": Accepted, "description": "Already stored with this same body."},
    400: _problem("Invalid JSON, a body failing the schema (reasons say why), an "
                  "Idempotency-Key that differs from the body's id, or a body over 64 KiB."),
    422: _problem("This item is refused for good, and only this item: its id is known "
                  "with a different body, or its kiosk.id is not the token's kiosk "
                  "(reasons say which). Never 401/403, which mean the token itself."),
    **_AUTH,
}


def _body(*schemas: str) -> dict[str, Any]:
    refs = [{"$ref": f"#/components/schemas/{s}"} for s in schemas]
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": refs[0] if len(refs) == 1 else {"oneOf": refs}}}}}


def _path_param(name: str) -> dict[str, Any]:
    # Declared here rather than as a FastAPI parameter, so FastAPI does not document
    # (or answer) its own 422 validation error, which means something else in this API.
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


router = APIRouter(prefix="/api/v1", tags=["kiosk API"])


@router.post("/reports", status_code=201, responses=_SUBMIT,
             openapi_extra=_body("Report", "SealedReport"),
             summary="Deliver a report")
async def post_report(request: Request) -> Response:
    return await _accept(request, _report_adapter(public_base(request)))


@router.post("/events", status_code=201, responses=_SUBMIT, openapi_extra=_body("Event"),
             summary="Deliver an event")
async def post_event(request: Request) -> Response:
    return await _accept(request, _EVENT_ADAPTER)


@router.post("/kiosks/{kiosk_id}/heartbeat", status_code=204, summary="Kiosk heartbeat",
             responses={204: {"description": "Recorded."},
                        400: _problem("Invalid JSON, a body failing the schema, over 16 KiB, "
                                      "or whose kiosk_id differs from the path."),
                        404: _problem("No such path."), **_AUTH, **_PATH_KIOSK},
             openapi_extra={**_body("Heartbeat"), "parameters": [_path_param("kiosk_id")]})
async def post_heartbeat(request: Request) -> Response:
    return await _heartbeat(request)


@router.get("/reports/{report_id}/status", summary="Has an operator acknowledged it?",
            responses={200: {"model": ReportStatus, "description": "The report's status."},
                       404: _problem("No report with this id from this kiosk."),
                       401: _AUTH[401], 429: _AUTH[429], 503: _AUTH[503]},
            openapi_extra={"parameters": [_path_param("report_id")]})
async def get_status(request: Request) -> Response:
    return await _status(request)


# -- handlers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Adapter:
    """What differs between reports and events."""

    kind: str
    parse: Callable[[Any], Report | Event]
    put: Callable[[Store, Any, Any], Awaitable[Outcome]]
    accepted: Callable[[Any], dict[str, Any]]


def _report_adapter(base_url: str) -> _Adapter:
    def accepted(report: Report) -> dict[str, Any]:
        ticket = ticket_code(report.id)
        return {"id": report.id, "ticket": ticket, "status_url": f"{base_url}/t/{ticket}"}
    # Called on the instance (a lambda, not Store.put_report): Store is the interface.
    return _Adapter("report", ingest.parse_report,
                    lambda store, item, incoming: store.put_report(item, incoming), accepted)


_EVENT_ADAPTER = _Adapter("event", Event.from_dict,
                          lambda store, item, incoming: store.put_event(item, incoming),
                          lambda event: {"id": event.id})


async def _accept(request: Request, adapter: _Adapter) -> Response:
    """Authenticate, read, check and judge on the event loop (a token lookup is a read,
    fast in WAL); only the write waits, for its commit (see SqliteStore._write)."""
    settings = _settings(request)
    try:
        store = _store(request)
        kiosk = await _authenticate(request, store)
        data = parse_json_body(await _read_body(request, MAX_BODY_BYTES))
        item = _parse_item(data, adapter)
        if item.kiosk.id != kiosk.id:
            # This one item is not this kiosk's to send: refused for good, alone. A 403
            # would tell the uploader that its token is refused and hold everything.
            raise ApiProblem(422, f"the {adapter.kind}'s kiosk.id is not this token's kiosk",
                             [f"kiosk.id: this token belongs to kiosk {kiosk.id!r}"])
        key = request.headers.get("idempotency-key")
        if key is not None and key != item.id:
            raise ApiProblem(400, "Idempotency-Key differs from the body's id")
        try:
            body = ingest.canonical(data)
        except UnicodeEncodeError:
            raise ApiProblem(400, f"the {adapter.kind} fails the schema",
                             ["contains an invalid character (lone surrogate)"]) from None
        stored = body
        if isinstance(item, Report):   # sealed on the kiosk; encrypted at rest here
            item = _opened(data, item, request.app.state.keyring)
            stored = ingest.stored_body(item, body, request.app.state.keyring)
        now = time.time()
        counter: ingest.KioskCounts = request.app.state.kiosk_counts
        counts = await read(store, counter.get, store, kiosk.id, now)
        ingest.check_quota(counts, body.size, settings, now)
        judged = ingest.incoming(item, kiosk, stored, counts=counts, settings=settings,
                                 now=now)
        # Counted before the write is awaited (and taken back if it stored nothing), so
        # concurrent requests of one kiosk each see the ones before them.
        reports = int(isinstance(item, Report))
        counter.stored(kiosk.id, body.size, reports)
        created = False
        try:
            outcome = await adapter.put(store, item, judged)
            if outcome is not Outcome.CONFLICT:   # a repeat repairs a route left unwritten
                await run_in_threadpool(routing.after_ingest, store, item, judged.place,
                                        judged.received_at, outcome is Outcome.CREATED)
            created = outcome is Outcome.CREATED
        finally:
            if not created:
                counter.stored(kiosk.id, -body.size, -reports)
    except ApiProblem as problem:
        return problem.response()
    except ingest.OverQuota as exc:
        log_event(log, f"{adapter.kind}.over_quota", logging.WARNING)
        return ApiProblem(429, "this kiosk's storage quota for the last 24 hours is used up",
                          headers={"Retry-After": retry_after(exc.retry_after_s)}).response()
    except StoreError as exc:
        log_event(log, f"{adapter.kind}.store_failed", logging.ERROR, error=str(exc))
        return ApiProblem(503, "cannot store right now", headers={"Retry-After": "30"}
                          ).response()
    # New items are in the database with their time: logging each one would cost ~10 %
    # of the request (the PII-masking formatter); repeats and conflicts are worth a line.
    if outcome is not Outcome.CREATED:
        log_event(log, f"{adapter.kind}.received", id=item.id, kiosk=kiosk.id,
                  outcome=outcome.value)
    if outcome is Outcome.CONFLICT:
        return ApiProblem(422, f"{adapter.kind} {item.id} is already stored with a "
                          "different body").response()
    return AsciiJSONResponse(adapter.accepted(item), status_code=_OUTCOME_STATUS[outcome])


def _opened(data: Any, report: Report, keyring: Any) -> Report:
    try:
        return ingest.open_sealed(data, report, keyring)
    except ingest.SealRefused as exc:
        log_event(log, "report.seal_refused", logging.WARNING, id=report.id,
                  kiosk=report.kiosk.id, status=exc.status, reason=exc.reason)
        if exc.status == 503:
            raise ApiProblem(503, "cannot open this sealed report here yet",
                             [f"sealed: {exc.reason}"], headers={"Retry-After": "300"}
                             ) from None
        raise ApiProblem(422, "the sealed report is refused", [f"sealed: {exc.reason}"]
                         ) from None
    except ReportInvalid as exc:   # the report inside fails the gate
        raise ApiProblem(400, "the report fails the schema", [f"sealed report: {exc}"]
                         ) from None


def _parse_item(data: Any, adapter: _Adapter) -> Report | Event:
    try:
        return adapter.parse(data)
    except ReportInvalid as exc:
        raise ApiProblem(400, f"the {adapter.kind} fails the schema", [str(exc)]) from None
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # A shape the validator did not expect (e.g. an object where a category code
        # belongs). A 500 would make the kiosk retry it for ever; it is bad input, so
        # 400 — and logged, since the gate should have named the field.
        log_event(log, f"{adapter.kind}.validator_crashed", logging.ERROR,
                  error=type(exc).__name__)
        raise ApiProblem(400, f"the {adapter.kind} fails the schema",
                         [f"malformed {adapter.kind} ({type(exc).__name__})"]) from None


async def _heartbeat(request: Request) -> Response:
    try:
        store = _store(request)
        kiosk = await _authenticate(request, store)
        if request.path_params["kiosk_id"] != kiosk.id:
            raise ApiProblem(403, f"this token belongs to kiosk {kiosk.id!r}, not to "
                             "the kiosk in the path")
        data = parse_json_body(await _read_body(request, MAX_HEARTBEAT_BYTES))
        if (problem := heartbeat_problem(data)) is not None:
            raise ApiProblem(400, "the heartbeat fails the schema", [problem])
        if data["kiosk_id"] != kiosk.id:
            raise ApiProblem(400, "kiosk_id in the body differs from the path")
        await store.put_heartbeat(kiosk.id, clean_heartbeat(data), time.time())
    except ApiProblem as problem:
        return problem.response()
    except StoreError:
        return ApiProblem(503, "cannot store right now", headers={"Retry-After": "30"}
                          ).response()
    return Response(status_code=204)


async def _status(request: Request) -> Response:
    try:
        store = _store(request)
        kiosk = await _authenticate(request, store)
        report = await read(store, store.report, request.path_params["report_id"])
        # Another kiosk's report is answered like an unknown one: no existence oracle.
        if report is None or report.kiosk_id != kiosk.id:
            raise ApiProblem(404, "no report with this id from this kiosk")
    except ApiProblem as problem:
        return problem.response()
    return AsciiJSONResponse({"id": report.id, "ticket": report.ticket,
                              "status": report.status.value,
                              "acknowledged": report.acknowledged,
                              "updated_at": rfc3339_epoch(report.updated_at)})


# -- helpers -------------------------------------------------------------------------------


async def read(store: Store, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)`, a read of the store: inline where reads are local and fast (SQLite
    in WAL), in a worker thread where each is a round trip (Store.reads_block), so a
    slow database server stalls that request, not every request of the event loop."""
    if store.reads_block:
        return await run_in_threadpool(fn, *args)
    return fn(*args)


async def _authenticate(request: Request, store: Store) -> KioskIdentity:
    """The token's kiosk, within its rate: 401 for no or a wrong token, 429 (with
    Retry-After) for a token making more requests than `--kiosk-rate` allows."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    kiosk = (await read(store, store.kiosk_for_token, token.strip())
             if scheme.lower() == "bearer" else None)
    if kiosk is None:
        raise ApiProblem(401, "missing or wrong bearer token",
                         headers={"WWW-Authenticate": 'Bearer realm="kiosk110"'})
    limiter: RateLimiter = request.app.state.kiosk_limiter
    if (wait := limiter.take(kiosk.id)) > 0:
        raise ApiProblem(429, "too many requests from this kiosk",
                         headers={"Retry-After": retry_after(wait)})
    return kiosk


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refusing more than `limit` bytes without reading it all into memory.

    Oversize is answered 400, not 413: no valid item comes near the limit, and 400
    makes the kiosk dead-letter the item instead of retrying it for ever."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiProblem(400, f"body larger than {limit // 1024} KiB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiProblem(400, f"body larger than {limit // 1024} KiB")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json_body(raw: bytes) -> Any:
    try:
        return parse_json(raw)
    except JsonInvalid as exc:
        raise ApiProblem(400, "invalid JSON", [str(exc)[:200]]) from None
