"""The `core.ports.Printer` for an ESC/POS receipt printer on a serial line.

Why not python-escpos's `printer.Serial` (evaluated, v3.1)? It is the model for our
`EscPos._raw` base, but as a driver it falls short on every hard need here:
  * it opens `serial.Serial(devfile)`, so no pyserial URLs (spy:// hexdumps) and no
    exclusive lock — a `test-print` would fight the running kiosk app for the port;
  * `paper_status()` answers "paper adequate" when the printer says nothing, and
    `is_online()` ignores the cover and the error status: it can report a print as
    possible when the printer said no;
  * no status timeout of our choosing, `__del__` closes and the `device` property
    opens ports as side effects, native QR cannot be centred, and text goes through
    "magic" code-page switching we cannot assert byte for byte.
So this driver is ours (a wrapper would have replaced most of it anyway), and
python-escpos stays a test-only reference: a test checks our GS ( k and GS v 0 bytes against it.

Every print asks DLE EOT first and sends nothing when the printer cannot print; after
the ticket it asks again, which also proves the printer has received every byte.
"""

from __future__ import annotations

import logging
import threading
import time

from core.config import PrinterSection
from core.health import Condition, Health, Level
from core.ports import PrinterState, PrintResult, Ticket
from hardware.errors import HardwareError
from hardware.printer.base import QrMode
from hardware.printer.serial import SerialLink
from hardware.printer.status import REASONS, StatusBytes, read_status
from hardware.printer.text import code_page
from hardware.printer.ticket import Layout, ticket_bytes
from wire.logs import event

log = logging.getLogger("hardware.printer")

BITS_PER_BYTE = 10       # start + 8 data + stop bits on the serial line
LEVELS: dict[PrinterState, Level] = {
    PrinterState.ONLINE: Level.OK,
    PrinterState.PAPER_NEAR_END: Level.WARN,
}


class EscPosPrinter:
    """A serial ESC/POS printer; every method is safe to call from any thread."""

    def __init__(self, section: PrinterSection, link: SerialLink | None = None) -> None:
        if not section.port:
            raise ValueError("EscPosPrinter needs [printer] port; use NotInstalledPrinter")
        self.section = section
        self.link = link or SerialLink(section.port, section.baudrate)
        self.page = code_page(section.code_page)
        self.layout = Layout.for_paper(section.paper_width_mm, section.columns,
                                       section.status_url)
        self._lock = threading.Lock()
        self._last = StatusBytes()
        self._last_state = PrinterState.NO_ANSWER
        self._try_open()

    # ------------------------------------------------------------ Printer port
    def state(self) -> PrinterState:
        with self._lock:
            return self._query()

    def print_ticket(self, ticket: Ticket) -> PrintResult:
        try:
            data = ticket_bytes(ticket, self.layout, self.page, QrMode(self.section.qr_mode))
        except ValueError as exc:   # e.g. a code too long for a QR: print nothing
            return self._failed(self._last_state, f"cannot lay out the ticket: {exc}", 0)
        with self._lock:
            before = self._query()
            if not before.can_print:
                return self._refused(before, ticket)
            started = time.monotonic()
            try:
                self.link.write(data)
            except HardwareError as exc:
                return self._failed(PrinterState.NO_ANSWER, str(exc), 0)
            after = self._query(extra_wait_s=self._line_time(len(data)))
        if not after.can_print:
            reason = ("printer stopped answering while printing"
                      if after is PrinterState.NO_ANSWER
                      else f"{self._reason(after)} while printing")
            return self._failed(after, reason, len(data))
        event(log, "printer.printed", code=ticket.code, bytes=len(data), state=after.value,
              seconds=round(time.monotonic() - started, 3))
        return PrintResult(ok=True, state=after, bytes_sent=len(data))

    def health(self) -> Health:
        """Asks the printer now unless a print holds it; then its last known state."""
        if self._lock.acquire(blocking=False):
            try:
                state = self._query()
            finally:
                self._lock.release()
        else:
            state = self._last_state
        details = {"state": state.value, "port": self.link.url,
                   "paper_width_mm": self.section.paper_width_mm, **self._last.as_hex()}
        condition = Condition.PORT_BUSY if self.link.busy else Condition.NONE
        return Health("printer", LEVELS.get(state, Level.FAIL), self._reason(state), details,
                      condition=condition)

    def close(self) -> None:
        with self._lock:
            self.link.close()

    # ------------------------------------------------------------ internals
    def _try_open(self) -> None:
        try:
            self.link.ensure_open()
        except HardwareError as exc:
            event(log, "printer.unavailable", logging.WARNING, reason=str(exc))

    def _query(self, extra_wait_s: float = 0.0) -> PrinterState:
        """DLE EOT now (the lock is held). The first answer may wait `extra_wait_s`
        longer: after a ticket it queues behind the ticket's bytes on the line."""
        first = [True]

        def ask(n: int) -> int | None:
            wait = self.section.timeout_s + (extra_wait_s if first[0] else 0.0)
            first[0] = False
            return self.link.ask_status(n, wait)

        try:
            self._last = read_status(ask)
        except HardwareError:
            self._last = StatusBytes()
        self._last_state = self._last.state()
        return self._last_state

    def _line_time(self, n_bytes: int) -> float:
        """Seconds the line needs for `n_bytes`, doubled for a printer that pauses."""
        return 2.0 * n_bytes * BITS_PER_BYTE / self.section.baudrate

    def _reason(self, state: PrinterState) -> str:
        if state is PrinterState.NO_ANSWER and self.link.last_error:
            return self.link.last_error
        if state is PrinterState.NO_ANSWER:
            return f"{REASONS[state]} on {self.link.url}"
        return REASONS[state]

    def _refused(self, state: PrinterState, ticket: Ticket) -> PrintResult:
        reason = self._reason(state)
        event(log, "printer.refused", logging.WARNING, code=ticket.code, state=state.value,
              reason=reason)
        return PrintResult(ok=False, state=state, reason=reason)

    def _failed(self, state: PrinterState, reason: str, sent: int) -> PrintResult:
        event(log, "printer.failed", logging.ERROR, state=state.value, reason=reason,
              bytes=sent)
        return PrintResult(ok=False, state=state, reason=reason, bytes_sent=sent)


class NotInstalledPrinter:
    """Stands in when `[printer] port` is unset (or unusable): says so, prints nothing."""

    def __init__(self, reason: str = "no printer configured") -> None:
        self.reason = reason

    def state(self) -> PrinterState:
        return PrinterState.NOT_INSTALLED

    def print_ticket(self, ticket: Ticket) -> PrintResult:
        return PrintResult(ok=False, state=PrinterState.NOT_INSTALLED, reason=self.reason)

    def health(self) -> Health:
        return Health("printer", Level.FAIL, self.reason,
                      {"state": PrinterState.NOT_INSTALLED.value})

    def close(self) -> None:
        """Nothing to release."""
