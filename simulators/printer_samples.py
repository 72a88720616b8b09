"""Sample tickets for the docs: `python -m simulators.printer_samples docs/screenshots`.

Each sample goes the real way — our driver, a pty, the simulator — and the rendered
PNG is copied to `ticket-<name>.png` in the target directory.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from core.config import PrinterSection
from core.ports import Ticket
from hardware.printer.driver import EscPosPrinter
from simulators.printer import PrinterSimulator

STATUS_URL = "https://110.polri.example/t/"
SAMPLES: dict[str, tuple[int, str, Ticket]] = {
    "normal-80mm-en": (80, "native", Ticket(
        code="KX4M-7HPA", category="theft", station="MRT Bundaran HI", language="en",
        created_at="2026-11-23T19:05:00+07:00")),
    "lost-item-58mm-en": (58, "native", Ticket(
        code="HP7A-3KXM", category="lost_item", station="Halte Transjakarta Sarinah",
        language="en", created_at="2026-11-23T08:15:00+07:00",
        lost_items=("phone", "wallet", "ktp", "bank_cards"))),
    "indonesian-80mm-raster-qr": (80, "raster", Ticket(
        code="WT93-NCFE", category="crime_in_progress", language="id",
        station="Stasiun MRT Lebak Bulus Grab — Pintu “Selatan”",
        created_at="2026-11-23T22:41:00+07:00")),
}


def write_samples(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (width, qr_mode, ticket) in SAMPLES.items():
        with tempfile.TemporaryDirectory() as tmp, \
                PrinterSimulator(baudrate=115200, output_dir=tmp,
                                 paper_width_mm=width) as sim:
            printer = EscPosPrinter(PrinterSection(
                port=sim.port, baudrate=115200, paper_width_mm=width,  # type: ignore[arg-type]
                qr_mode=qr_mode, status_url=STATUS_URL, timeout_s=5.0))  # type: ignore[arg-type]
            result = printer.print_ticket(ticket)
            printer.close()
            if not result.ok or not sim.wait_for_tickets(1):
                raise RuntimeError(f"sample {name} did not print: {result.reason}")
            target = out_dir / f"ticket-{name}.png"
            shutil.copyfile(sim.tickets[0].png, target)
            written.append(target)
    return written


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
