"""HTTP to the command centre, and what each answer means for a queued item.

`classify` is the whole delivery contract of docs/api.md in one pure function: an item
is delivered ONLY by a 201/202 whose JSON body names the item's id. A captive portal's
200 login page, a redirect (never followed) or an unexpected body is transient, so a
station Wi-Fi that intercepts traffic can never swallow a report.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import requests

from core.config import ServerSection
from core.errors import ConfigError
from offline_queue.items import ClaimedItem
from offline_queue.retry import parse_retry_after
from wire.logs import mask_pii

MAX_REASON = 300
ACCEPTED = (201, 202)
REFUSED = (400, 422)  # the server will never take this body: dead letter
AUTH_REFUSED = (401, 403)  # our token: keep the item, retry slowly, raise an alarm
RETRYABLE = (408, 429)  # plus every 5xx


class Verdict(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"
    AUTH = "auth"
    TRANSIENT = "transient"


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    reason: str
    http_status: int | None = None
    retry_after_s: float | None = None
    status_url: str | None = None


def classify(item_id: str, status: int, headers: Mapping[str, str], body: bytes,
             now: float) -> Outcome:
    """What the answer `status`/`headers`/`body` to posting item `item_id` means."""
    if status in ACCEPTED:
        data = _json(body)
        if isinstance(data, dict) and data.get("id") == item_id:
            url = data.get("status_url")
            return Outcome(Verdict.DELIVERED, f"HTTP {status}", status,
                           status_url=url if isinstance(url, str) else None)
        return Outcome(Verdict.TRANSIENT, f"HTTP {status} without this item's id in the "
                       "body: not an acknowledgement", status)
    if status in REFUSED:
        return Outcome(Verdict.FAILED, f"HTTP {status}: {_server_reason(body)}", status)
    if status in AUTH_REFUSED:
        return Outcome(Verdict.AUTH, f"HTTP {status}: the server refused our token", status)
    retry_after = parse_retry_after(headers.get("Retry-After"), now)
    if status in RETRYABLE or status >= 500:
        return Outcome(Verdict.TRANSIENT, f"HTTP {status}", status, retry_after)
    if 300 <= status < 400:
        return Outcome(Verdict.TRANSIENT, f"HTTP {status} redirect, not followed "
                       "(captive portal?)", status, retry_after)
    if status == 200:
        return Outcome(Verdict.TRANSIENT, "HTTP 200 is not an acknowledgement "
                       "(captive portal?)", status, retry_after)
    return Outcome(Verdict.TRANSIENT, f"unexpected HTTP {status}", status, retry_after)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _server_reason(body: bytes) -> str:
    """The server's own words, shortened and masked: they end up on a technician's screen."""
    data = _json(body)
    if isinstance(data, dict):
        parts = [str(data.get("error") or data.get("detail") or "")]
        reasons = data.get("reasons")
        if isinstance(reasons, list):
            parts.extend(str(r) for r in reasons)
        text = "; ".join(p for p in parts if p) or json.dumps(data)[:MAX_REASON]
    else:
        text = body[:MAX_REASON].decode("utf-8", "replace").strip() or "no reason given"
    text = mask_pii(" ".join(text.split()))
    return text if len(text) <= MAX_REASON else text[:MAX_REASON] + "…"


def _exception_reason(exc: requests.RequestException, timeout_s: float) -> str:
    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout_s:g} s"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS error: {str(exc)[:150]}"
    if isinstance(exc, requests.ConnectionError):
        return f"connection error: {type(exc.__context__ or exc).__name__}"
    return f"{type(exc).__name__}: {str(exc)[:150]}"


class HttpClient:
    """One keep-alive `requests.Session` to the command centre. TLS is always verified."""

    def __init__(self, server: ServerSection, *, session: requests.Session | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._server = server
        self._base = server.url.rstrip("/")
        self._token = server.read_token()
        self._verify: str | bool = str(server.ca_bundle) if server.ca_bundle else True
        self._session = session or requests.Session()
        self._clock = clock

    def refresh_token(self) -> None:
        """Re-read the token (token_file may have been rotated); keep the old on error."""
        with suppress(ConfigError):
            self._token = self._server.read_token()

    def _request(self, method: str, path: str, *, data: bytes | None = None,
                 headers: dict[str, str] | None = None) -> requests.Response:
        all_headers = {"Authorization": f"Bearer {self._token}", **(headers or {})}
        return self._session.request(method, self._base + path, data=data,
                                     headers=all_headers, timeout=self._server.timeout_s,
                                     allow_redirects=False, verify=self._verify)

    def post_item(self, item: ClaimedItem) -> Outcome:
        """POST the item's frozen bytes with its id as the Idempotency-Key."""
        try:
            resp = self._request("POST", item.kind.endpoint, data=item.payload,
                                 headers={"Idempotency-Key": item.id,
                                          "Content-Type": "application/json"})
        except requests.RequestException as exc:
            return Outcome(Verdict.TRANSIENT, _exception_reason(exc, self._server.timeout_s))
        with resp:
            return classify(item.id, resp.status_code, resp.headers, resp.content,
                            self._clock())

    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> str | None:
        """Send a heartbeat; None on success, else the reason it failed."""
        data = json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")
        try:
            resp = self._request("POST", f"/kiosks/{kiosk_id}/heartbeat", data=data,
                                 headers={"Content-Type": "application/json"})
        except requests.RequestException as exc:
            return _exception_reason(exc, self._server.timeout_s)
        with resp:
            return None if resp.status_code in (200, 204) else f"HTTP {resp.status_code}"

    def report_status(self, report_id: str) -> str | None:
        """The operator status of a delivered report, or None if it cannot be had now."""
        try:
            resp = self._request("GET", f"/reports/{report_id}/status")
        except requests.RequestException:
            return None
        with resp:
            if resp.status_code != 200:
                return None
            data = _json(resp.content)
        status = data.get("status") if isinstance(data, dict) else None
        ok = isinstance(status, str) and status.isidentifier() and len(status) <= 32
        return status if ok else None

    def close(self) -> None:
        self._session.close()
