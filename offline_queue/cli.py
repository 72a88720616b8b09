"""`python -m offline_queue --config C <command>`: the outbox's command line.

    enqueue                 JSON Lines reports on stdin; each stored id printed on stdout
    run [--until-empty]     the uploader (until-empty: drain, then exit)
    status [--json]         {"pending", "delivered", "failed", "oldest_pending_s",
                             "waiting": {due, in_flight, link, item, auth}, "uplink"}
    list [--state S]        items without personal data
    retry ID | retry --all-failed
    recover [--force]       rebuild a damaged outbox (SQLite .recover) and swap it in
    keygen                  make this kiosk's signing key ([sealing] signing_key) and
                            print its public key for `add-kiosk --signing-key`

Exit codes: 0 done; 1 something was not done (a line refused or not stored, a failed
item left after --until-empty, an unknown id); 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO, TextIO

from core.config import DEFAULT_CONFIG_PATH, Config, load_config
from core.errors import ConfigError
from core.health import UPLINK_HEALTH_FILE, read_snapshot
from offline_queue.errors import DuplicateItem, ForeignItem, OutboxError
from offline_queue.items import Hold, ItemSummary, State
from offline_queue.outbox import Outbox
from wire.errors import ReportInvalid
from wire.logs import setup_logging
from wire.report import KioskInfo, Report
from wire.text import JsonInvalid, parse_json

MAX_LINE_BYTES = 64 * 1024  # a report is < 3 KB; anything far bigger is not one
SNAPSHOT_FRESH_S = 60.0  # the uploader rewrites its snapshot at least every 10 s


class LineRefused(Exception):
    """One input line is not a valid report; the message says why (no personal data)."""


def kiosk_info(cfg: Config) -> KioskInfo:
    k = cfg.kiosk
    return KioskInfo(k.id, k.station, k.latitude, k.longitude)


def parse_line(raw: bytes, kiosk: KioskInfo) -> Report:
    if len(raw) > MAX_LINE_BYTES:
        raise LineRefused(f"line is {len(raw)} bytes, more than {MAX_LINE_BYTES}")
    try:
        data = parse_json(raw)
    except JsonInvalid as exc:
        raise LineRefused(str(exc)) from None
    try:
        report = Report.from_dict(data, kiosk=kiosk)
    except ReportInvalid as exc:
        raise LineRefused(str(exc)) from None
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        # A shape the gate did not expect: still this line's problem, never the run's.
        raise LineRefused(f"malformed report ({type(exc).__name__})") from None
    if report.kiosk.id != kiosk.id:
        raise LineRefused(f"kiosk.id {report.kiosk.id!r} is not this kiosk ({kiosk.id!r}): "
                          "a kiosk sends only its own reports")
    return report


def read_lines(stream: BinaryIO) -> Iterator[bytes]:
    """Lines of `stream`; one longer than MAX_LINE_BYTES comes out cut (and is then
    refused for its size) without ever being held whole in memory."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield line


def enqueue_lines(lines: Iterable[bytes], outbox: Outbox, kiosk: KioskInfo,
                  out: TextIO, err: TextIO) -> int:
    """Store each valid line, printing its id right after the commit; the refused count.

    A storage failure (disk full, read-only, corrupt) stops the run: later lines would
    fail the same way, and input order must be kept.
    """
    refused = 0
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            report = parse_line(raw, kiosk)
            outbox.enqueue_report(report)
        except (LineRefused, DuplicateItem, ForeignItem) as exc:
            print(f"line {lineno}: refused: {exc}", file=err, flush=True)
            refused += 1
            continue
        except OutboxError as exc:
            print(f"line {lineno}: NOT stored: {exc}", file=err, flush=True)
            print(f"stopped at line {lineno}: it and any later lines were not stored",
                  file=err, flush=True)
            return refused + 1
        out.write(report.id + "\n")
        out.flush()
    return refused


