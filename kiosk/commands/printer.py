"""`test-print`: print a test ticket on the configured printer.

Exit 0 when the printer took the whole ticket; 1 with the reason ("paper out",
"cover open", "printer does not answer", "no printer configured", the port is held by
the running kiosk app) when it cannot print — and then nothing was sent to print.
"""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from datetime import datetime
from typing import Any

from core.config import Config
from core.ports import PrinterState, Ticket
from wire.logs import event
from wire.report import WIB
from wire.ticket import ticket_code

log = logging.getLogger("kiosk.commands.printer")


def register(sub: Any) -> None:
    p = sub.add_parser("test-print", help="print a test ticket (exit 1 with the reason "
                                          "when the printer cannot print)")
    p.add_argument("--language", choices=("id", "en"),
                   help="ticket language (default: the kiosk's first language)")
    p.add_argument("--lost-item", action="store_true",
                   help="print the lost-item variant (items and next steps)")
    p.set_defaults(func=_test_print)


def _test_print(cfg: Config, args: argparse.Namespace) -> int:
    # The CLI is wiring, like kiosk/app.py: the core modules never import hardware.
    from hardware.printer import build

    language = args.language or cfg.kiosk.languages[0]
    ticket = Ticket(
        code=ticket_code(str(uuid.uuid4())),
        category="lost_item" if args.lost_item else "information",
        station=cfg.kiosk.station,
        created_at=datetime.now(WIB).isoformat(timespec="seconds"),
        language=language,
        lost_items=("phone", "wallet") if args.lost_item else (),
        is_test=True,
    )
    printer = build(cfg.printer)
    try:
        result = printer.print_ticket(ticket)
    finally:
        printer.close()
    event(log, "printer.test_print", ok=result.ok, state=result.state.value,
          reason=result.reason, bytes=result.bytes_sent)
    if not result.ok:
        print(f"test-print: cannot print: {result.reason}", file=sys.stderr)
        return 1
    note = (" (paper nearly out: replace the roll soon)"
            if result.state is PrinterState.PAPER_NEAR_END else "")
    print(f"test-print: printed test ticket {ticket.code} ({result.bytes_sent} bytes){note}")
    return 0
