"""DLE EOT real-time status: ask the printer, decode its answers into a PrinterState.

DLE EOT 1 says whether the printer is online; only when it is not do we ask why
(n=2 offline cause, n=3 error cause), so a healthy check is two round trips (n=1 and
n=4 for the paper near-end sensor). An answer whose fixed bits are wrong is not a
status byte (line noise, an echo): it counts as no answer, never as "online".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.ports import PrinterState
from hardware.printer import constants as C

# Ask the printer `DLE EOT n`; the answer byte, or None when nothing valid came back.
StatusQuery = Callable[[int], int | None]

REASONS: dict[PrinterState, str] = {
    PrinterState.ONLINE: "ready",
    PrinterState.PAPER_NEAR_END: "paper nearly out",
    PrinterState.PAPER_OUT: "paper out",
    PrinterState.COVER_OPEN: "cover open",
    PrinterState.OFFLINE: "printer offline (error)",
    PrinterState.NO_ANSWER: "printer does not answer",
    PrinterState.NOT_INSTALLED: "no printer configured",
}


def is_status_byte(value: int) -> bool:
    return value & C.STATUS_FIXED_MASK == C.STATUS_FIXED_BITS


@dataclass(frozen=True)
class StatusBytes:
    """The raw answers, kept for health details and field diagnosis."""

    printer: int | None = None
    offline_cause: int | None = None
    error_cause: int | None = None
    paper: int | None = None

    def state(self) -> PrinterState:
        if self.printer is None:
            return PrinterState.NO_ANSWER
        offline = self.offline_cause or 0
        if offline & C.STATUS_OFFLINE_COVER_OPEN:
            return PrinterState.COVER_OPEN
        paper = self.paper or 0
        if offline & C.STATUS_OFFLINE_PAPER_END or paper & C.STATUS_PAPER_END:
            return PrinterState.PAPER_OUT
        if self.printer & C.STATUS_PRINTER_OFFLINE or offline & C.STATUS_OFFLINE_ERROR \
                or self.error_cause:
            return PrinterState.OFFLINE
        if paper & C.STATUS_PAPER_NEAR_END:
            return PrinterState.PAPER_NEAR_END
        return PrinterState.ONLINE

    def as_hex(self) -> dict[str, str]:
        return {name: f"0x{value:02x}" for name, value in
                (("n1", self.printer), ("n2", self.offline_cause),
                 ("n3", self.error_cause), ("n4", self.paper)) if value is not None}


def read_status(ask: StatusQuery) -> StatusBytes:
    """Ask DLE EOT 1, then 2 and 3 only if offline, then 4; stop at the first silence."""
    printer = ask(C.STATUS_PRINTER)
    if printer is None:
        return StatusBytes()
    offline_cause = error_cause = None
    if printer & C.STATUS_PRINTER_OFFLINE:
        offline_cause = ask(C.STATUS_OFFLINE_CAUSE)
        if offline_cause is not None and offline_cause & C.STATUS_OFFLINE_ERROR:
            error_cause = ask(C.STATUS_ERROR_CAUSE)
        error_cause = _errors_only(error_cause)
    paper = ask(C.STATUS_PAPER)
    if paper is None:
        return StatusBytes()   # it stopped answering half-way: not a usable printer
    return StatusBytes(printer, offline_cause, error_cause, paper)


def _errors_only(value: int | None) -> int | None:
    """The error bits of a DLE EOT 3 answer (0 = none)."""
    if value is None:
        return None
    return value & (C.STATUS_ERROR_AUTOCUTTER | C.STATUS_ERROR_UNRECOVERABLE
                    | C.STATUS_ERROR_AUTO_RECOVERABLE)
