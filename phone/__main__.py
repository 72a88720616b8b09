"""`python -m phone --config C`: the emergency phone process (kiosk-phone.service).

Never exits for a configuration problem: it runs on what it can read, the last good
settings or the built-in defaults, and says so in its health. Exit codes: 0 after
SIGTERM/SIGINT, 1 when another phone process already runs in the runtime directory.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from phone import protocol

DEFAULT_CONFIG = Path("/etc/kiosk110/kiosk.toml")
DEFAULT_STATE_DIR = Path("/var/lib/kiosk110-phone")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m phone", description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--runtime-dir", type=Path, default=protocol.DEFAULT_RUNTIME_DIR,
                        help="where the socket goes (default %(default)s)")
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR,
                        help="where the last good settings are kept (default %(default)s)")
    parser.add_argument("--socket-group", default="",
                        help="group that may use the socket (default: the process's)")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)

    from phone import settings
    from phone.service import AlreadyRunning, PhoneService
    from wire.logs import setup_logging

    setup_logging(args.log_level if args.log_level in ("DEBUG", "INFO", "WARNING",
                                                       "ERROR") else "INFO")
    service = PhoneService(settings.load(args.config, args.state_dir), args.runtime_dir,
                           socket_group=args.socket_group)
    # The handlers only set a flag; the loop finishes its turn and closes everything.
    signal.signal(signal.SIGTERM, lambda *_: service.stop())
    signal.signal(signal.SIGINT, lambda *_: service.stop())
    try:
        service.start()
    except AlreadyRunning as exc:
        print(f"phone: {exc}", file=sys.stderr)
        return 1
    try:
        service.run()
    finally:
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
