"""`python -m command_center`: register kiosks and operators, serve, print the OpenAPI.

    python -m command_center --data-dir D add-kiosk KIOSK_ID     # token on the last line
    python -m command_center --data-dir D add-operator NAME      # password on the last line
    python -m command_center --data-dir D rotate-token KIOSK_ID  # new token on the last line
    python -m command_center --data-dir D [--host 127.0.0.1] [--port 8110]   # serve
    python -m command_center openapi > docs/openapi.json
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

from command_center.errors import CommandCenterError
from command_center.settings import Settings
from wire.logs import event, setup_logging

log = logging.getLogger("command_center")
DEFAULT_PORT = 8110


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m command_center",
                                     description="Kiosk 110 reference command centre")
    parser.add_argument("--data-dir", type=Path, help="directory for the database and keys")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (0 = any free port; default {DEFAULT_PORT})")
    parser.add_argument("--public-url", help="base URL for ticket links, e.g. https://cc.example")
    parser.add_argument("--heartbeat-interval", type=float, default=60.0, metavar="S",
                        help="kiosks' heartbeat interval; 3 missed raise an alarm")
    parser.add_argument("--synchronous", choices=("full", "normal"), default="full",
                        help="SQLite durability (see docs/api.md, Durability)")
    parser.add_argument("--access-log", action="store_true", help="log every request")
    parser.add_argument("--log-level", default="INFO")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("serve", help="serve (the default)")
    kiosk = sub.add_parser("add-kiosk", help="register a kiosk; prints its token")
    kiosk.add_argument("kiosk_id")
    rotate = sub.add_parser("rotate-token", help="give a kiosk a new token")
    rotate.add_argument("kiosk_id")
    operator = sub.add_parser("add-operator", help="add an operator; prints a password")
    operator.add_argument("name")
    sub.add_parser("openapi", help="print the OpenAPI document (for docs/openapi.json)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.log_level)
    if args.command == "openapi":
        return _print_openapi()
    if args.data_dir is None:
        print("error: --data-dir is required", file=sys.stderr)
        return 2
    settings = Settings(data_dir=args.data_dir, heartbeat_interval_s=args.heartbeat_interval,
                        synchronous=args.synchronous, public_url=args.public_url)
    try:
        if args.command == "add-kiosk":
            return _add_kiosk(settings, args.kiosk_id)
        if args.command == "rotate-token":
            return _rotate(settings, args.kiosk_id)
        if args.command == "add-operator":
            return _add_operator(settings, args.name)
        return _serve(settings, args.host, args.port, args.access_log)
    except CommandCenterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _add_kiosk(settings: Settings, kiosk_id: str) -> int:
    from command_center.store import Store
    if not kiosk_id or len(kiosk_id) > 64:
        print("error: a kiosk id has 1 to 64 characters", file=sys.stderr)
        return 2
    store = Store(settings.data_dir)
    token = store.add_kiosk(kiosk_id)
    store.close()
    print(f"kiosk {kiosk_id} registered; its token (shown once; put it in the kiosk's "
          "[server] token_file):")
    print(token)
    return 0


def _rotate(settings: Settings, kiosk_id: str) -> int:
    from command_center.store import Store
    store = Store(settings.data_dir)
    token = store.rotate_kiosk_token(kiosk_id)
    store.close()
    print(f"kiosk {kiosk_id} has a new token; the old one no longer works:")
    print(token)
    return 0


def _add_operator(settings: Settings, name: str) -> int:
    from command_center.auth import new_password
    from command_center.store import Store
    if not name or len(name) > 64 or not name.isprintable():
        print("error: an operator name has 1 to 64 printable characters", file=sys.stderr)
        return 2
    password = new_password()
    store = Store(settings.data_dir)
    store.add_operator(name, password)
    store.close()
    print(f"operator {name} added; password (shown once):")
    print(password)
    return 0


def _serve(settings: Settings, host: str, port: int, access_log: bool) -> int:
    from command_center.app import create_app
    from command_center.server import bind, serve, url_of
    app = create_app(settings)
    sock = bind(host, port)
    url = url_of(sock)
    print(f"command centre listening on {url}/ — inbox {url}/inbox, "
          f"kiosk API {url}/api/v1", flush=True)
    event(log, "server.listening", url=url)
    serve(app, sock, access_log)
    return 0


def _print_openapi() -> int:
    from command_center.app import create_app
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp)))
        print(json.dumps(app.openapi(), indent=2, ensure_ascii=False))
        app.state.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
