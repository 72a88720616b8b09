"""`python -m kiosk --config C [command]`: the kiosk app and the technician commands.

With no command it runs the kiosk. Each command lives in its own module exposing
`register(subparsers)`, which adds a parser whose `func(cfg, args) -> int` does the
work; this file only lists the modules. A command validates the config sections its
process owns (`config_role`, default: all of them) and may take a configuration error
in its stride (`on_config_error`: `run` shows the out-of-order screen). Exit codes: 0
ok, 1 the check/test failed, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from core.config import DEFAULT_CONFIG_PATH, Role, load_config
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
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "run"])
    try:
        cfg = load_config(args.config, role=getattr(args, "config_role", Role.TOOLS))
    except ConfigError as exc:
        degrade = getattr(args, "on_config_error", None)
        if degrade is not None:
            return int(degrade(Path(args.config), exc, args))
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return 2
    return int(args.func(cfg, args))
