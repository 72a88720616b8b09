"""Maintenance mode's core: the technician PIN, the lockout, the session, accountability.

Plain Python (no Qt) so the rules are tested without a screen and shared by the console
commands (`set-pin`, `unlock-maintenance`) and the maintenance screens.

- The PIN is stored only as a salted scrypt hash (rules and hashing: kiosk/pin.py).
- Wrong PINs are counted in a file in data_dir, so a reboot or an app restart does not
  reset the count: after 3 failures each further try waits longer (5 s, 10 s, 20 s ...
  capped at 5 min); after 10 maintenance stays locked until `unlock-maintenance`.
- Every technician action is logged and queued as an `Event` for the command centre;
  event data never carries digits typed on the PIN pad nor personal data.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from core.config import Config
from core.health import read_snapshot, write_snapshot
from core.pin import (
    MaintenanceError,
    PinHash,
    PinHashInvalid,
    PinRejected,
    hash_pin,
    pin_problem,
    verify_pin,
)
from wire.categories import Priority
from wire.logs import event as log_event
from wire.report import Event, KioskInfo

log = logging.getLogger(__name__)

__all__ = ["MaintenanceError", "PinHashInvalid", "PinRejected", "hash_pin", "pin_problem",
           "verify_pin"]

Clock = Callable[[], float]

# ---------------------------------------------------------------- failed attempts

ATTEMPTS_FILE = "maintenance-attempts.json"
FREE_TRIES = 3            # wrong PINs before the first delay
LOCKOUT_AFTER = 10        # wrong PINs before the console must unlock
FIRST_DELAY_S = 5.0
MAX_DELAY_S = 300.0


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` consecutive wrong PINs: 0, …, 5, 10, 20 … ≤ 300."""
    if failures < FREE_TRIES:
        return 0.0
    return min(FIRST_DELAY_S * float(2 ** (failures - FREE_TRIES)), MAX_DELAY_S)


class GateStatus(StrEnum):
    OPEN = "open"                      # a PIN may be tried now
    DELAYED = "delayed"                # wait `wait_s` seconds
    LOCKED = "locked"                  # only `unlock-maintenance` on the console helps
    NOT_CONFIGURED = "not_configured"  # no PIN set: maintenance cannot be entered


@dataclass(frozen=True)
class Gate:
    status: GateStatus
    failures: int = 0
    wait_s: float = 0.0

    @property
    def tries_before_lockout(self) -> int:
        return max(0, LOCKOUT_AFTER - self.failures)


class AttemptTracker:
    """Consecutive wrong PINs, persisted in data_dir; `wall_clock` is time.time.

    Wall-clock time (not monotonic) because the record must outlive a reboot. A clock
    that jumps back cannot stretch a delay beyond its length.
    """

    def __init__(self, data_dir: Path, wall_clock: Clock = time.time) -> None:
        self.path = data_dir / ATTEMPTS_FILE
        self._now = wall_clock
        self._lock = threading.Lock()
        # What the disk refused to store (full, read-only): counted here meanwhile, so a
        # broken disk neither locks the technician out nor switches the delays off.
        self._unsaved: tuple[int, float, bool] | None = None

    def _load(self) -> tuple[int, float, bool]:
        if self._unsaved is not None:
            return self._unsaved
        if not self.path.exists():
            return 0, 0.0, False
        snap = read_snapshot(self.path) or {}
        try:
            return int(snap["failures"]), float(snap["last_failure_at"]), bool(snap["locked"])
        except (KeyError, TypeError, ValueError):
            # Fail closed: an unreadable record must not become a free reset.
            log_event(log, "maintenance.attempts_unreadable", logging.ERROR,
                      path=str(self.path))
            return LOCKOUT_AFTER, 0.0, True

    def _write(self, failures: int, last_failure_at: float, locked: bool) -> None:
        write_snapshot(self.path, {"failures": failures, "last_failure_at": last_failure_at,
                                   "locked": locked})

    def _save(self, failures: int, last_failure_at: float, locked: bool) -> None:
        try:
            self._write(failures, last_failure_at, locked)
        except OSError as exc:
            log_event(log, "maintenance.attempts_not_saved", logging.ERROR,
                      error=exc.strerror or type(exc).__name__)
            self._unsaved = (failures, last_failure_at, locked)
        else:
            self._unsaved = None

    def gate(self) -> Gate:
        with self._lock:
            failures, last, locked = self._load()
        if locked:
            return Gate(GateStatus.LOCKED, failures)
        delay = delay_after(failures)
        remaining = min(delay, last + delay - self._now())
        if remaining > 0:
            return Gate(GateStatus.DELAYED, failures, remaining)
        return Gate(GateStatus.OPEN, failures)

    def record_failure(self) -> Gate:
        with self._lock:
            failures, _, _ = self._load()
            failures += 1
            self._save(failures, self._now(), failures >= LOCKOUT_AFTER)
        return self.gate()

    def record_success(self) -> None:
        with self._lock:
            self._save(0, 0.0, False)

    def unlock(self) -> int:
        """Clear the count and the lockout; returns the count that was cleared."""
        with self._lock:
            failures, _, _ = self._load()
            self._write(0, 0.0, False)   # the console must hear when this fails
            self._unsaved = None
        return failures


