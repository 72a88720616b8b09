"""`doctor [--json]`: every part's health, ok / warn / fail with a plain reason.

Printer, modem, hook, speech, uplink, queue, disk (and the uploader's own report when
it has written one); see `kiosk.diagnostics`. Exit 0 only when nothing fails. Safe to
run while the kiosk app runs: busy devices show the app's last snapshot instead.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any, TextIO

from core.config import Config
from core.health import Health, Level
from kiosk import diagnostics
from wire.logs import event

log = logging.getLogger("kiosk.commands.doctor")

MARKS = {Level.OK: "ok", Level.WARN: "WARN", Level.FAIL: "FAIL"}


def register(sub: Any) -> None:
    p = sub.add_parser("doctor", help="check every part of the kiosk (exit 1 when "
                                      "anything fails)")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of health records instead of a table")
    p.set_defaults(func=_doctor)


def _doctor(cfg: Config, args: argparse.Namespace) -> int:
    results = diagnostics.run_all(cfg)
    if args.json:
        json.dump([h.to_dict() for h in results], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_table(results, sys.stdout)
    failed = [h.name for h in results if h.level is Level.FAIL]
    event(log, "doctor", failed=",".join(failed),
          warned=",".join(h.name for h in results if h.level is Level.WARN))
    return 1 if failed else 0


def print_table(results: list[Health], out: TextIO) -> None:
    """One aligned row per check, then a count line."""
    name_width = max((len(h.name) for h in results), default=5)
    mark_width = max(len(m) for m in MARKS.values())
    for h in results:
        out.write(f"{h.name:<{name_width}}  {MARKS[h.level]:<{mark_width}}  {h.reason}\n")
    counts = {level: sum(1 for h in results if h.level is level) for level in Level}
    out.write(f"\n{counts[Level.FAIL]} failed, {counts[Level.WARN]} warning(s), "
              f"{counts[Level.OK]} ok\n")
