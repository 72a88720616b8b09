"""`run` (the default): the kiosk app itself."""

from __future__ import annotations

import argparse
from typing import Any

from core.config import Config


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="run the kiosk (the default)")
    p.add_argument("--windowed", action="store_true", help="not fullscreen (development)")
    p.set_defaults(func=_run)


def _run(cfg: Config, args: argparse.Namespace) -> int:
    from kiosk.app import main  # Qt is imported only when the app really runs

    return main(cfg, windowed=args.windowed)
