"""`python -m command_center`: register kiosks and operators, serve, print the OpenAPI.

    python -m command_center --data-dir D add-kiosk KIOSK_ID --station S --lat Y --lon X
    python -m command_center --data-dir D set-kiosk-place KIOSK_ID --station S --lat Y --lon X
    python -m command_center --data-dir D rotate-token KIOSK_ID     # new token, last line
    python -m command_center --data-dir D add-operator NAME         # password, last line
    python -m command_center --data-dir D reset-password NAME       # new password, last line
    python -m command_center --data-dir D disable-operator NAME     # signs them out too
    python -m command_center --data-dir D enable-operator NAME
    python -m command_center --data-dir D keygen                   # a centre key pair
    python -m command_center --data-dir D keys                     # keys and backlogs
    python -m command_center --data-dir D retire-key KID [--force]
    python -m command_center --data-dir D add-kiosk-key KIOSK_ID FILE
    python -m command_center --data-dir D load-units [FILE]        # the 110 network
    python -m command_center --data-dir D units | add-unit | assign-kiosk | set-rule
    python -m command_center --data-dir D set-operator-unit NAME [UNIT] [--role R]
    python -m command_center --data-dir D [--host 127.0.0.1] [--port 8110] [serve]
    python -m command_center --data-dir D --database postgresql://… serve   # PostgreSQL
    python -m command_center openapi > docs/openapi.json

Serving options are generated from `command_center.settings.Settings` (one line of help
each); `--help` lists them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import MISSING
from pathlib import Path
from typing import Any

from command_center import network_cli
from command_center.errors import CommandCenterError
from command_center.model import Place
from command_center.settings import Settings, option_fields
from command_center.store import Store
from wire.logs import event, setup_logging
from wire.report import KIOSK_ID_PATTERN
from wire.text import text_problem

log = logging.getLogger("command_center")
DEFAULT_PORT = 8110
MAX_STATION = 120


def _yes_no_auto(text: str) -> bool | None:
    value = {"yes": True, "no": False, "auto": None}.get(text.lower(), "bad")
    if value == "bad":
        raise argparse.ArgumentTypeError("yes, no or auto")
    return value  # type: ignore[return-value]


def _add_settings(parser: argparse.ArgumentParser) -> None:
    for f in option_fields():
        flag = f.metadata.get("flag") or "--" + f.name.removesuffix("_s").replace("_", "-")
        default = f.default if f.default is not MISSING else None
        shown = default if default not in (None, ()) else (
            "auto" if f.type == "bool | None" else "none")
        kwargs: dict[str, Any] = {"dest": f.name, "help": f"{f.metadata['help']} "
                                  f"(default: {shown})"}
        if f.type == "tuple[str, ...]":
            kwargs.update(action="append", default=[], metavar="ADDR")
        elif f.type == "bool | None":
            kwargs.update(type=_yes_no_auto, default=None, metavar="yes|no|auto")
        elif f.type == "Synchronous":
            kwargs.update(choices=("full", "normal"), default=default)
        elif f.type in ("float", "int"):
            kwargs.update(type=float if f.type == "float" else int, default=default,
                          metavar="N")
        else:
            kwargs.update(default=default)
        parser.add_argument(flag, **kwargs)


def _place_options(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--station", required=required, help="the station's name, as "
                        "operators should see it")
    parser.add_argument("--lat", type=float, required=required, help="latitude, e.g. -6.1932")
    parser.add_argument("--lon", type=float, required=required, help="longitude, e.g. 106.823")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m command_center",
                                     description="Kiosk 110 reference command centre")
    parser.add_argument("--data-dir", type=Path, help="directory for the database (0700)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (0 = any free port; default {DEFAULT_PORT})")
    parser.add_argument("--access-log", action="store_true", help="log every request "
                        "(query values other than page/only_open/refresh are masked)")
    parser.add_argument("--log-level", default="INFO")
    _add_settings(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("serve", help="serve (the default)")
    kiosk = sub.add_parser("add-kiosk", help="register a kiosk and its place; prints its "
                           "token")
    kiosk.add_argument("kiosk_id")
    _place_options(kiosk, required=False)
    kiosk.add_argument("--signing-key", type=Path, metavar="FILE",
                       help="the kiosk's public signing key (PEM; `python -m offline_queue "
                            "keygen` on the kiosk prints it): its reports must be sealed "
                            "and signed with it")
    sub.add_parser("keygen", help="make a new centre key pair (kiosks seal to it); prints "
                   "the public key file to install on the kiosks")
    sub.add_parser("keys", help="list the centre keys, the kiosks' signing keys, and which "
                   "kiosks still hold reports sealed to an old centre key")
    retire = sub.add_parser("retire-key", help="delete an old centre private key, once no "
                            "kiosk holds reports sealed to it")
    retire.add_argument("kid")
    retire.add_argument("--force", action="store_true",
                        help="even though a kiosk may still hold reports sealed to it")
    partner = sub.add_parser("add-partner", help="register (or update) a partner agency "
                             "that gets CAP alerts of some categories")
    partner.add_argument("partner_id")
    partner.add_argument("--name", required=True, help="e.g. 'Damkar Jakarta Pusat'")
    partner.add_argument("--url", required=True, help="where to POST CAP alerts (https)")
    partner.add_argument("--categories", required=True,
                         help="comma-separated report categories, e.g. fire,accident")
    partner.add_argument("--token-file", type=Path,
                         help="the bearer token the partner gave us (kept in the keys dir)")
    partner.add_argument("--disabled", action="store_true", help="keep it, send nothing")
    kkey = sub.add_parser("add-kiosk-key", help="register another signing key of a kiosk "
                          "(a rotated key; the old one stays accepted)")
    kkey.add_argument("kiosk_id")
    kkey.add_argument("file", type=Path)
    place = sub.add_parser("set-kiosk-place", help="register where a kiosk stands")
    place.add_argument("kiosk_id")
    _place_options(place, required=True)
    rotate = sub.add_parser("rotate-token", help="give a kiosk a new token")
    rotate.add_argument("kiosk_id")
    for name, text in (("add-operator", "add an operator; prints a password"),
                       ("reset-password", "give an operator a new password (prints it) "
                                          "and end their sessions"),
                       ("disable-operator", "stop an operator signing in; ends their "
                                            "sessions at once"),
                       ("enable-operator", "let a disabled operator sign in again")):
        sub.add_parser(name, help=text).add_argument("name")
    sub.add_parser("openapi", help="print the OpenAPI document (for docs/openapi.json)")
    network_cli.add_parsers(sub)   # the 110 network (docs/network.md)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Everything this process creates (database, its -wal/-shm, temp files) is private.
    os.umask(0o077)
    args = build_parser().parse_args(argv)
    setup_logging(args.log_level)
    if args.command == "openapi":
        return _print_openapi()
    if args.data_dir is None:
        print("error: --data-dir is required", file=sys.stderr)
        return 2
    try:
        settings = _settings(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    commands: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
        "add-kiosk": _add_kiosk, "set-kiosk-place": _set_place, "rotate-token": _rotate,
        "add-operator": _add_operator, "reset-password": _reset_password,
        "disable-operator": _disable, "enable-operator": _enable,
        "keygen": _keygen, "keys": _keys, "retire-key": _retire_key,
        "add-kiosk-key": _add_kiosk_key, "add-partner": _add_partner,
        **network_cli.commands(_store)}
    try:
        command = commands.get(args.command or "serve")
        if command is None:
            return _serve(settings, args.host, args.port, args.access_log)
        return command(settings, args)
    except CommandCenterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _settings(args: argparse.Namespace) -> Settings:
    from command_center.urls import check_public_url
    values = {f.name: getattr(args, f.name) for f in option_fields()}
    values["trusted_proxies"] = tuple(values["trusted_proxies"])
    if values["public_url"] is not None:
        values["public_url"] = check_public_url(values["public_url"])
    if values["database_url"] is not None:
        from command_center.postgres import SCHEMES, is_postgres_url
        if not is_postgres_url(values["database_url"]):
            raise ValueError(f"--database: a URL starting {' or '.join(SCHEMES)} "
                             "(without it the centre uses SQLite in the data dir)")
    return Settings(data_dir=args.data_dir, **values)


def _store(settings: Settings) -> Store:
    from command_center.app import open_store
    return open_store(settings)


def _place(args: argparse.Namespace) -> Place | None:
    if args.station is None and args.lat is None and args.lon is None:
        return None
    if args.station is None or args.lat is None or args.lon is None:
        raise CommandCenterError("give all of --station, --lat and --lon")
    station = args.station.strip()
    if not station or len(station) > MAX_STATION or text_problem(station) is not None:
        raise CommandCenterError(f"a station name has 1 to {MAX_STATION} characters, "
                                 "without control characters")
    if not (-90 <= args.lat <= 90 and -180 <= args.lon <= 180):
        raise CommandCenterError("--lat must be -90…90 and --lon -180…180")
    return Place(station, args.lat, args.lon)


def _add_kiosk(settings: Settings, args: argparse.Namespace) -> int:
    import re
    if not re.fullmatch(KIOSK_ID_PATTERN, args.kiosk_id):
        print("error: a kiosk id has 1 to 64 letters, digits, '.', '_' or '-' (and starts "
              "with a letter or digit)", file=sys.stderr)
        return 2
    place = _place(args)
    pem = _read_key_file(args.signing_key) if args.signing_key else None
    if pem is not None:   # checked before anything is registered
        from wire.keys import KeyFileError, verify_key_from_pem
        try:
            verify_key_from_pem(pem, str(args.signing_key))
        except KeyFileError as exc:
            raise CommandCenterError(str(exc)) from None
    store = _store(settings)
    token = store.add_kiosk(args.kiosk_id, place)
    store.close()
    if pem is not None:
        key = _keyring(settings).add_kiosk_key(args.kiosk_id, pem)
        print(f"kiosk {args.kiosk_id}: signing key {key.kid} registered")
    if place is None:
        print(f"warning: kiosk {args.kiosk_id} has no registered place: its reports will "
              "show the place the kiosk claims, flagged unverified. Register it with "
              "set-kiosk-place.", file=sys.stderr)
    print(f"kiosk {args.kiosk_id} registered; its token (shown once; put it in the kiosk's "
          "[server] token_file):")
    print(token)
    return 0


def _set_place(settings: Settings, args: argparse.Namespace) -> int:
    place = _place(args)
    assert place is not None
    store = _store(settings)
    store.set_kiosk_place(args.kiosk_id, place)
    store.close()
    print(f"kiosk {args.kiosk_id} is at {place.station} ({place.lat}, {place.lon})")
    return 0


def _rotate(settings: Settings, args: argparse.Namespace) -> int:
    store = _store(settings)
    token = store.rotate_kiosk_token(args.kiosk_id)
    store.close()
    print(f"kiosk {args.kiosk_id} has a new token; the old one no longer works:")
    print(token)
    return 0


def _keyring(settings: Settings) -> Any:
    from command_center.keyring import Keyring
    return Keyring(settings.keys_path)


def _read_key_file(path: Path) -> bytes:
    try:
        return path.read_bytes()[:16384]
    except OSError as exc:
        raise CommandCenterError(f"cannot read {path}: {exc.strerror}") from None


def _keygen(settings: Settings, args: argparse.Namespace) -> int:
    keyring = _keyring(settings)
    old = keyring.current_kid()
    key = keyring.new_centre_key()
    keyring.at_rest()   # the at-rest key too, on a fresh install
    print(f"centre key {key.kid} made current" + (f" (the old one, {old}, is kept until "
          "every kiosk's backlog sealed to it is delivered: see `keys`)" if old else ""))
    print("install this public key on every kiosk as [sealing] centre_key:")
    print(keyring.centre_dir / f"{key.kid}.pub")
    return 0


def _backlogs(settings: Settings) -> dict[str, dict[str, int] | None]:
    """Each kiosk's undelivered reports by the centre key they are sealed to, from its
    latest heartbeat (None: no heartbeat says)."""
    store = _store(settings)
    try:
        kiosks = store.kiosks()
    finally:
        store.close()
    out: dict[str, dict[str, int] | None] = {}
    for k in kiosks:
        sealing = (k.heartbeat or {}).get("sealing")
        backlog = sealing.get("backlog") if isinstance(sealing, dict) else None
        out[k.id] = ({str(kid): int(n) for kid, n in backlog.items()
                      if isinstance(n, int)} if isinstance(backlog, dict) else None)
    return out


def _keys(settings: Settings, args: argparse.Namespace) -> int:
    keyring = _keyring(settings)
    current = keyring.current_kid()
    backlogs = _backlogs(settings)
    for kid in keyring.centre_kids():
        holders = sorted(k for k, b in backlogs.items() if b and b.get(kid))
        unknown = sorted(k for k, b in backlogs.items() if b is None)
        print(f"centre key {kid}{' (current)' if kid == current else ''}: "
              f"{len(holders)} kiosk(s) hold reports sealed to it"
              + (f" ({', '.join(holders)})" if holders else "")
              + (f"; {len(unknown)} kiosk(s) have not said" if unknown and kid != current
                 else ""))
    for kiosk_id in sorted(backlogs):
        kids = ", ".join(keyring.kiosk_kids(kiosk_id)) or "none (sends unsealed)"
        print(f"kiosk {kiosk_id}: signing keys {kids}")
    return 0


def _retire_key(settings: Settings, args: argparse.Namespace) -> int:
    backlogs = _backlogs(settings)
    holders = sorted(k for k, b in backlogs.items() if b is None or b.get(args.kid))
    if holders and not args.force:
        print(f"error: kiosk(s) {', '.join(holders)} may still hold reports sealed to "
              f"{args.kid} (their latest heartbeat says so, or says nothing): they could "
              "never be opened. Wait for their backlog to drain, or --force.",
              file=sys.stderr)
        return 1
    _keyring(settings).retire_centre_key(args.kid)
    event(log, "keys.centre_key_retired", logging.WARNING, kid=args.kid, forced=args.force)
    print(f"centre key {args.kid} deleted")
    return 0


def _add_kiosk_key(settings: Settings, args: argparse.Namespace) -> int:
    store = _store(settings)
    try:
        known = any(k.id == args.kiosk_id for k in store.kiosks())
    finally:
        store.close()
    if not known:
        raise CommandCenterError(f"no kiosk {args.kiosk_id!r} (add-kiosk first)")
    key = _keyring(settings).add_kiosk_key(args.kiosk_id, _read_key_file(args.file))
    print(f"kiosk {args.kiosk_id}: signing key {key.kid} registered")
    return 0


def _add_partner(settings: Settings, args: argparse.Namespace) -> int:
    import re

    from command_center.forwarding import save_partner_token
    from command_center.model import Partner
    from wire import categories
    if not re.fullmatch(KIOSK_ID_PATTERN, args.partner_id):
        raise CommandCenterError("a partner id has 1 to 64 letters, digits, '.', '_' or '-'")
    wanted = tuple(c.strip() for c in args.categories.split(",") if c.strip())
    unknown = [c for c in wanted if c not in categories.BY_CODE]
    if unknown or not wanted:
        raise CommandCenterError(f"unknown categories {unknown}; known: "
                                 + ", ".join(categories.BY_CODE))
    if not args.url.startswith(("https://", "http://")) or text_problem(args.url):
        raise CommandCenterError("--url must be an http(s) URL")
    name = args.name.strip()
    if not name or len(name) > MAX_STATION or text_problem(name) is not None:
        raise CommandCenterError("a partner name has 1 to 120 characters")
    if args.token_file is not None:
        save_partner_token(_keyring(settings), args.partner_id,
                           _read_key_file(args.token_file).decode("utf-8", "replace"))
    store = _store(settings)
    try:
        store.put_partner(Partner(args.partner_id, name, args.url, wanted,
                                  enabled=not args.disabled))
    finally:
        store.close()
    print(f"partner {args.partner_id} gets {', '.join(wanted)} as CAP at {args.url}")
    return 0


def _operator_name(name: str) -> str:
    if not name or len(name) > 64 or text_problem(name) is not None or name != name.strip():
        raise CommandCenterError("an operator name has 1 to 64 characters, without "
                                 "control characters or surrounding spaces")
    return name


def _add_operator(settings: Settings, args: argparse.Namespace) -> int:
    from command_center.auth import new_password
    name = _operator_name(args.name)
    password = new_password()
    store = _store(settings)
    store.add_operator(name, password)
    store.close()
    print(f"operator {name} added; password (shown once):")
    print(password)
    return 0


def _reset_password(settings: Settings, args: argparse.Namespace) -> int:
    from command_center.auth import new_password
    password = new_password()
    store = _store(settings)
    store.set_password(args.name, password)
    store.close()
    event(log, "operator.password_reset", operator=args.name)
    print(f"operator {args.name} has a new password (shown once); their sessions ended:")
    print(password)
    return 0


def _disable(settings: Settings, args: argparse.Namespace) -> int:
    return _set_enabled(settings, args.name, False, "disabled and signed out everywhere")


def _enable(settings: Settings, args: argparse.Namespace) -> int:
    return _set_enabled(settings, args.name, True, "may sign in again")


def _set_enabled(settings: Settings, name: str, enabled: bool, told: str) -> int:
    store = _store(settings)
    store.set_operator_enabled(name, enabled)
    store.close()
    event(log, "operator.enabled" if enabled else "operator.disabled", operator=name)
    print(f"operator {name} {told}")
    return 0


def _serve(settings: Settings, host: str, port: int, access_log: bool) -> int:
    from command_center.app import create_app
    from command_center.server import bind, serve, url_of
    app = create_app(settings)
    sock = bind(host, port)
    url = url_of(sock)
    print(f"command centre listening on {url}/ — inbox {url}/inbox, "
          f"kiosk API {url}/api/v1", flush=True)
    event(log, "server.listening", url=url, public_url=settings.public_url)
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