# ---------------------------------------------------------------- accountability


class MaintenanceEvent(StrEnum):
    ENTERED = "maintenance.entered"
    LEFT = "maintenance.left"
    PIN_FAILED = "maintenance.pin_failed"
    LOCKOUT = "maintenance.lockout"
    UNLOCKED = "maintenance.unlocked"
    PIN_CHANGED = "maintenance.pin_changed"
    TEST_PRINT = "maintenance.test_print"
    TEST_CALL = "maintenance.test_call"
    TEST_SPEECH = "maintenance.test_speech"
    RETRY = "maintenance.retry"


_URGENT = frozenset({MaintenanceEvent.LOCKOUT})


class EventQueue(Protocol):
    def enqueue_event(self, event: Event) -> Any: ...


def kiosk_info(cfg: Config) -> KioskInfo:
    k = cfg.kiosk
    return KioskInfo(k.id, k.station, k.latitude, k.longitude)


Submit = Callable[[Callable[[], None]], object]


def _run_now(job: Callable[[], None]) -> None:
    job()


class AccountabilitySink:
    """Writes each technician action to the log and queues it for the command centre.

    Never raises: a full disk must not stop a technician from fixing the kiosk; the
    failure to queue is itself logged as an error. `submit` runs the (fsyncing)
    enqueue: inline by default; the app passes a one-thread executor so the Qt thread
    never waits for the disk and events keep their order.
    """

    def __init__(self, kiosk: KioskInfo, queue: EventQueue | None,
                 submit: Submit = _run_now) -> None:
        self._kiosk = kiosk
        self._queue = queue
        self._submit = submit

    def record(self, kind: MaintenanceEvent, **data: str | int | float | bool | None) -> None:
        log_event(log, kind.value, logging.WARNING if kind in _URGENT else logging.INFO,
                  **data)
        try:
            ev = Event.create(kiosk=self._kiosk, type=kind.value, data=dict(data),
                              priority=Priority.URGENT if kind in _URGENT else Priority.NORMAL)
        except Exception as exc:  # a record the schema refuses: a bug, but never fatal
            log_event(log, "maintenance.event_not_queued", logging.ERROR, type=kind.value,
                      reason=type(exc).__name__)
            return
        self._submit(lambda: self._enqueue(ev))

    def _enqueue(self, ev: Event) -> None:
        if self._queue is None:
            log_event(log, "maintenance.event_not_queued", logging.ERROR, type=ev.type,
                      reason="no outbox")
            return
        try:
            self._queue.enqueue_event(ev)
        except Exception as exc:  # the outbox's own errors, a full disk
            log_event(log, "maintenance.event_not_queued", logging.ERROR, type=ev.type,
                      reason=type(exc).__name__)