def _enqueue(cfg: Config, args: argparse.Namespace) -> int:
    try:
        outbox = Outbox.for_config(cfg)
    except OutboxError as exc:
        print(f"offline_queue: nothing was stored: {exc}", file=sys.stderr)
        return 1
    with outbox:
        refused = enqueue_lines(read_lines(sys.stdin.buffer), outbox, kiosk_info(cfg),
                                sys.stdout, sys.stderr)
    return 1 if refused else 0


def _run(cfg: Config, args: argparse.Namespace) -> int:
    from offline_queue.service import run_process  # requests is imported only here

    return run_process(cfg, until_empty=args.until_empty)


def uplink_from_snapshot(cfg: Config, now: float) -> dict[str, Any] | None:
    """What the running uploader last said about the link and the clock, if recent."""
    snap = read_snapshot(cfg.storage.data_dir / UPLINK_HEALTH_FILE)
    if snap is None:
        return None
    try:
        age = now - float(snap.get("written_at") or 0.0)
        link = snap.get("link") or {}
        clock = snap.get("clock") or {}
        health = snap.get("health") or {}
        return {"state": str(link.get("state", "up")) if age <= SNAPSHOT_FRESH_S
                else "unknown", "reason": link.get("reason"),
                "auth_alarm": bool(snap.get("auth_alarm")),
                "clock_alarm": bool(clock.get("alarm")), "clock_skew_s": clock.get("skew_s"),
                "health": health.get("level"), "health_reason": health.get("reason"),
                "snapshot_age_s": round(max(0.0, age), 1)}
    except (TypeError, ValueError, AttributeError):
        return None


def _status(cfg: Config, args: argparse.Namespace) -> int:
    with Outbox.for_config(cfg) as outbox:
        stats = outbox.stats()
    uplink = uplink_from_snapshot(cfg, time.time())
    state = None if uplink is None else uplink["state"]
    # While the uploader waits for the link or a token, what is due waits for it too.
    stats = stats.blocked_by({"down": Hold.LINK, "busy": Hold.LINK, "checking": Hold.LINK,
                              "auth": Hold.AUTH}.get(str(state)))
    if args.json:
        print(json.dumps({**stats.to_dict(), "uplink": uplink}))
        return 0
    age = "-" if stats.oldest_pending_s is None else f"{stats.oldest_pending_s:.0f} s"
    print(f"pending: {stats.pending}\ndelivered: {stats.delivered}\n"
          f"failed: {stats.failed}\noldest pending: {age}")
    for why, wait in (stats.waiting or {}).items():
        if wait.count:
            oldest = "" if wait.oldest_s is None else f" (oldest {wait.oldest_s:.0f} s)"
            print(f"  waiting ({WAIT_WORDS[why]}): {wait.count}{oldest}")
    if uplink is not None:
        print(f"uplink: {uplink['state']} — {uplink['health_reason']}")
    return 0


WAIT_WORDS = {"due": "due, sending", "in_flight": "in flight", "link": "for the link",
              "item": "its own retry time", "auth": "for the token to be accepted"}


def _recover(cfg: Config, args: argparse.Namespace) -> int:
    from offline_queue.recover import recover_outbox

    result = recover_outbox(cfg, force=args.force)
    print(result.summary())
    return 0


def _format_row(item: ItemSummary) -> str:
    due = datetime.fromtimestamp(item.next_attempt_at, UTC).strftime("%Y-%m-%d %H:%M:%S")
    error = item.last_error or ""
    return (f"{item.id}  {item.kind.value:<6} {item.label:<18} {item.priority.value:<9} "
            f"{item.state.name.lower():<9} {item.attempts:>3}  {due}  {error}")


def _list(cfg: Config, args: argparse.Namespace) -> int:
    with Outbox.for_config(cfg) as outbox:
        items = outbox.list_items(args.state)
    if args.json:
        print(json.dumps([i.to_dict() for i in items], ensure_ascii=False))
        return 0
    print(f"{'id':<36}  {'kind':<6} {'category/type':<18} {'priority':<9} {'state':<9} "
          f"{'try':>3}  {'next attempt (UTC)':<19}  last error")
    for item in items:
        print(_format_row(item))
    return 0


