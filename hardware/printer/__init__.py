"""The ESC/POS receipt printer: `build(cfg.printer)` gives a `core.ports.Printer`.

Modules: `constants` (the bytes, named after the Epson reference), `text` (code-page
mapping), `base` (operations over one `_raw`), `ticket` (the layout), `ticket_texts`
(its words), `status` (DLE EOT), `serial` (the transport), `driver` (the Printer). The
simulator that stands in for the device is `simulators.printer`.
"""

from __future__ import annotations

import logging

from core.config import PrinterSection
from core.ports import Printer
from wire.logs import event

log = logging.getLogger("hardware.printer")


def build(section: PrinterSection) -> Printer:
    """The configured printer. Never raises: a missing, busy or broken printer is an
    object whose `health()` says so and which retries the port on every call."""
    from hardware.printer.driver import EscPosPrinter, NotInstalledPrinter

    if not section.port:
        return NotInstalledPrinter()
    try:
        return EscPosPrinter(section)
    except Exception as exc:   # a factory for a kiosk must not take the app down
        event(log, "printer.build_failed", logging.ERROR, reason=str(exc))
        return NotInstalledPrinter(f"printer set-up failed: {exc}")

