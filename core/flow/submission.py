"""From *Kirim* to the ticket: validate, store durably, then print; poll the centre.

A user is told "received" only after the outbox's commit returned (`StoreState`), and
the ticket is printed only for a stored report. The outbox is used only in the store
lane; the printer only in the print lane.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

from core.jobs import Failed, Jobs, Lane, Ok, Result
from core.ports import Printer, PrinterState, PrintResult, Ticket
from wire.logs import event
from wire.report import Event, KioskInfo, Report
from wire.status import OperatorStatus
from wire.ticket import ticket_code

log = logging.getLogger("core.flow")


class StoreState(StrEnum):
    SAVING = "saving"
    STORED = "stored"
    FAILED = "failed"


class PrintState(StrEnum):
    WAITING = "waiting"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"
    NO_PRINTER = "no_printer"


@dataclass(frozen=True)
class Submission:
    """A submitted report as the done screen shows it."""

    report: Report | None
    code: str
    store: StoreState
    printing: PrintState = PrintState.WAITING
    print_problem: PrinterState | None = None
    acknowledged: bool = False


class ReportStore(Protocol):
    """What the flow needs from the outbox (offline_queue.outbox.Outbox)."""

    def enqueue_report(self, report: Report) -> Any: ...

    def enqueue_event(self, event: Event) -> Any: ...

    def operator_status(self, report_id: str) -> OperatorStatus | None: ...


class SubmissionView(Protocol):
    def submission_changed(self, submission: Submission) -> None: ...


class Submissions:
    """The report on the done screen and the work that follows it."""

    def __init__(self, view: Callable[[], SubmissionView], kiosk: KioskInfo,
                 printer: Printer, store: Callable[[], ReportStore], jobs: Jobs) -> None:
        self._view = view
        self.kiosk = kiosk
        self.printer = printer
        self._store = store   # call only inside the store lane
        self.jobs = jobs
        self.current: Submission | None = None

    def show(self, submission: Submission) -> None:
        self.current = submission
        self._view().submission_changed(submission)

    def clear(self) -> None:
        self.current = None

    def store(self, report: Report) -> None:
        self.show(Submission(report, ticket_code(report.id), StoreState.SAVING))
        self.jobs.run(Lane.STORE, lambda: self._store().enqueue_report(report),
                      lambda result: self._stored(report, result))

    def record_event(self, ev: Event) -> None:
        """Queue an event for the centre (no screen waits for it)."""
        self.jobs.run(Lane.STORE, lambda: self._store().enqueue_event(ev),
                      lambda result: self._event_stored(ev, result))

    def _event_stored(self, ev: Event, result: Result[Any]) -> None:
        if isinstance(result, Failed):
            event_log("event.not_stored", logging.ERROR, type=ev.type,
                      error=type(result.error).__name__)

    def _update(self, report: Report, **changes: Any) -> Submission | None:
        """Apply changes if this report is still the one on screen."""
        if self.current is None or self.current.report is not report:
            return None
        self.show(replace(self.current, **changes))
        return self.current

    def _stored(self, report: Report, result: Result[Any]) -> None:
        if isinstance(result, Failed):
            event_log("report.not_stored", logging.ERROR, error=type(result.error).__name__)
            self._update(report, store=StoreState.FAILED)
            return
        event_log("report.stored", id=report.id, category=report.category,
                  flags=list(report.flags))
        if self._update(report, store=StoreState.STORED, printing=PrintState.PRINTING):
            self.print_ticket(report)

    def print_ticket(self, report: Report) -> None:
        """Print (or print again) the ticket of a stored report."""
        ticket = Ticket(code=ticket_code(report.id), category=report.category,
                        station=self.kiosk.station, created_at=report.created_at,
                        language=report.language, lost_items=report.lost_items)
        self.jobs.run(Lane.PRINT, lambda: self.printer.print_ticket(ticket),
                      lambda result: self._printed(report, result))

    def _printed(self, report: Report, result: Result[PrintResult]) -> None:
        if isinstance(result, Ok) and result.value.ok:
            self._update(report, printing=PrintState.PRINTED, print_problem=None)
            return
        state = result.value.state if isinstance(result, Ok) else PrinterState.NO_ANSWER
        event_log("ticket.not_printed", logging.WARNING, state=state.value)
        printing = (PrintState.NO_PRINTER if state is PrinterState.NOT_INSTALLED
                    else PrintState.FAILED)
        self._update(report, printing=printing, print_problem=state)

    def poll_operator_status(self) -> None:
        """Ask the outbox whether an operator has the report yet (done screen timer)."""
        sub = self.current
        if sub is None or sub.report is None or sub.store is not StoreState.STORED \
                or sub.acknowledged:
            return
        report = sub.report
        self.jobs.run(Lane.STORE, lambda: self._store().operator_status(report.id),
                      lambda result: self._status_polled(report, result))

    def _status_polled(self, report: Report, result: Result[OperatorStatus | None]) -> None:
        if isinstance(result, Ok) and result.value is not None and result.value.in_hand:
            event_log("report.acknowledged", id=report.id)
            self._update(report, acknowledged=True)


def event_log(name: str, level: int = logging.INFO, **fields: Any) -> None:
    event(log, name, level, **fields)
