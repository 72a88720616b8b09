"""`reprint CODE`: print a report's receipt again, found by its report number.

For a technician at the kiosk (paper ran out, the user is still there, or comes back
with the number): the report is read from this kiosk's outbox — delivered reports are
kept, redacted, for `[storage] retention_days`; the receipt never carries personal
data, so a redacted report prints the same receipt. Exit 0 when printed, 1 when the
code is not in this outbox or the printer cannot print, 2 for a code that cannot be a
report number.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from core.config import Config
from core.flow.submission import ticket_for
from wire.logs import event
from wire.ticket import normalize_code

log = logging.getLogger("kiosk.commands.reprint")


def register(sub: Any) -> None:
    p = sub.add_parser("reprint", help="print a report's receipt again by its report "
                                       "number (e.g. KX4M-7HPA), from the outbox")
    p.add_argument("code", help="the report number on the screen or the receipt")
    p.set_defaults(func=_reprint)


def _reprint(cfg: Config, args: argparse.Namespace) -> int:
    # The CLI is wiring, like kiosk/app.py: the core modules never import these.
    from hardware.printer import build
    from offline_queue.outbox import Outbox

    code = normalize_code(args.code)
    if code is None:
        print(f"reprint: {args.code!r} is not a report number (8 letters and digits, "
              "e.g. KX4M-7HPA)", file=sys.stderr)
        return 2
    with Outbox.for_config(cfg) as outbox:
        report = outbox.report_by_code(code)
        delivered = report is not None and outbox.is_delivered(report.id)
    if report is None:
        print(f"reprint: no report {code} in this kiosk's outbox (filed at another kiosk, "
              f"or older than the retention period)", file=sys.stderr)
        return 1
    printer = build(cfg.printer)
    try:
        result = printer.print_ticket(ticket_for(report, delivered=delivered))
    finally:
        printer.close()
    event(log, "printer.reprint", ok=result.ok, state=result.state.value,
          reason=result.reason)
    if not result.ok:
        print(f"reprint: cannot print: {result.reason}", file=sys.stderr)
        return 1
    print(f"reprint: printed the receipt of {code} ({result.bytes_sent} bytes)")
    return 0
