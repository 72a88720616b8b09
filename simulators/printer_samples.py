"""Sample tickets for the docs: `python -m simulators.printer_samples docs/screenshots`.

Each sample goes the real way — our driver, a pty, the simulator — and the rendered
PNG is copied to `ticket-<name>.png` in the target directory. Stale `ticket-*.png`
files there that are not a sample any more are removed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from core.config import PrinterSection
from core.ports import Delivery, Ticket
from hardware.printer.driver import EscPosPrinter
from simulators.printer import PrinterSimulator

STATUS_URL = "https://110.polri.example/t/"
PHONE_THEFT = ("phone", "wallet", "ktp", "bank_cards")
# name -> (paper width mm, qr mode, ticket). The first three names are linked from the
# README and docs/hardware.md; the rest cover every group, delivery state and language.
SAMPLES: dict[str, tuple[int, str, Ticket]] = {
    "normal-80mm-en": (80, "native", Ticket(
        code="KX4M-7HPA", category="theft", station="MRT Bundaran HI", language="en",
        created_at="2026-11-23T19:05:00+07:00", kiosk_id="mrt-bundaran-hi-01")),
    "lost-item-58mm-en": (58, "native", Ticket(
        code="HP7A-3KXM", category="lost_item", station="Halte Transjakarta Sarinah",
        language="en", created_at="2026-11-23T08:15:00+07:00",
        lost_items=PHONE_THEFT, has_contact=True)),
    "indonesian-80mm-raster-qr": (80, "raster", Ticket(
        code="WT93-NCFE", category="crime_in_progress", language="id",
        station="Stasiun MRT Lebak Bulus Grab — Pintu “Selatan”",
        created_at="2026-11-23T22:41:00+07:00")),
    "emergency-58mm-id": (58, "native", Ticket(
        code="MC4R-XEDA", category="fire", station="MRT Dukuh Atas BNI", language="id",
        created_at="2026-11-23T17:32:00+07:00", kiosk_id="mrt-dukuh-atas-02")),
    "emergency-received-80mm-en": (80, "native", Ticket(
        code="MC4R-XEDA", category="medical", station="MRT Dukuh Atas BNI",
        language="en", created_at="2026-11-23T17:32:00+07:00",
        kiosk_id="mrt-dukuh-atas-02", delivery=Delivery.RECEIVED)),
    "theft-items-80mm-id": (80, "native", Ticket(
        code="TJ7P-ANKE", category="theft", station="Halte Transjakarta Harmoni",
        language="id", created_at="2026-11-24T07:48:00+07:00", lost_items=PHONE_THEFT,
        kiosk_id="tj-harmoni-01", has_contact=True)),
    "lost-item-58mm-id-raster-qr": (58, "raster", Ticket(
        code="HP7A-3KXM", category="lost_item", station="Halte Transjakarta Sarinah",
        language="id", created_at="2026-11-23T08:15:00+07:00",
        lost_items=("phone", "sim", "other"))),
    "information-80mm-en": (80, "native", Ticket(
        code="RYD3-UFWC", category="information", station="MRT Blok M BCA",
        language="en", created_at="2026-11-24T10:02:00+07:00", has_contact=True)),
    "test-print-58mm-id": (58, "native", Ticket(
        code="NVK9-PEHT", category="information", station="MRT Bundaran HI",
        language="id", created_at="2026-11-24T06:00:00+07:00", is_test=True)),
}


def write_samples(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("ticket-*.png"):
        if old.stem.removeprefix("ticket-") not in SAMPLES:
            old.unlink()
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
