"""The phone's local protocol: JSON lines over a Unix stream socket.

The phone process listens on `phone.sock` in its runtime directory (default
`/run/kiosk110-phone/phone.sock`; `KIOSK110_PHONE_SOCKET` overrides it for clients).
Every message is one UTF-8 JSON object on one line, at most `MAX_LINE` bytes.

Phone → client (`"type"`), each sent on every change, and all of them once, in this
order, right after a client connects (so a client started mid-call is up to date):
    hello       {"protocol": 1, "pid", "kiosk", "emergency_numbers", "test_number"}
    hook        {"off_hook": bool}
    call        {"status": CallStatus as a dict (see `status_to_dict`)}
    technician  {"active": bool}          a technician's test call owns the handset
    health      {"items": [Health as a dict, ...]}   modem, hook, phone (its config)
    reply       {"id", "ok": bool, "error": str, ...}  to a command that carried an id

Client → phone (`"cmd"`, optional `"id"` for a reply):
    call-emergency   {"trigger": "button"}   dials unless a call is up ("dialled")
    test-call        {"number": optional, "explicit": bool}   the test number, or the
                     given one; an emergency number only when explicit (test-call
                     --number); the client becomes the technician until the call ends
    hang-up          {}
    technician-begin {} / technician-end {}  a technician session (maintenance mode)
    health           {}   replies with "items"
    ping             {}

A client that disconnects ends the technician session it began, and hangs up a test
call it started; an emergency call is never touched by a client going away.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from core.health import Health
from core.ports import CallPhase, CallStatus, EndReason

PROTOCOL = 1
MAX_LINE = 4096
SOCKET_NAME = "phone.sock"
DEFAULT_RUNTIME_DIR = Path("/run/kiosk110-phone")
SOCKET_ENV = "KIOSK110_PHONE_SOCKET"

# Message types and commands, spelled once.
HELLO, HOOK, CALL, TECHNICIAN, HEALTH, REPLY = (
    "hello", "hook", "call", "technician", "health", "reply")
CALL_EMERGENCY, TEST_CALL, HANG_UP = "call-emergency", "test-call", "hang-up"
TECHNICIAN_BEGIN, TECHNICIAN_END, HEALTH_CMD, PING = (
    "technician-begin", "technician-end", "health", "ping")
COMMANDS = frozenset({CALL_EMERGENCY, TEST_CALL, HANG_UP, TECHNICIAN_BEGIN, TECHNICIAN_END,
                      HEALTH_CMD, PING})


class ProtocolError(ValueError):
    """A line that is not a message of this protocol."""


def socket_path(env: dict[str, str] | None = None) -> Path:
    """Where clients find the phone: $KIOSK110_PHONE_SOCKET or the default."""
    value = (os.environ if env is None else env).get(SOCKET_ENV, "")
    return Path(value) if value else DEFAULT_RUNTIME_DIR / SOCKET_NAME


def encode(message: dict[str, Any]) -> bytes:
    line = json.dumps(message, separators=(",", ":"), ensure_ascii=True).encode() + b"\n"
    if len(line) > MAX_LINE:
        raise ProtocolError(f"message of {len(line)} bytes is over {MAX_LINE}")
    return line


def decode(line: bytes) -> dict[str, Any]:
    """One received line as a message; ProtocolError when it is not one."""
    if len(line) > MAX_LINE:
        raise ProtocolError("line too long")
    try:
        message = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError("not a JSON object")
    return message


def status_to_dict(status: CallStatus) -> dict[str, Any]:
    return {"phase": status.phase.value, "number": status.number,
            "attempt": status.attempt, "attempts": status.attempts,
            "reason": status.reason.value if status.reason else None,
            "detail": status.detail, "connected_at": status.connected_at,
            "emergency": status.emergency, "trouble": status.connection_trouble}


def status_from_dict(d: Any) -> CallStatus:
    """The CallStatus in `d`; ProtocolError when a field is missing or wrong.
    `connected_at` is CLOCK_MONOTONIC, which every process of the box shares."""
    if not isinstance(d, dict):
        raise ProtocolError("status is not an object")
    try:
        connected = d.get("connected_at")
        return CallStatus(
            phase=CallPhase(d["phase"]), number=str(d.get("number", "")),
            attempt=int(d.get("attempt", 1)), attempts=int(d.get("attempts", 1)),
            reason=EndReason(d["reason"]) if d.get("reason") else None,
            detail=str(d.get("detail", "")),
            connected_at=float(connected) if connected is not None else None,
            emergency=bool(d.get("emergency", True)),
            connection_trouble=bool(d.get("trouble", False)))
    except (KeyError, ValueError, TypeError) as exc:
        raise ProtocolError(f"bad call status: {exc}") from None


def health_from_list(items: Any) -> list[Health]:
    if not isinstance(items, list):
        raise ProtocolError("health items are not a list")
    try:
        return [Health.from_dict(item) for item in items]
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ProtocolError(f"bad health item: {exc}") from None
