"""A simulated ESC/POS receipt printer on a pseudo-terminal.

`PrinterSimulator(baudrate=9600, output_dir=...)`; `.start()` opens a pty and its
threads, `.port` is the slave path the driver opens, `.stop()` ends it. Like a real
printer on a serial line it:
  * receives bytes no faster than the baud rate allows (10 bits a byte), so a
    kilobyte takes about a second at 9600 baud and the writer feels back-pressure;
  * answers DLE EOT 1..4 at once with status bytes built from `paper_out`,
    `paper_near_end` and `cover_open` (settable at any time), or not at all when
    `silent` is set, or with a burst of random bytes when `junk` is set (a printer on
    the wrong baud rate, a noisy line: it then prints nothing either);
  * parses everything else, flags unknown commands in `errors`, and at each cut
    renders the ticket to text and PNG (on a second thread, so rendering never slows
    the line) into `tickets`.
"""

from __future__ import annotations

import os
import queue
import random
import select
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from hardware.printer import constants as C
from simulators.printer_parse import EscPosParser, Page, Paper, QrSymbol
from simulators.printer_render import page_image, page_text
from simulators.ptydevice import PtyDevice

BITS_PER_BYTE = 10
JUNK_ANSWER_BYTES = 8


@dataclass(frozen=True)
class RenderedTicket:
    number: int
    text: str
    png: Path
    raw: bytes                     # the print bytes of this ticket, cut included
    qr_payloads: tuple[str, ...]   # from GS ( k (native QR); raster QRs are pixels
    wrapped_lines: int             # lines the printer had to wrap: a layout bug
    errors: tuple[str, ...]


class PrinterSimulator(PtyDevice):
    def __init__(self, baudrate: int = 9600, output_dir: Path | str | None = None,
                 paper_width_mm: int = 80, columns: int | None = None) -> None:
        super().__init__()
        self.baudrate = baudrate
        self.output_dir = Path(output_dir) if output_dir else None
        self.columns = columns or (32 if paper_width_mm == 58 else 48)
        self.width_dots = 384 if paper_width_mm == 58 else (576 if self.columns >= 48
                                                           else 512)
        # Runtime-settable condition of the printer.
        self.paper_out = False
        self.paper_near_end = False
        self.cover_open = False
        self.silent = False
        self.junk = False
        self._rng = random.Random(110)   # the same junk every run
        # What it saw.
        self.tickets: list[RenderedTicket] = []
        self.status_queries: list[int] = []
        self.print_bytes_received = 0
        self._parser = EscPosParser()
        self._paper = Paper(self.columns)
        self._stop = threading.Event()
        self._done = threading.Condition()
        self._pages: queue.Queue[Page | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._line_free_at = 0.0

    @property
    def errors(self) -> list[str]:
        """Unknown or unsupported commands seen so far, with stream offsets."""
        return [*self._parser.errors, *self._paper.errors]

    # ------------------------------------------------------------ lifecycle
    def start(self) -> PrinterSimulator:
        if self.output_dir is None:
            self.output_dir = Path(tempfile.mkdtemp(prefix="printer-sim-"))
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self._stop.clear()   # a stopped simulator may be started again
        self._threads = []
        self._pages = queue.Queue()
        self._open_pty()
        for name, target in (("line", self._read_line), ("render", self._render_pages)):
            thread = threading.Thread(target=target, name=f"printer-sim-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._pages.put(None)
        for thread in self._threads:
            thread.join(timeout=5)
        self._close_pty()

    def wait_for_tickets(self, count: int, timeout: float = 10.0) -> bool:
        """True once `count` tickets have been rendered."""
        with self._done:
            return self._done.wait_for(lambda: len(self.tickets) >= count, timeout)

    # ------------------------------------------------------------ status bytes
    def status_byte(self, n: int) -> int:
        """The DLE EOT n answer for the current condition (Epson bit layout)."""
        value = C.STATUS_FIXED_BITS
        stopped = self.paper_out or self.cover_open
        if n == C.STATUS_PRINTER and stopped:
            value |= C.STATUS_PRINTER_OFFLINE
        elif n == C.STATUS_OFFLINE_CAUSE:
            if self.cover_open:
                value |= C.STATUS_OFFLINE_COVER_OPEN
            if self.paper_out:
                value |= C.STATUS_OFFLINE_PAPER_END
        elif n == C.STATUS_PAPER:
            if self.paper_near_end or self.paper_out:
                value |= C.STATUS_PAPER_NEAR_END
            if self.paper_out:
                value |= C.STATUS_PAPER_END
        return value

    # ------------------------------------------------------------ the line
    def _read_line(self) -> None:
        chunk = max(1, self.baudrate // BITS_PER_BYTE // 100)   # ~10 ms of line time
        busy = False
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0 if busy else 0.05)
            if not ready:
                busy = False
                continue
            try:
                data = os.read(self._master, chunk)
            except OSError:
                return
            self._pace(len(data), continuing=busy)
            busy = True
            self._receive(data)

    def _pace(self, n: int, continuing: bool) -> None:
        """Hold `n` bytes until the line could have carried them."""
        start = self._line_free_at if continuing else time.monotonic()
        self._line_free_at = start + n * BITS_PER_BYTE / self.baudrate
        delay = self._line_free_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def _receive(self, data: bytes) -> None:
        for cmd in self._parser.feed(data):
            if cmd.name == "DLE EOT":
                self._answer(cmd.args[0])
                continue
            if self.junk:
                continue          # garbled on the way in: nothing is printed
            self.print_bytes_received += len(cmd.raw)
            page = self._paper.play(cmd)
            if page is not None:
                self._pages.put(page)

    def _answer(self, n: int) -> None:
        self.status_queries.append(n)
        if self.junk:
            os.write(self._master, self._rng.randbytes(JUNK_ANSWER_BYTES))
        elif not self.silent:
            os.write(self._master, bytes([self.status_byte(n)]))

    # ------------------------------------------------------------ rendering
    def _render_pages(self) -> None:
        while (page := self._pages.get()) is not None:
            self._render(page)

    def _render(self, page: Page) -> None:
        assert self.output_dir is not None
        number = len(self.tickets) + 1
        text = page_text(page, self.columns)
        png = self.output_dir / f"ticket-{number:04d}.png"
        page_image(page, self.width_dots).save(png)
        (self.output_dir / f"ticket-{number:04d}.txt").write_text(text, encoding="utf-8")
        qr = tuple(b.payload.decode("utf-8", errors="replace") for b in page.blocks
                   if isinstance(b, QrSymbol))
        ticket = RenderedTicket(number, text, png, bytes(page.raw), qr, page.wrapped_lines,
                                tuple(page.errors))
        with self._done:
            self.tickets.append(ticket)
            self._done.notify_all()
