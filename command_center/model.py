"""Typed records of the command centre and the 110 flow's rules.

A report moves received → acknowledged → dispatched → closed; an operator may mark it
invalid (a prank) at any point before it is closed. Whether a report is genuine
(`Validity`) is recorded separately from how far it has got (`Status`), because an
operator often knows it is real before anyone is dispatched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from wire.report import WIB
from wire.status import OperatorStatus

# The vocabulary is the wire contract's: the kiosk reads these same values back.
Status = OperatorStatus


class Validity(StrEnum):
    UNKNOWN = "unknown"
    VALID = "valid"
    INVALID = "invalid"


class Action(StrEnum):
    MARK_VALID = "mark_valid"
    MARK_INVALID = "mark_invalid"
    ACKNOWLEDGE = "acknowledge"
    DISPATCH = "dispatch"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return {"mark_valid": "Mark valid", "mark_invalid": "Mark invalid (prank)",
                "acknowledge": "Acknowledge", "dispatch": "Dispatch",
                "close": "Close"}[self.value]


# (statuses the action may start from, status after; None = unchanged)
_RULES: dict[Action, tuple[frozenset[Status], Status | None]] = {
    Action.MARK_VALID: (frozenset({Status.RECEIVED, Status.ACKNOWLEDGED,
                                   Status.DISPATCHED}), None),
    Action.MARK_INVALID: (frozenset({Status.RECEIVED, Status.ACKNOWLEDGED,
                                     Status.DISPATCHED}), Status.INVALID),
    Action.ACKNOWLEDGE: (frozenset({Status.RECEIVED}), Status.ACKNOWLEDGED),
    Action.DISPATCH: (frozenset({Status.RECEIVED, Status.ACKNOWLEDGED}), Status.DISPATCHED),
    Action.CLOSE: (frozenset({Status.RECEIVED, Status.ACKNOWLEDGED, Status.DISPATCHED,
                              Status.INVALID}), Status.CLOSED),
}


def allowed(action: Action, status: Status, validity: Validity) -> bool:
    starts, _ = _RULES[action]
    if action is Action.MARK_VALID and validity is Validity.VALID:
        return False
    return status in starts


def apply(action: Action, status: Status, validity: Validity) -> tuple[Status, Validity]:
    """The status and validity after `action`. Call only when `allowed`."""
    _, after = _RULES[action]
    if action is Action.MARK_VALID:
        validity = Validity.VALID
    elif action is Action.MARK_INVALID:
        validity = Validity.INVALID
    return after or status, validity


def available(status: Status, validity: Validity) -> list[Action]:
    return [a for a in Action if allowed(a, status, validity)]


def wib_text(epoch: float | None) -> str:
    """A stored time as Jakarta local time, for pages and exports."""
    if epoch is None:
        return "—"
    return datetime.fromtimestamp(epoch, WIB).strftime("%Y-%m-%d %H:%M:%S WIB")


def rfc3339_epoch(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, WIB).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ReportRow:
    """A stored report: the indexed columns plus the body exactly as the kiosk sent it."""

    id: str
    ticket: str
    kiosk_id: str
    station: str
    lat: float
    lon: float
    category: str
    priority: str
    language: str
    created_at: str
    received_at: float
    status: Status
    validity: Validity
    updated_at: float
    body: dict[str, Any]

    @property
    def acknowledged(self) -> bool:
        """An operator has looked at it (anything but still `received`)."""
        return self.status is not Status.RECEIVED


@dataclass(frozen=True)
class Change:
    report_id: str
    at: float
    operator: str
    action: Action
    status: Status
    validity: Validity
    note: str


@dataclass(frozen=True)
class EventRow:
    id: str
    kiosk_id: str
    type: str
    priority: str
    created_at: str
    received_at: float
    data: dict[str, Any]


@dataclass(frozen=True)
class KioskRow:
    id: str
    registered_at: float
    station: str | None
    lat: float | None
    lon: float | None
    last_heartbeat_at: float | None
    heartbeat: dict[str, Any] | None


class Outcome(StrEnum):
    """What storing an incoming report or event did."""

    CREATED = "created"      # 201
    DUPLICATE = "duplicate"  # 202: same id, same body
    CONFLICT = "conflict"    # 422: same id, different body
