"""From *Kirim* to the receipt: validate, store durably, then print; poll the centre.

A user is told "saved on this kiosk" only after the outbox's commit returned
(`StoreState`), "delivered" only once the uploader marked it delivered (the centre
answered 201/202), and "an operator has it" only for an in-hand operator status. The
receipt is printed only for a stored report, and printed again (*Cetak ulang*) once
the printer is ready after a failure. The outbox is used only in the store lane, the
printer only in the print lane, its status queries in the devices lane.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

from core.jobs import Failed, Jobs, Lane, Ok, Result
from core.next_steps import Step, steps_for
from core.ports import Delivery, Printer, PrinterState, PrintResult, Ticket
from core.session import SILENT_ALERT_FLAG
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
    delivered: bool = False        # the centre confirmed receipt (uploader: 201/202)
    printer_ready: bool = False    # after a failed print: the printer can print again
    operator_status: OperatorStatus | None = None

    @property
    def is_alert(self) -> bool:
        return self.report is not None and SILENT_ALERT_FLAG in self.report.flags

    @property
    def steps(self) -> tuple[Step, ...]:
        """The next steps the screen shows (the receipt prints the same rule)."""
        if self.report is None:
            return ()
        return steps_for(self.report.category, self.report.lost_items)


def ticket_for(report: Report, *, delivered: bool = False) -> Ticket:
    """The receipt of a stored report (the done screen, and `reprint CODE`). It claims
    no more than `delivered` (the centre confirmed it) and carries no personal data:
    only whether the person left a way to reach them."""
    return Ticket(code=ticket_code(report.id), category=report.category,
                  station=report.kiosk.station, created_at=report.created_at,
                  language=report.language, lost_items=report.lost_items,
                  delivery=Delivery.RECEIVED if delivered else Delivery.STORED,
                  kiosk_id=report.kiosk.id,
                  has_contact=bool(report.reporter.phone or report.reporter.email))


class ReportStore(Protocol):
    """What the flow needs from the outbox (offline_queue.outbox.Outbox)."""

    def enqueue_report(self, report: Report) -> Any: ...

    def enqueue_event(self, event: Event) -> Any: ...

    def operator_status(self, report_id: str) -> OperatorStatus | None: ...

    def is_delivered(self, report_id: str) -> bool: ...

    def report_by_code(self, code: str) -> Report | None: ...


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
        sub = self.current
        delivered = sub is not None and sub.report is report and sub.delivered
        ticket = ticket_for(report, delivered=delivered)
        self.jobs.run(Lane.PRINT, lambda: self.printer.print_ticket(ticket),
                      lambda result: self._printed(report, result))

    def reprint(self) -> None:
        """*Cetak ulang*: print the receipt on screen again."""
        sub = self.current
        if sub is None or sub.report is None or sub.store is not StoreState.STORED \
                or sub.printing is PrintState.PRINTING:
            return
        event_log("ticket.reprint")
        self._update(sub.report, printing=PrintState.PRINTING, printer_ready=False)
        self.print_ticket(sub.report)

    def poll_printer(self) -> None:
        """After a failed print: ask the printer whether it can print again."""
        sub = self.current
        if sub is None or sub.report is None or sub.printing is not PrintState.FAILED \
                or sub.printer_ready:
            return
        report = sub.report
        self.jobs.run(Lane.DEVICES, self.printer.state,
                      lambda result: self._printer_polled(report, result))

    def _printer_polled(self, report: Report, result: Result[PrinterState]) -> None:
        if isinstance(result, Ok) and result.value.can_print:
            self._update(report, printer_ready=True)

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
        """Ask the outbox whether the centre has the report yet, and whether an
        operator has taken it up (the done screen's timer)."""
        sub = self.current
        if sub is None or sub.report is None or sub.store is not StoreState.STORED \
                or sub.acknowledged:
            return
        report = sub.report

        def read() -> tuple[bool, OperatorStatus | None]:
            store = self._store()
            return store.is_delivered(report.id), store.operator_status(report.id)

        self.jobs.run(Lane.STORE, read, lambda result: self._status_polled(report, result))

    def _status_polled(self, report: Report,
                       result: Result[tuple[bool, OperatorStatus | None]]) -> None:
        if not isinstance(result, Ok):
            return
        delivered, status = result.value
        sub = self.current
        if sub is None or sub.report is not report:
            return
        in_hand = status is not None and status.in_hand
        if in_hand and not sub.acknowledged:
            event_log("report.acknowledged", id=report.id)
        # An operator status can only exist for a report the centre has.
        delivered = delivered or status is not None
        if (delivered, in_hand, status) != (sub.delivered, sub.acknowledged,
                                            sub.operator_status):
            self._update(report, delivered=delivered, acknowledged=in_hand,
                         operator_status=status)


def event_log(name: str, level: int = logging.INFO, **fields: Any) -> None:
    event(log, name, level, **fields)
