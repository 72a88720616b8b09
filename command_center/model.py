"""Typed records of the command centre and the 110 flow's rules.

A report moves received → acknowledged → dispatched → closed; an operator may mark it
invalid (a prank) at any point before it is closed. Whether a report is genuine
(`Validity`) is recorded separately from how far it has got (`Status`), because an
operator often knows it is real before anyone is dispatched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from wire.report import WIB
from wire.status import OperatorStatus

E = TypeVar("E", bound=StrEnum)
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


# The next step of the flow, offered first and large; marking valid or invalid is a
# judgement, never the shortcut.
_FORWARD = (Action.ACKNOWLEDGE, Action.DISPATCH, Action.CLOSE)


def primary_action(status: Status, validity: Validity) -> Action | None:
    """The flow's next step for a report, if any (None once it is closed)."""
    if status is Status.INVALID:
        return Action.CLOSE
    return next((a for a in _FORWARD if allowed(a, status, validity)), None)


def wib_text(epoch: Any) -> str:
    """A stored time as Jakarta local time, for pages and exports. Never raises: a
    value that is not a possible time is shown as it is."""
    if epoch is None:
        return "—"
    return _stored_time(epoch, lambda t: t.strftime("%Y-%m-%d %H:%M:%S WIB"))


def rfc3339_epoch(epoch: Any) -> str:
    return _stored_time(epoch, lambda t: t.isoformat(timespec="seconds"))


def _stored_time(epoch: Any, text: Callable[[datetime], str]) -> str:
    """`text` of the stored time in Jakarta; a value that is not one, as it is."""
    try:
        return text(datetime.fromtimestamp(epoch, WIB))
    except (TypeError, ValueError, OverflowError, OSError):
        return str(epoch)


@dataclass(frozen=True)
class Place:
    """Where a kiosk stands: registered with `add-kiosk`, or as a kiosk claims it."""

    station: str
    lat: float
    lon: float


@dataclass(frozen=True)
class ReportRow:
    """A stored report: the indexed columns plus the body exactly as the kiosk sent it.

    `station`/`lat`/`lon` are what operators are shown: the kiosk's registered place
    when it has one (the body keeps what the kiosk claimed). `flags` are the centre's
    own findings (command_center.flags), `damaged` names the columns that could not be
    read as stored (shown raw on the page instead of breaking it)."""

    id: str
    ticket: str
    kiosk_id: str
    station: str
    lat: float | None
    lon: float | None
    category: str
    priority: str
    language: str
    created_at: str
    received_at: float
    status: Status
    validity: Validity
    updated_at: float
    body: dict[str, Any]
    flags: tuple[str, ...] = ()
    damaged: tuple[str, ...] = ()
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def acknowledged(self) -> bool:
        """An operator has looked at it (anything but still `received`)."""
        return self.status is not Status.RECEIVED


def action_label(action: object) -> str:
    """An action's label; a stored code this version does not know, as it is."""
    found = known(Action, str(action))
    return found.label if isinstance(found, Action) else found


def known(kind: type[E], code: str) -> E | str:
    """The member of `kind` stored as `code`; a code this version does not know (written
    by a newer one), as it is: shown or passed on by its code, never an error."""
    try:
        return kind(code)
    except ValueError:
        return code


@dataclass(frozen=True)
class Change:
    report_id: str
    at: float
    operator: str
    action: Action | str
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
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class KioskRow:
    """A registered kiosk. `place` is its registered place (None: registered without
    one); `station`/`lat`/`lon` are what the fleet board shows: the registered place,
    else the place its latest report or event claimed (`place_claimed` is then True)."""

    id: str
    registered_at: float
    station: str | None
    lat: float | None
    lon: float | None
    last_heartbeat_at: float | None
    heartbeat: dict[str, Any] | None
    place: Place | None = None
    place_claimed: bool = False


@dataclass(frozen=True)
class Session:
    """A signed-in operator's session (kept on the server; the cookie holds only a
    random token whose hash is the key)."""

    operator: str
    expires_at: float
    csrf: str


@dataclass(frozen=True)
class InboxPage:
    """One page of the inbox and what is not on it."""

    rows: list[ReportRow]
    page: int
    page_size: int
    total: int                 # reports matching the view (all pages)
    open_total: int            # open reports in the whole inbox
    open_emergencies: int      # of which emergencies
    flooded: int               # open emergencies flagged as a flood

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * self.page_size + len(self.rows)

    @property
    def open_not_shown(self) -> int:
        return max(0, self.open_total - sum(1 for r in self.rows if r.is_open))


class Outcome(StrEnum):
    """What storing an incoming report or event did."""

    CREATED = "created"      # 201
    DUPLICATE = "duplicate"  # 202: same id, same body
    CONFLICT = "conflict"    # 422: same id, different body


# -- partner agencies and forwarding (issue 16) ----------------------------------------


@dataclass(frozen=True)
class Partner:
    """An agency the centre forwards CAP alerts to (Damkar, BPBD, an ambulance
    service): which of our categories go to it, and where. A routing row, not code;
    meant to become a unit of the tiered network (issue 15)."""

    id: str
    name: str
    url: str
    categories: tuple[str, ...]
    enabled: bool = True


class ForwardState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"      # refused for good by the partner: a dead letter


@dataclass(frozen=True)
class Forward:
    """One CAP message of a report on its way to one partner (the centre's outbox)."""

    seq: int
    report_id: str
    partner_id: str
    message: int           # 0 = the Alert, n = the Update after the n-th action
    identifier: str        # the CAP identifier: the partner's idempotency key
    state: ForwardState
    attempts: int
    next_attempt_at: float
    created_at: float
    delivered_at: float | None = None
    last_error: str | None = None
