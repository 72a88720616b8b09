"""The one interface to everything the command centre keeps; engines implement it.

`SqliteStore` (`command_center.sqlite`) is the embedded default. A PostgreSQL engine
implements the same methods and passes the same contract tests
(`tests/command_center/store_contract.py`, huey's StorageTests pattern). The rules
that are not about storage — what a flag means, how long a sign-in waits, which
action the 110 flow allows — live outside the engines (`flags`, `auth`, `model`), so
two engines cannot drift apart on them.

Reads never raise on a stored value: a row that cannot be read as expected is returned
with the raw text and its `damaged` columns named (`command_center.rows`), so one bad
row can never blank a list or break a page.

Kiosk writes (`put_report`, `put_event`, `put_heartbeat`) are coroutines: they return
once the write is durable, without blocking the event loop. Everything else is
synchronous and may be called from a worker thread.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from command_center.conversation import KioskMessage
from command_center.live import ChangeFeed, LiveChange
from command_center.model import (
    Action,
    Change,
    EventRow,
    Forward,
    InboxPage,
    KioskRow,
    Outcome,
    Partner,
    Place,
    ReportRow,
    Session,
)
from command_center.network import Call, CallNote, Hop, Member, Move, Route, Rule, Unit
from wire.report import Event, Report


@dataclass(frozen=True)
class KioskIdentity:
    """The kiosk a token belongs to: what the API needs to judge its items."""

    id: str
    registered_at: float
    place: Place | None


@dataclass(frozen=True)
class Incoming:
    """An item that passed the gate, with what the centre adds to it."""

    canonical: str          # the body as canonical JSON (keys sorted, no spaces)
    digest: str             # SHA-256 of `canonical`: same id + same digest = a repeat
    received_at: float      # our clock: what orders, ages and deadlines use
    flags: tuple[str, ...]  # command_center.flags codes
    place: Place            # what operators are shown (the registered place if any)


@dataclass(frozen=True)
class ThrottleKey:
    """One sign-in throttle counter: `free` failures cost nothing, then each further
    one doubles the wait up to `max_delay_s` (see `auth.throttle_wait`)."""

    key: str
    free: int
    max_delay_s: float


class Store(ABC):
    """Everything the command centre keeps. See the module docstring for the rules."""

    # True where a read is a round trip to a database server (PostgreSQL): the kiosk
    # API then makes its per-request reads (token, quota, status) in a worker thread,
    # not on the event loop. SQLite's are local WAL reads of microseconds, made inline.
    reads_block: bool = False

    @abstractmethod
    def close(self) -> None: ...

    # -- kiosks ------------------------------------------------------------------------

    @abstractmethod
    def add_kiosk(self, kiosk_id: str, place: Place | None = None) -> str:
        """Register a kiosk (AlreadyExists); returns its token (only a hash is kept)."""

    @abstractmethod
    def set_kiosk_place(self, kiosk_id: str, place: Place) -> None:
        """Register where the kiosk stands (NotFound)."""

    @abstractmethod
    def rotate_kiosk_token(self, kiosk_id: str) -> str:
        """A new token for the kiosk; the old one stops working (NotFound)."""

    @abstractmethod
    def kiosk_for_token(self, token: str) -> KioskIdentity | None: ...

    @abstractmethod
    def kiosks(self) -> list[KioskRow]:
        """Every registered kiosk, by id, with its latest heartbeat."""

    @abstractmethod
    def usage_bytes(self, kiosk_id: str, since: float) -> int:
        """Bytes of reports and events the kiosk had stored since `since` (its quota)."""

    @abstractmethod
    def recent_reports(self, kiosk_id: str, since: float) -> int:
        """Reports from the kiosk received since `since` (flood detection)."""

    # -- what kiosks send ----------------------------------------------------------------

    @abstractmethod
    async def put_report(self, report: Report, incoming: Incoming) -> Outcome:
        """Store a new report once: CREATED, DUPLICATE (same id, same digest) or
        CONFLICT (same id, other body; the first stays). Also counts the bytes against
        the kiosk's usage. Raises StoreError when the database cannot be written."""

    @abstractmethod
    async def put_event(self, event: Event, incoming: Incoming) -> Outcome:
        """As put_report, for events."""

    @abstractmethod
    async def put_heartbeat(self, kiosk_id: str, body: dict[str, object],
                            received_at: float) -> None:
        """Keep the kiosk's latest heartbeat (StoreError)."""

    # -- reports -------------------------------------------------------------------------

    @abstractmethod
    def report(self, report_id: str) -> ReportRow | None: ...

    @abstractmethod
    def reports_by_ticket(self, ticket: str) -> list[ReportRow]:
        """Reports with this ticket code (codes can collide), newest received first."""

    @abstractmethod
    def inbox(self, page: int = 1, page_size: int = 50, open_only: bool = False) -> InboxPage:
        """One page of the inbox, in this order: open emergencies not flagged as a
        flood, then open emergencies flagged as a flood — within both, kiosks take
        turns (each kiosk's newest, then each kiosk's second newest, …) — then
        everything else. "Newest" is always by *our* receive order, never a kiosk's
        clock."""

    @abstractmethod
    def all_reports(self) -> Iterator[ReportRow]:
        """Every report in the order received: for exports."""

    @abstractmethod
    def changes(self, report_id: str) -> list[Change]:
        """The report's history, oldest first."""

    @abstractmethod
    def act(self, report_id: str, action: Action, operator: str, note: str = "") -> ReportRow:
        """Apply an operator's action in one transaction, recording who, when and the
        note (NotFound, InvalidTransition when the 110 flow does not allow it)."""

    @abstractmethod
    def events(self, kiosk_id: str | None = None, types: Sequence[str] = (),
               since: float = 0.0, limit: int = 200) -> list[EventRow]:
        """Events received since `since`, newest first."""

    # -- the live inbox's change log (command_center.live) ------------------------------

    @abstractmethod
    def change_seq(self) -> int:
        """The sequence number of the latest committed change (0: none yet)."""

    @abstractmethod
    def changes_since(self, after_seq: int, limit: int = 500) -> list[LiveChange]:
        """Changes after `after_seq`, oldest first. Every stored report and event, every
        operator action and every escalation is one change, written in the same
        transaction as what it describes; sequence order is commit order (a reader
        that has seen N never later finds a change below N). On SQLite the single
        writer gives that for free; an engine with concurrent writers must take the
        number under a lock held to commit (e.g. an UPDATE … RETURNING of a one-row
        counter), since a bare sequence's nextval is not in commit order."""

    @abstractmethod
    def change_feed(self) -> ChangeFeed:
        """The waker of this engine (one per store; it outlives no `close`)."""

    # -- operators, sessions, sign-in throttle, audit -----------------------------------

    @abstractmethod
    def add_operator(self, name: str, password: str) -> None:
        """AlreadyExists when the name is taken."""

    @abstractmethod
    def set_password(self, name: str, password: str) -> None:
        """A new password; every session of the operator ends (NotFound)."""

    @abstractmethod
    def set_operator_enabled(self, name: str, enabled: bool) -> None:
        """Disable (every session ends at once, sign-in refused) or enable (NotFound)."""

    @abstractmethod
    def operator_password_hash(self, name: str) -> str | None:
        """The password hash of an enabled operator; None for unknown or disabled."""

    @abstractmethod
    def create_session(self, operator: str, token_hash: str, csrf: str, now: float,
                       expires_at: float) -> Session: ...

    @abstractmethod
    def session(self, token_hash: str, now: float, idle_s: float) -> Session | None:
        """The live session with this token hash, or None (unknown, expired, idle for
        longer than `idle_s`, or its operator disabled). Records the activity."""

    @abstractmethod
    def end_session(self, token_hash: str) -> None: ...

    @abstractmethod
    def login_attempt(self, keys: Sequence[ThrottleKey], now: float,
                      forget_after_s: float) -> float:
        """Seconds the caller must still wait (> 0: refused, nothing recorded); or 0,
        after recording this attempt as a failure on every key *before* the password is
        checked, atomically, so concurrent guesses cannot slip through together.
        Counters idle for `forget_after_s` start again; the number kept is bounded."""

    @abstractmethod
    def login_succeeded(self, keys: Sequence[ThrottleKey]) -> None:
        """The password was right: clear the first key (user + address) and take back
        this attempt from the others."""

    @abstractmethod
    def audit(self, operator: str, action: str, detail: str, at: float) -> None:
        """Record an operator action that is not a report's history (an export with
        personal data, with its reason)."""

    @abstractmethod
    def audit_log(self, limit: int = 100) -> list[tuple[float, str, str, str]]:
        """(at, operator, action, detail), newest first."""

    # -- partner agencies and the forwarding outbox (issue 16) -------------------------

    @abstractmethod
    def put_partner(self, partner: Partner) -> None:
        """Register or update a partner agency (its routing row)."""

    @abstractmethod
    def partners(self) -> list[Partner]:
        """Every partner, by id."""

    @abstractmethod
    def reports_changed_since(self, since: float, categories: Sequence[str],
                              limit: int = 500) -> list[ReportRow]:
        """Reports of `categories` whose updated_at (our clock: received, or acted
        on) is at or after `since`, oldest change first: what the forwarder looks at."""

    @abstractmethod
    def ensure_forward(self, report_id: str, partner_id: str, message: int,
                       identifier: str, now: float) -> bool:
        """Queue this message for this partner once (True: it was new). Idempotent:
        (partner_id, identifier) is unique."""

    @abstractmethod
    def claim_forwards(self, now: float, limit: int, lease_s: float) -> list[Forward]:
        """Due pending forwards, oldest first, leased for `lease_s` (a crashed
        forwarder's claims are due again when the lease ends)."""

    @abstractmethod
    def settle_forward(self, seq: int, *, now: float, delivered: bool = False,
                       retry_at: float | None = None, failed: bool = False,
                       error: str | None = None) -> None:
        """Delivered, due again at `retry_at` (with the error), or failed for good."""

    @abstractmethod
    def forwards(self, report_id: str) -> list[Forward]:
        """Every forward of the report, in the order queued (the report page)."""

    # -- the text channel (issue 15): operator messages to a kiosk session ------------
    # New section, self-contained: SQLite in command_center/sqlite/messages.py, the
    # contract in tests/command_center/messages_contract.py. (*Report status by code*
    # needs no method of its own: `reports_by_ticket`.)

    @abstractmethod
    def add_kiosk_message(self, kiosk_id: str, session: str, text: str, operator: str,
                          at: float) -> KioskMessage:
        """Store an operator's reply for a kiosk session, numbered after every earlier
        message of that kiosk (seq 1, 2, …, atomically: two operators never share one)."""

    @abstractmethod
    def kiosk_messages(self, kiosk_id: str, after: int, limit: int = 100
                       ) -> list[KioskMessage]:
        """The kiosk's messages with seq > `after`, oldest first, at most `limit`."""

    @abstractmethod
    def ack_kiosk_messages(self, kiosk_id: str, up_to: int, at: float) -> int:
        """Mark the kiosk's messages with seq <= `up_to` delivered (those not yet);
        how many were marked. Another kiosk's messages are never touched."""

    @abstractmethod
    def session_messages(self, kiosk_id: str, session: str) -> list[KioskMessage]:
        """Every message to this kiosk session, oldest first (the operator's page)."""

    # -- the 110 network (issue 15): units, routing rows, routes, calls -----------------
    # Records and rules are in `command_center.network`; the contract tests in
    # tests/command_center/network_contract.py (NetworkContract).

    @abstractmethod
    def put_unit(self, unit: Unit) -> None:
        """Add or update a unit (the caller checks it fits: `Network.check`)."""

    @abstractmethod
    def units(self) -> list[Unit]:
        """Every unit, by id."""

    @abstractmethod
    def put_rule(self, rule: Rule) -> None:
        """Add or replace the routing row of (unit, priority) (NotFound: no such unit)."""

    @abstractmethod
    def rules(self) -> list[Rule]:
        """Every routing row, by unit and priority."""

    @abstractmethod
    def assign_kiosk(self, kiosk_id: str, unit_id: str | None) -> None:
        """Where the kiosk's items land (None: the nearest Polres again). NotFound for an
        unknown kiosk or unit."""

    @abstractmethod
    def kiosk_units(self) -> dict[str, str]:
        """kiosk id → assigned unit id, for the kiosks that have one."""

    @abstractmethod
    def set_member(self, member: Member) -> None:
        """Put an operator in a unit with a role (unit None: everything, as Mabes).
        NotFound for an unknown operator or unit."""

    @abstractmethod
    def member(self, operator: str) -> Member:
        """The operator's unit and role; Member(operator) when never set."""

    @abstractmethod
    def open_route(self, route: Route, hop: Hop) -> bool:
        """Put a new item in its first unit, recording `hop`, once: False (and nothing
        written) when the item already has a route. Idempotent, so a kiosk's retry of an
        item whose first answer was lost repairs a route a crash left unwritten."""

    @abstractmethod
    def route(self, item_id: str) -> Route | None:
        """The item's route, with `acknowledged` and `open` read from the item: a report
        is acknowledged once its status is no longer `received` and open while its
        status is open; a call once picked up, and open until it is both ended and
        picked up."""

    @abstractmethod
    def routes_in(self, unit_ids: Sequence[str] | None, limit: int = 200) -> list[Route]:
        """Open routes of these units (None: of every unit), the earliest deadline
        first (acknowledged ones after every unacknowledged one)."""

    @abstractmethod
    def session_routes(self, kiosk_id: str, session: str) -> list[Route]:
        """Every route of the kiosk's items of this session (a report and its call),
        oldest first."""

    @abstractmethod
    def move_route(self, item_id: str, from_unit: str, move: Move, hop: Hop) -> Route:
        """Move the item from `from_unit` (compare-and-set, one transaction) and record
        `hop`. NotFound: no route; InvalidTransition: it is no longer in `from_unit`
        (someone else moved it first)."""

    @abstractmethod
    def escalate_overdue(self, now: float, plan: Callable[[Route], Move | None],
                         actor: str, limit: int = 100) -> list[Hop]:
        """Claim up to `limit` routes that are overdue at `now` (unacknowledged, deadline
        passed, with a next unit), each exactly once even when several processes sweep
        at the same time, move each where `plan` says (None: leave it) and record an
        ESCALATED hop by `actor` — in one transaction. The hops made, oldest deadline
        first."""

    @abstractmethod
    def hops(self, item_id: str) -> list[Hop]:
        """The item's moves, oldest first (the report or call page's history)."""

    @abstractmethod
    def put_call(self, call: Call) -> bool:
        """Record a kiosk's call once (False: already known)."""

    @abstractmethod
    def end_call(self, kiosk_id: str, session: str | None, at: float) -> Call | None:
        """The kiosk's latest unended call of this session (any, for session None)
        ends at `at`; None when there is none."""

    @abstractmethod
    def call(self, call_id: str) -> Call | None: ...

    @abstractmethod
    def acknowledge_call(self, call_id: str, operator: str, at: float) -> Call:
        """An operator has the call (NotFound; InvalidTransition: picked up already)."""

    @abstractmethod
    def add_call_note(self, note: CallNote) -> None:
        """Attach an operator's note to a call (NotFound)."""

    @abstractmethod
    def call_notes(self, call_id: str) -> list[CallNote]:
        """The call's notes, oldest first."""
