"""The kiosk API (`/api/v1`): reports, events, heartbeats and report status.

The status codes are the contract in docs/api.md, which the kiosk's uploader acts on:
201/202 delivered, 400/422 dead letter, 401/403 keep and alarm, 5xx retry. So this
module reads the raw body itself — FastAPI's own body validation would answer 422
("id known with a different body" to the uploader) for what is really invalid input
(400) — and validates with `wire.report.Report.from_dict` / `Event.from_dict`, the same
gate the kiosk uses.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from command_center.errors import StoreError
from command_center.model import Outcome, rfc3339_epoch
from command_center.schemas import heartbeat_problem
from command_center.settings import Settings
from command_center.store import Store
from wire.errors import ReportInvalid
from wire.logs import event as log_event
from wire.report import Event, Report
from wire.text import JsonInvalid, parse_json
from wire.ticket import ticket_code

log = logging.getLogger("command_center.api")

MAX_BODY_BYTES = 64 * 1024
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
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def _problem(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


_AUTH: dict[int | str, dict[str, Any]] = {
    401: _problem("Missing or wrong token. The kiosk keeps the item and retries slowly."),
    403: _problem("The token belongs to another kiosk than the one named in the "
                  "body or path. The kiosk keeps the item and retries slowly."),
    503: _problem("The command centre cannot store right now; retry later.")}
_SUBMIT: dict[int | str, dict[str, Any]] = {
    201: {"model": Accepted, "description": "Stored, new."},
    202: {"model": Accepted, "description": "Already stored with this same body."},
    400: _problem("Invalid JSON, a body failing the schema (reasons say why), an "
                  "Idempotency-Key that differs from the body's id, or a body over 64 KiB."),
    422: _problem("The id is known with a different body."),
    **_AUTH,
}


def _body(schema: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}}


def _path_param(name: str) -> dict[str, Any]:
    # Declared here rather than as a FastAPI parameter, so FastAPI does not document
    # (or answer) its own 422 validation error, which means something else in this API.
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


router = APIRouter(prefix="/api/v1", tags=["kiosk API"])


@router.post("/reports", status_code=201, responses=_SUBMIT, openapi_extra=_body("Report"),
             summary="Deliver a report")
async def post_report(request: Request) -> Response:
    raw = await _read_body(request)
    base = _base_url(request)
    return await _accept(request, raw, _report_adapter(base))


@router.post("/events", status_code=201, responses=_SUBMIT, openapi_extra=_body("Event"),
             summary="Deliver an event")
async def post_event(request: Request) -> Response:
    raw = await _read_body(request)
    return await _accept(request, raw, _EVENT_ADAPTER)


@router.post("/kiosks/{kiosk_id}/heartbeat", status_code=204, summary="Kiosk heartbeat",
             responses={204: {"description": "Recorded."},
                        400: _problem("Invalid JSON or a body failing the schema."),
                        404: _problem("No such path."), **_AUTH},
             openapi_extra={**_body("Heartbeat"), "parameters": [_path_param("kiosk_id")]})
async def post_heartbeat(request: Request) -> Response:
    raw = await _read_body(request)
    return await _heartbeat(request, raw)


@router.get("/reports/{report_id}/status", summary="Has an operator acknowledged it?",
            responses={200: {"model": ReportStatus, "description": "The report's status."},
                       404: _problem("No report with this id from this kiosk."),
                       401: _AUTH[401], 503: _AUTH[503]},
            openapi_extra={"parameters": [_path_param("report_id")]})
async def get_status(request: Request) -> Response:
    return _status(request)


# -- handlers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Adapter:
    """What differs between reports and events."""

    kind: str
    parse: Callable[[Any], Report | Event]
    put: Callable[[Store, Any, str, str], Awaitable[Outcome]]
    accepted: Callable[[Any], dict[str, Any]]


def _report_adapter(base_url: str) -> _Adapter:
    def accepted(report: Report) -> dict[str, Any]:
        ticket = ticket_code(report.id)
        return {"id": report.id, "ticket": ticket, "status_url": f"{base_url}/t/{ticket}"}
    return _Adapter("report", Report.from_dict, Store.put_report, accepted)


_EVENT_ADAPTER = _Adapter("event", Event.from_dict, Store.put_event,
                          lambda event: {"id": event.id})


async def _accept(request: Request, raw: bytes, adapter: _Adapter) -> Response:
    """Parse, authenticate and check on the event loop (a token lookup is a read, fast
    in WAL); only the write waits, for its commit (see Store._write)."""
    try:
        store = _store(request)
        kiosk_id = _authenticate(request, store)
        data = _parse_json(raw)
        try:
            item = adapter.parse(data)
        except ReportInvalid as exc:
            raise ApiProblem(400, f"the {adapter.kind} fails the schema",
                             [str(exc)]) from None
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # A shape the validator did not expect (e.g. an object where a category
            # code belongs). A 500 would make the kiosk retry it for ever; it is bad
            # input, so 400 — and logged, since the gate should have named the field.
            log_event(log, f"{adapter.kind}.validator_crashed", logging.ERROR,
                      error=type(exc).__name__)
            raise ApiProblem(400, f"the {adapter.kind} fails the schema",
                             [f"malformed {adapter.kind} ({type(exc).__name__})"]) from None
        if item.kiosk.id != kiosk_id:
            raise ApiProblem(403, f"this token belongs to kiosk {kiosk_id!r}, not to the "
                             f"{adapter.kind}'s kiosk.id")
        key = request.headers.get("idempotency-key")
        if key is not None and key != item.id:
            raise ApiProblem(400, "Idempotency-Key differs from the body's id")
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"),
                               ensure_ascii=False)
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        outcome = await adapter.put(store, item, canonical, digest)
    except ApiProblem as problem:
        return problem.response()
    except StoreError as exc:
        log_event(log, f"{adapter.kind}.store_failed", logging.ERROR, error=str(exc))
        return ApiProblem(503, "cannot store right now", headers={"Retry-After": "30"}
                          ).response()
    # New items are in the database with their time: logging each one would cost ~10 %
    # of the request (the PII-masking formatter); repeats and conflicts are worth a line.
    log_event(log, f"{adapter.kind}.received",
              logging.DEBUG if outcome is Outcome.CREATED else logging.INFO,
              id=item.id, kiosk=kiosk_id, outcome=outcome.value)
    if outcome is Outcome.CONFLICT:
        return ApiProblem(422, f"{adapter.kind} {item.id} is already stored with a "
                          "different body").response()
    return JSONResponse(adapter.accepted(item), status_code=_OUTCOME_STATUS[outcome])


async def _heartbeat(request: Request, raw: bytes) -> Response:
    try:
        store = _store(request)
        kiosk_id = _authenticate(request, store)
        path_kiosk = request.path_params["kiosk_id"]
        if path_kiosk != kiosk_id:
            raise ApiProblem(403, f"this token belongs to kiosk {kiosk_id!r}, not to "
                             "the kiosk in the path")
        data = _parse_json(raw)
        if (problem := heartbeat_problem(data)) is not None:
            raise ApiProblem(400, "the heartbeat fails the schema", [problem])
        if data["kiosk_id"] != kiosk_id:
            raise ApiProblem(400, "kiosk_id in the body differs from the path")
        await store.put_heartbeat(kiosk_id, data)
    except ApiProblem as problem:
        return problem.response()
    except StoreError:
        return ApiProblem(503, "cannot store right now").response()
    return Response(status_code=204)


def _status(request: Request) -> Response:
    try:
        store = _store(request)
        kiosk_id = _authenticate(request, store)
        report = store.report(request.path_params["report_id"])
        # Another kiosk's report is answered like an unknown one: no existence oracle.
        if report is None or report.kiosk_id != kiosk_id:
            raise ApiProblem(404, "no report with this id from this kiosk")
    except ApiProblem as problem:
        return problem.response()
    return JSONResponse({"id": report.id, "ticket": report.ticket,
                         "status": report.status.value, "acknowledged": report.acknowledged,
                         "updated_at": rfc3339_epoch(report.updated_at)})


# -- helpers -------------------------------------------------------------------------------


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _base_url(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return (settings.public_url or str(request.base_url)).rstrip("/")


def _authenticate(request: Request, store: Store) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    kiosk_id = store.kiosk_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if kiosk_id is None:
        raise ApiProblem(401, "missing or wrong bearer token",
                         headers={"WWW-Authenticate": 'Bearer realm="kiosk110"'})
    return kiosk_id


async def _read_body(request: Request) -> bytes:
    """The body, refusing more than MAX_BODY_BYTES without reading it all into memory.

    Oversize is answered 400, not 413: no valid report comes near the limit, and 400
    makes the kiosk dead-letter the item instead of retrying it for ever."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiProblem(400, f"body larger than {MAX_BODY_BYTES // 1024} KiB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiProblem(400, f"body larger than {MAX_BODY_BYTES // 1024} KiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json(raw: bytes) -> Any:
    try:
        return parse_json(raw)
    except JsonInvalid as exc:
        raise ApiProblem(400, "invalid JSON", [str(exc)[:200]]) from None
