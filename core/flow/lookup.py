"""*Cek laporan*: look a report up by its code (see `core.lookup` for the plumbing).

States the screen shows: nothing asked yet, a code that cannot be one, asking, and an
answer. A code filed at this kiosk is answered from the outbox at once; any other
code is asked of the centre through `RemoteLookup` and polled until it answers or
`timeout_s` passes (then: "could not ask the centre", never "not found").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from core.jobs import Failed, Jobs, Lane, Ok, Result
from core.lookup import LookupAnswer, Progress, RemoteLookup
from wire.report import Report
from wire.status import OperatorStatus
from wire.ticket import normalize_code


class LookupStore(Protocol):
    """What a lookup reads from this kiosk's outbox (store lane)."""

    def report_by_code(self, code: str) -> Report | None: ...

    def is_delivered(self, report_id: str) -> bool: ...

    def operator_status(self, report_id: str) -> OperatorStatus | None: ...


class LookupState(StrEnum):
    IDLE = "idle"
    BAD_CODE = "bad_code"
    ASKING = "asking"
    ANSWERED = "answered"


@dataclass(frozen=True)
class Lookup:
    state: LookupState
    code: str = ""
    answer: LookupAnswer | None = None


class LookupView(Protocol):
    def lookup_changed(self, lookup: Lookup) -> None: ...


class Lookups:
    def __init__(self, view: Callable[[], LookupView], store: Callable[[], Any],
                 jobs: Jobs, *, remote: Callable[[], RemoteLookup] | None,
                 clock: Callable[[], float], timeout_s: float = 60.0) -> None:
        self._view = view
        self._store = store     # the outbox (LookupStore), store lane only
        self.jobs = jobs
        self._remote = remote   # None: this kiosk cannot ask the centre yet
        self._clock = clock
        self.timeout_s = timeout_s
        self.current = Lookup(LookupState.IDLE)
        self._asked: tuple[str, str, float] | None = None   # (code, lookup id, since)

    def _show(self, lookup: Lookup) -> None:
        self.current = lookup
        self._view().lookup_changed(lookup)

    def check(self, typed: str) -> None:
        code = normalize_code(typed)
        if code is None:
            self._show(Lookup(LookupState.BAD_CODE, typed.strip().upper()))
            return
        self._asked = None
        self._show(Lookup(LookupState.ASKING, code))
        self.jobs.run(Lane.STORE, lambda: self._ask(code),
                      lambda result: self._asked_result(code, result))

    def _ask(self, code: str) -> LookupAnswer | str:
        """In the store lane: this kiosk's own answer, or the remote lookup's id."""
        store: LookupStore = self._store()
        report = store.report_by_code(code)
        if report is not None:
            return LookupAnswer.from_status(code, store.operator_status(report.id),
                                            delivered=store.is_delivered(report.id),
                                            category=report.category)
        if self._remote is None:
            return LookupAnswer(code, Progress.UNAVAILABLE)
        return self._remote().ask(code)

    def _asked_result(self, code: str, result: Result[LookupAnswer | str]) -> None:
        if self.current.code != code or self.current.state is not LookupState.ASKING:
            return   # the user moved on (or the session ended) meanwhile
        if isinstance(result, Failed):
            self._show(Lookup(LookupState.ANSWERED, code, LookupAnswer(code,
                                                                       Progress.UNAVAILABLE)))
        elif isinstance(result.value, LookupAnswer):
            self._show(Lookup(LookupState.ANSWERED, code, result.value))
        else:
            self._asked = (code, result.value, self._clock())

    def poll(self) -> None:
        """Ask whether the centre answered (the screen's timer while asking)."""
        if self._asked is None or self._remote is None:
            return
        code, lookup_id, since = self._asked
        if self._clock() - since > self.timeout_s:
            self._asked = None
            self._show(Lookup(LookupState.ANSWERED, code,
                              LookupAnswer(code, Progress.UNAVAILABLE)))
            return
        remote = self._remote
        self.jobs.run(Lane.STORE, lambda: remote().answer(lookup_id),
                      lambda result: self._polled(code, lookup_id, result))

    def _polled(self, code: str, lookup_id: str,
                result: Result[LookupAnswer | None]) -> None:
        if self._asked is None or self._asked[1] != lookup_id:
            return
        if isinstance(result, Ok) and result.value is not None:
            self._asked = None
            self._show(Lookup(LookupState.ANSWERED, code, result.value))

    @property
    def waiting(self) -> bool:
        return self._asked is not None

    def reset(self) -> None:
        self._asked = None
        self.current = Lookup(LookupState.IDLE)
