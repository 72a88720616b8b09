"""`python -m kiosk --config C [command]`: the kiosk app and the technician commands.

With no command it runs the kiosk. Each command lives in its own module exposing
`register(subparsers)`, which adds a parser whose `func(cfg, args) -> int` does the
work; this file only lists the modules. Exit codes: 0 ok, 1 the check/test failed,
2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from core.config import DEFAULT_CONFIG_PATH, load_config
from core.errors import ConfigError
from wire.logs import setup_logging

# One module per command (or per family of commands).
COMMAND_MODULES: tuple[str, ...] = (
    "kiosk.commands.run",
    "kiosk.commands.doctor",
    "kiosk.commands.printer",
    "kiosk.commands.reprint",
    "kiosk.commands.maintenance",
    "kiosk.commands.modem",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kiosk", description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=str(DEFAULT_CONFIG_PATH),
                        help=f"kiosk TOML config (default {DEFAULT_CONFIG_PATH})")
    parser.add_argument("--log-level", default="INFO")
    sub = parser.add_subparsers(dest="command", metavar="command")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(args.log_level)
    try:
        cfg = load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return 2
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "run"])
    return int(args.func(cfg, args))