# ---------------------------------------------------------------- PIN check


class PinOutcome(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    DELAYED = "delayed"              # not checked: still waiting after earlier failures
    LOCKED = "locked"
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True)
class PinResult:
    outcome: PinOutcome
    gate: Gate


class MaintenanceAuth:
    """Checks a PIN against the hash, the delay and the lockout; records failures.

    Thread-safe: the screen runs `check` off the UI thread (it takes ~100 ms).
    """

    def __init__(self, pin_hash: str, tracker: AttemptTracker,
                 sink: AccountabilitySink) -> None:
        self._pin_hash = pin_hash
        self._tracker = tracker
        self._sink = sink
        self._lock = threading.Lock()
        if pin_hash:
            PinHash.parse(pin_hash)  # a damaged hash is a configuration error at start

    def gate(self) -> Gate:
        if not self._pin_hash:
            return Gate(GateStatus.NOT_CONFIGURED)
        return self._tracker.gate()

    def check(self, pin: str) -> PinResult:
        with self._lock:
            gate = self.gate()
            if gate.status is not GateStatus.OPEN:
                return PinResult(PinOutcome(gate.status.value), gate)
            if verify_pin(pin, self._pin_hash):
                self._tracker.record_success()
                return PinResult(PinOutcome.ACCEPTED, self._tracker.gate())
            gate = self._tracker.record_failure()
            self._sink.record(MaintenanceEvent.PIN_FAILED, failures=gate.failures,
                              delay_s=round(gate.wait_s))
            if gate.status is GateStatus.LOCKED:
                self._sink.record(MaintenanceEvent.LOCKOUT, failures=gate.failures)
            return PinResult(PinOutcome.WRONG, gate)


# ---------------------------------------------------------------- the session


class MaintenanceSession:
    """One technician visit: ends by itself after `auto_exit_s` without a touch."""

    def __init__(self, auto_exit_s: float, clock: Clock = time.monotonic,
                 via: str = "gesture") -> None:
        self._clock = clock
        self.auto_exit_s = auto_exit_s
        self.via = via
        self.started_at = clock()
        self._last_touch = self.started_at

    def touch(self) -> None:
        self._last_touch = self._clock()

    def idle_s(self) -> float:
        return self._clock() - self._last_touch

    def expired(self) -> bool:
        return self.idle_s() >= self.auto_exit_s

    def duration_s(self) -> float:
        return self._clock() - self.started_at


# ---------------------------------------------------------------- key switch


@dataclass(frozen=True)
class KeySwitchSpec:
    port: str
    line: str


KEY_SWITCH_LINES = ("CTS", "DSR", "DCD", "RI")


def parse_key_switch(text: str) -> KeySwitchSpec | None:
    """`maintenance.key_switch` = "PORT:LINE" (the port may itself hold colons)."""
    if not text.strip():
        return None
    port, sep, line = text.strip().rpartition(":")
    if not sep or not port or line.upper() not in KEY_SWITCH_LINES:
        raise MaintenanceError(f"maintenance.key_switch: {text!r} must be PORT:LINE with "
                               f"LINE one of {', '.join(KEY_SWITCH_LINES)}")
    return KeySwitchSpec(port, line.upper())


def build_auth(cfg: Config, queue: EventQueue | None, wall_clock: Clock = time.time,
               submit: Submit = _run_now) -> tuple[MaintenanceAuth, AccountabilitySink]:
    """The PIN checker and event sink for `cfg`, as the app and the commands use them."""
    sink = AccountabilitySink(kiosk_info(cfg), queue, submit)
    tracker = AttemptTracker(cfg.storage.data_dir, wall_clock)
    return MaintenanceAuth(cfg.maintenance.pin_hash, tracker, sink), sink
