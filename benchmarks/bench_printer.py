"""Ticket size and print time through the paced printer simulator.

For 9600 and 115200 baud and for a native (GS ( k) and a raster (GS v 0) QR: the bytes
of a ticket and the time `print_ticket` takes — DLE EOT check, the bytes on the line
at 10 bits each, and the DLE EOT answer that proves the printer received the last byte.
Targets with the native QR: an ordinary receipt at most 1.5 KB; one with the
item-tailored checklist (every step) at most 2 KB, about 2 s at 9600 baud.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.config import PrinterSection
from core.ports import Ticket
from hardware.printer.base import QrMode
from hardware.printer.driver import EscPosPrinter
from hardware.printer.ticket import Layout, ticket_bytes
from simulators.printer import PrinterSimulator

STATUS_URL = "https://cc.example/t/"
PaperWidth = Literal[58, 80]  # as PrinterSection declares them
QrModeName = Literal["native", "raster"]
QR_MODES: tuple[QrModeName, ...] = ("native", "raster")
TICKETS: dict[str, tuple[PaperWidth, int, Ticket]] = {
    "normal 80 mm": (80, 1536, Ticket(
        code="KX4M-7HPA", category="theft", station="MRT Bundaran HI",
        created_at="2026-11-23T19:05:00+07:00", language="en")),
    "lost item 58 mm": (58, 2048, Ticket(
        code="HP7A-3KXM", category="lost_item", language="id",
        station="Halte Transjakarta Sarinah", created_at="2026-11-23T08:15:00+07:00",
        lost_items=("phone", "wallet", "ktp", "bank_cards"))),
}
RUNS = {9600: 3, 115200: 5}


def sizes() -> None:
    print("ticket bytes (targets with native QR: normal <= 1536 B, with checklist <= 2048 B)")
    for name, (width, target, ticket) in TICKETS.items():
        layout = Layout.for_paper(width, status_url=STATUS_URL)
        native = len(ticket_bytes(ticket, layout, qr_mode=QrMode.NATIVE))
        raster = len(ticket_bytes(ticket, layout, qr_mode=QrMode.RASTER))
        verdict = "ok" if native <= target else "OVER TARGET"
        print(f"  {name:<16} native QR {native:5d} B ({verdict})   raster QR {raster:5d} B "
              f"({raster / native:.1f}x)")


def print_times() -> None:
    print("print time through the paced simulator "
          "(median of runs; line time = bytes x 10 bits / baud)")
    for name, (width, _target, ticket) in TICKETS.items():
        for baud, runs in RUNS.items():
            for mode in QR_MODES:
                sent, times = time_prints(width, ticket, baud, mode, runs)
                line = sent * 10 / baud
                print(f"  {name:<16} {baud:>6} baud  {mode:<6} QR  {sent:5d} B  "
                      f"print {statistics.median(times) * 1000:7.1f} ms "
                      f"(max {max(times) * 1000:7.1f})  line time {line * 1000:7.1f} ms")


def time_prints(width: PaperWidth, ticket: Ticket, baud: int, mode: QrModeName,
                runs: int) -> tuple[int, list[float]]:
    """Bytes sent and the time of each of `runs` prints of `ticket`."""
    with tempfile.TemporaryDirectory() as tmp, \
            PrinterSimulator(baudrate=baud, output_dir=tmp, paper_width_mm=width) as sim:
        printer = EscPosPrinter(PrinterSection(
            port=sim.port, baudrate=baud, paper_width_mm=width, qr_mode=mode,
            status_url=STATUS_URL, timeout_s=2.0))
        times, sent = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            result = printer.print_ticket(ticket)
            times.append(time.perf_counter() - started)
            if not result.ok:
                raise SystemExit(f"print failed: {result.reason}")
            sent = result.bytes_sent
        sim.wait_for_tickets(runs, timeout=60)
        printer.close()
    return sent, times


def main() -> None:
    sizes()
    print_times()


if __name__ == "__main__":
    main()
