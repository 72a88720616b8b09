"""`run` (the default): the kiosk app itself.

It validates only the UI's own config sections; when they are broken it does not exit
(that would loop with a black screen under Restart=always) but shows the out-of-order
screen, while the phone process keeps the handset dialling 110.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.config import Config, Role
from core.errors import ConfigError


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="run the kiosk (the default)")
    p.add_argument("--windowed", action="store_true", help="not fullscreen (development)")
    p.set_defaults(func=_run, config_role=Role.UI, on_config_error=_out_of_order)


def _run(cfg: Config, args: argparse.Namespace) -> int:
    from kiosk.app import main  # Qt is imported only when the app really runs

    return main(cfg, windowed=args.windowed)


def _out_of_order(path: Path, error: ConfigError, args: argparse.Namespace) -> int:
    from kiosk.out_of_order import run_out_of_order

    return run_out_of_order(path, error, windowed=args.windowed)