def _retry(cfg: Config, args: argparse.Namespace) -> int:
    if bool(args.item_id) == bool(args.all_failed):
        print("retry: give either an item id or --all-failed", file=sys.stderr)
        return 2
    with Outbox.for_config(cfg) as outbox:
        if args.all_failed:
            print(f"{outbox.retry_all_failed()} failed item(s) queued again")
            return 0
        if outbox.retry(args.item_id):
            print(f"{args.item_id} queued again")
            return 0
    print(f"retry: no failed or waiting item with id {args.item_id}", file=sys.stderr)
    return 1


def _keygen(cfg: Config, args: argparse.Namespace) -> int:
    from wire.keys import KeyFileError, new_signing_key, private_pem, public_pem, write_new

    path = cfg.sealing.signing_key
    if path is None:
        print("keygen: set [sealing] signing_key (where the key is kept, e.g. "
              "/etc/kiosk110/signing.key) first", file=sys.stderr)
        return 2
    key = new_signing_key()
    try:
        write_new(path, private_pem(key.key), 0o600)
    except (KeyFileError, OSError) as exc:
        print(f"keygen: {exc}", file=sys.stderr)
        return 1
    pub = path.with_name(path.name + ".pub")
    pub.unlink(missing_ok=True)
    write_new(pub, public_pem(key.key.public_key()), 0o644)
    print(f"signing key {key.kid} written to {path} (0600). Register its public key "
          f"with the command centre: add-kiosk {cfg.kiosk.id} --signing-key {pub}",
          file=sys.stderr)
    sys.stdout.write(public_pem(key.key.public_key()).decode("ascii"))
    return 0


def _state(text: str) -> State:
    try:
        return State.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m offline_queue",
                                     description="Kiosk 110 outbox and uploader")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG_PATH),
                        help=f"kiosk TOML config (default {DEFAULT_CONFIG_PATH})")
    parser.add_argument("--log-level", default="INFO")
    sub = parser.add_subparsers(dest="command", metavar="command", required=True)
    sub.add_parser("enqueue", help="store JSON Lines reports read on stdin"
                   ).set_defaults(func=_enqueue)
    p = sub.add_parser("run", help="deliver the outbox (the uploader service)")
    p.add_argument("--until-empty", action="store_true",
                   help="exit when nothing is pending: 0 if nothing failed either")
    p.set_defaults(func=_run)
    p = sub.add_parser("status", help="queue counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_status)
    p = sub.add_parser("list", help="queued items, without personal data")
    p.add_argument("--state", type=_state, default=None,
                   help="pending, claimed, delivered or failed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_list)
    p = sub.add_parser("recover", help="rebuild a damaged outbox into a new file and "
                       "swap it in, keeping the original and its -wal/-shm aside")
    p.add_argument("--force", action="store_true",
                   help="rebuild even when the integrity check finds nothing wrong")
    p.set_defaults(func=_recover)
    p = sub.add_parser("retry", help="queue a failed item (or all) again")
    p.add_argument("item_id", nargs="?")
    p.add_argument("--all-failed", action="store_true")
    p.set_defaults(func=_retry)
    sub.add_parser("keygen", help="make this kiosk's signing key ([sealing] signing_key); "
                   "prints the public key to register with the command centre"
                   ).set_defaults(func=_keygen)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.log_level)
    try:
        cfg = load_config(args.config)
    except ConfigError as exc:
        print(f"offline_queue: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.func(cfg, args))
    except ConfigError as exc:  # e.g. an unreadable token_file, found when first needed
        print(f"offline_queue: configuration error: {exc}", file=sys.stderr)
        return 2
    except OutboxError as exc:
        print(f"offline_queue: {exc}", file=sys.stderr)
        return 1
