"""HTTP to the command centre, and what each answer means for a queued item.

`classify` is the whole delivery contract of docs/api.md in one pure function: an item
is delivered ONLY by a 201/202 whose JSON body names the item's id. A captive portal's
200 login page, a redirect (never followed) or an unexpected body is a failure of the
link, so a station Wi-Fi that intercepts traffic can never swallow a report.

Each failure says whose fault it is, because that decides who waits (see link.py):
LINK (no answer from the centre: connection, timeout, TLS, captive portal) — the item
is not to blame; BUSY (408, 429, 5xx: the centre answered, busy) — this item waits,
exactly as long as a Retry-After says; SUSPECT (401/403 and 4xx other than 400/422) —
meaning this item or our token/URL, which a heartbeat then tells apart; FAILED
(400/422) — this item's permanent refusal.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import requests

from core.config import ServerSection
from core.errors import ConfigError
from offline_queue.items import ClaimedItem
from offline_queue.retry import parse_http_date, parse_retry_after
from wire.logs import mask_pii
from wire.text import JsonInvalid, parse_json

MAX_REASON = 300
ACCEPTED = (201, 202)
REFUSED = (400, 422)  # the server will never take this body: dead letter
AUTH_REFUSED = (401, 403)  # our token: keep the item, retry slowly, raise an alarm
RETRYABLE = (408, 429)  # plus every 5xx


NETWORK_AUTH_REQUIRED = 511  # RFC 6585: what a well-behaved captive portal answers


class Verdict(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"  # 400/422: this item, for good
    SUSPECT = "suspect"  # 401/403/other 4xx: this item, or our token/URL? ask a heartbeat
    BUSY = "busy"  # 408/429/5xx: the centre answered but cannot take it now
    LINK = "link"  # no answer from the centre at all

    @property
    def server_answered(self) -> bool:
        """The command centre itself answered: the link works."""
        return self in (Verdict.DELIVERED, Verdict.FAILED, Verdict.SUSPECT, Verdict.BUSY)


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    reason: str
    http_status: int | None = None
    retry_after_s: float | None = None
    status_url: str | None = None
    server_date: float | None = None  # the centre's HTTP Date, on its own answers
    received_at: float | None = None  # our wall clock when the answer came


def classify(item_id: str, status: int, headers: Mapping[str, str], body: bytes,
             now: float) -> Outcome:
    """What the answer `status`/`headers`/`body` to posting item `item_id` means.

    `now` is our wall clock; a Retry-After date is read against the answer's own
    Date header when it has one, so a kiosk clock that is wrong does not stretch it.
    """
    if status in ACCEPTED:
        data = _json(body)
        if isinstance(data, dict) and data.get("id") == item_id:
            url = data.get("status_url")
            return Outcome(Verdict.DELIVERED, f"HTTP {status}", status,
                           status_url=url if isinstance(url, str) else None)
        return Outcome(Verdict.LINK, f"HTTP {status} without this item's id in the "
                       "body: not an acknowledgement", status)
    if status in REFUSED:
        return Outcome(Verdict.FAILED, f"HTTP {status}: {_server_reason(body)}", status)
    if status in AUTH_REFUSED:
        return Outcome(Verdict.SUSPECT, f"HTTP {status}: {_server_reason(body)}", status)
    server_now = parse_http_date(headers.get("Date"))
    retry_after = parse_retry_after(headers.get("Retry-After"),
                                    now if server_now is None else server_now)
    if status == NETWORK_AUTH_REQUIRED:
        return Outcome(Verdict.LINK, "HTTP 511: the network wants a sign-in (captive "
                       "portal)", status)
    if status in RETRYABLE or status >= 500:
        return Outcome(Verdict.BUSY, f"HTTP {status}", status, retry_after)
    if 400 <= status < 500:
        return Outcome(Verdict.SUSPECT, f"HTTP {status}: {_server_reason(body)}", status)
    if 300 <= status < 400:
        return Outcome(Verdict.LINK, f"HTTP {status} redirect, not followed "
                       "(captive portal?)", status)
    if status == 200:
        return Outcome(Verdict.LINK, "HTTP 200 is not an acknowledgement "
                       "(captive portal?)", status)
    return Outcome(Verdict.LINK, f"unexpected HTTP {status}", status)


class ProbeResult(StrEnum):
    """What a heartbeat says about the uplink (it is also the probe of a down link)."""

    OK = "ok"  # the centre took it: link up, token accepted
    AUTH = "auth"  # the centre refused our token (or this kiosk's id)
    BUSY = "busy"  # the centre answered, but busy
    LINK = "link"  # no answer from the centre
    WRONG = "wrong"  # an answer the centre never gives here (wrong URL, a proxy)


@dataclass(frozen=True)
class Probe:
    result: ProbeResult
    reason: str
    retry_after_s: float | None = None
    server_date: float | None = None
    received_at: float | None = None


def classify_probe(status: int, headers: Mapping[str, str], now: float) -> Probe:
    if status in (200, 204):
        return Probe(ProbeResult.OK, f"HTTP {status}")
    if status == 400:  # the centre checked our token first, then refused the body
        return Probe(ProbeResult.OK, "HTTP 400: the command centre refused the heartbeat "
                     "body (token accepted)")
    if status in AUTH_REFUSED:
        return Probe(ProbeResult.AUTH, f"HTTP {status}: the command centre refuses our "
                     "token for this kiosk")
    server_now = parse_http_date(headers.get("Date"))
    retry_after = parse_retry_after(headers.get("Retry-After"),
                                    now if server_now is None else server_now)
    if status == NETWORK_AUTH_REQUIRED or 300 <= status < 400:
        return Probe(ProbeResult.LINK, f"HTTP {status}: captive portal?")
    if status in RETRYABLE or status >= 500:
        return Probe(ProbeResult.BUSY, f"HTTP {status}", retry_after)
    return Probe(ProbeResult.WRONG, f"HTTP {status} to a heartbeat: is [server] url "
                 "right?")


@dataclass(frozen=True)
class Read:
    """What the answer to one of the uploader's own GETs/POSTs means (messages, acks,
    lookups): `data` is the JSON body of a 200 that is JSON, else None with the reason."""

    data: Any
    reason: str
    retry_after_s: float | None = None


def classify_read(status: int, headers: Mapping[str, str], body: bytes, now: float) -> Read:
    """A 200 with a JSON body (`application/json`, parsed strictly) is an answer;
    anything else (a captive portal's HTML 200, a redirect, 4xx/5xx) is not, with the
    Retry-After of a busy centre read as `classify` reads it."""
    if status == 200:
        kind = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            return Read(None, f"HTTP 200 that is not JSON ({kind[:40] or 'no type'}): "
                        "captive portal?")
        try:
            return Read(parse_json(body), "HTTP 200")
        except JsonInvalid as exc:
            return Read(None, f"HTTP 200 with invalid JSON: {exc}")
    server_now = parse_http_date(headers.get("Date"))
    retry_after = parse_retry_after(headers.get("Retry-After"),
                                    now if server_now is None else server_now)
    if status in (*AUTH_REFUSED, *REFUSED) or 400 <= status < 500:
        return Read(None, f"HTTP {status}: {_server_reason(body)}", retry_after)
    return Read(None, f"HTTP {status}", retry_after)


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


class Token:
    """The bearer token, shared by every connection of the uploader; re-read on demand
    (a technician may have rotated `token_file`)."""

    def __init__(self, server: ServerSection) -> None:
        self._server = server
        self.value = server.read_token()

    def refresh(self) -> None:
        with suppress(ConfigError):  # keep the old one if the file is unreadable now
            self.value = self._server.read_token()

    def file_stamp(self) -> float | None:
        """mtime of token_file (a change there is worth a heartbeat at once)."""
        if self._server.token_file is None:
            return None
        try:
            return self._server.token_file.stat().st_mtime
        except OSError:
            return None


class HttpClient:
    """One keep-alive `requests.Session` to the command centre (one per thread that
    sends: a Session is not shared between threads). TLS is always verified."""

    def __init__(self, server: ServerSection, *, session: requests.Session | None = None,
                 clock: Callable[[], float] = time.time, token: Token | None = None) -> None:
        self._server = server
        self._base = server.url.rstrip("/")
        self.token = token or Token(server)
        self._verify: str | bool = str(server.ca_bundle) if server.ca_bundle else True
        self._session = session or requests.Session()
        self._clock = clock

    def refresh_token(self) -> None:
        """Re-read the token (token_file may have been rotated); keep the old on error."""
        self.token.refresh()

    def _request(self, method: str, path: str, *, data: bytes | None = None,
                 headers: dict[str, str] | None = None,
                 stream: bool = False) -> requests.Response:
        all_headers = {"Authorization": f"Bearer {self.token.value}", **(headers or {})}
        return self._session.request(method, self._base + path, data=data,
                                     headers=all_headers, timeout=self._server.timeout_s,
                                     allow_redirects=False, verify=self._verify,
                                     stream=stream)

    def post_item(self, item: ClaimedItem) -> Outcome:
        """POST the item's frozen bytes with its id as the Idempotency-Key."""
        try:
            resp = self._request("POST", item.kind.endpoint, data=item.payload,
                                 headers={"Idempotency-Key": item.id,
                                          "Content-Type": "application/json"})
        except requests.RequestException as exc:
            return Outcome(Verdict.LINK, _exception_reason(exc, self._server.timeout_s))
        with resp:
            now = self._clock()
            outcome = classify(item.id, resp.status_code, resp.headers, resp.content, now)
        if outcome.verdict is Verdict.DELIVERED:  # the centre's own answer: its clock
            return replace(outcome, server_date=parse_http_date(resp.headers.get("Date")),
                           received_at=now)
        return outcome

    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> Probe:
        """Send a heartbeat: what it says about the link, the token and the clock."""
        data = json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")
        try:
            resp = self._request("POST", f"/kiosks/{kiosk_id}/heartbeat", data=data,
                                 headers={"Content-Type": "application/json"})
        except requests.RequestException as exc:
            return Probe(ProbeResult.LINK, _exception_reason(exc, self._server.timeout_s))
        with resp:
            now = self._clock()
            probe = classify_probe(resp.status_code, resp.headers, now)
        if probe.result is ProbeResult.OK:
            return replace(probe, server_date=parse_http_date(resp.headers.get("Date")),
                           received_at=now)
        return probe

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

    def read(self, method: str, path: str, body: dict[str, Any] | None = None,
             *, max_bytes: int = 256 * 1024) -> Read:
        """One of the uploader's own requests (messages, acks, lookups), classified.
        A body larger than `max_bytes` is refused unread beyond that."""
        data = None if body is None else json.dumps(body).encode("ascii")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        try:
            resp = self._request(method, path, data=data, headers=headers, stream=True)
        except requests.RequestException as exc:
            return Read(None, _exception_reason(exc, self._server.timeout_s))
        with resp:
            chunks: list[bytes] = []
            size = 0
            try:
                # Read to the end (the connection then goes back to the keep-alive
                # pool), but never more than max_bytes into memory.
                for chunk in resp.iter_content(chunk_size=16384):
                    size += len(chunk)
                    if size > max_bytes:
                        return Read(None, f"answer larger than {max_bytes // 1024} KiB")
                    chunks.append(chunk)
            except (requests.RequestException, OSError, ValueError) as exc:
                return Read(None, f"reading the answer failed: {type(exc).__name__}")
            return classify_read(resp.status_code, resp.headers, b"".join(chunks),
                                 self._clock())

    def close(self) -> None:
        self._session.close()
