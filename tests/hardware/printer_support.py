"""Shared helpers of the printer tests: a simulator on a real pty and a driver on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, TypedDict, Unpack

from core.config import PrinterSection
from core.ports import Ticket
from hardware.printer.driver import EscPosPrinter
from simulators.printer import PrinterSimulator

FAST_BAUD = 115200
STATUS_URL = "https://cc.example/t/"

THEFT_EN = Ticket(code="KX4M-7HPA", category="theft", station="MRT Bundaran HI",
                  created_at="2026-11-23T19:05:00+07:00", language="en")
LOST_ID = Ticket(code="HP7A-3KXM", category="lost_item", station="Halte Transjakarta Sarinah",
                 created_at="2026-11-23T08:15:00+07:00", language="id",
                 lost_items=("phone", "wallet", "bank_cards"))


class SimOptions(TypedDict, total=False):
    """What a test may set in [printer] besides the port and the paper."""

    baudrate: int
    qr_mode: Literal["native", "raster"]
    status_url: str
    timeout_s: float


class PrinterOptions(SimOptions, total=False):
    paper_width_mm: Literal[58, 80]


def section(port: str, **kw: Unpack[PrinterOptions]) -> PrinterSection:
    defaults: PrinterOptions = {"baudrate": FAST_BAUD, "timeout_s": 2.0,
                                "status_url": STATUS_URL}
    return PrinterSection(port=port, **(defaults | kw))


@contextmanager
def printer_on_sim(tmp_path: Path, paper_width_mm: Literal[58, 80] = 80,
                   **kw: Unpack[SimOptions]) -> Iterator[tuple[EscPosPrinter,
                                                              PrinterSimulator]]:
    """GIVEN a simulated printer on a pty and our driver holding its port."""
    sim = PrinterSimulator(baudrate=kw.get("baudrate", FAST_BAUD),
                           output_dir=tmp_path / "paper", paper_width_mm=paper_width_mm)
    sim.start()
    options: PrinterOptions = {**kw, "paper_width_mm": paper_width_mm, "baudrate": sim.baudrate}
    printer = EscPosPrinter(section(sim.port, **options))
    try:
        yield printer, sim
    finally:
        printer.close()
        sim.stop()
