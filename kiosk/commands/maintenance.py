"""`set-pin` and `unlock-maintenance`: the console side of maintenance mode.

`set-pin` asks for the new PIN twice (without echo on a terminal; from stdin lines when
piped, so it can be scripted and tested), refuses weak PINs, and writes only its scrypt
hash into the config file's `[maintenance] pin_hash`, file mode 0600.

The config is edited as text, not re-serialised: tomllib cannot write, and a writer
library (tomli-w) would drop the operator's comments and layout. Only the one
`pin_hash` line changes (or is added); the edit is then proved safe by parsing the old
and the new text and requiring that nothing else differs, and the new file must load
as a valid config before it atomically replaces the old one. That check is what makes a
text edit trustworthy without tomlkit as a runtime dependency.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import re
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any, TextIO

from core.config import Config, config_from_dict
from core.errors import ConfigError
from core.files import atomic_write
from core.maintenance import (
    AccountabilitySink,
    AttemptTracker,
    EventQueue,
    MaintenanceEvent,
    kiosk_info,
)
from core.pin import hash_pin, pin_problem
from wire.logs import event

log = logging.getLogger(__name__)

_TABLE_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\[\]]+?)\s*\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


def register(sub: Any) -> None:
    p = sub.add_parser("set-pin", help="set the technician PIN for maintenance mode "
                       "(asks twice; writes only its hash into the config)")
    p.set_defaults(func=_set_pin)
    u = sub.add_parser("unlock-maintenance",
                       help="clear the maintenance lockout after too many wrong PINs")
    u.set_defaults(func=_unlock)


# ---------------------------------------------------------------- set-pin


def _read_pin(prompt: str, stdin: TextIO) -> str:
    if stdin.isatty():
        return getpass.getpass(prompt)
    line = stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def _set_pin(cfg: Config, args: argparse.Namespace) -> int:
    if cfg.path is None:
        print("set-pin: the config was not loaded from a file", file=sys.stderr)
        return 2
    try:
        pin = _read_pin("New maintenance PIN: ", sys.stdin)
        again = _read_pin("Repeat the PIN: ", sys.stdin)
    except (EOFError, KeyboardInterrupt):
        print("set-pin: cancelled; nothing changed", file=sys.stderr)
        return 1
    if pin != again:
        print("set-pin: the two PINs differ; nothing changed", file=sys.stderr)
        return 1
    if (problem := pin_problem(pin)) is not None:
        print(f"set-pin: refused: {problem}; nothing changed", file=sys.stderr)
        return 1
    try:
        write_pin_hash(cfg.path, hash_pin(pin))
    except (ConfigError, OSError) as exc:
        print(f"set-pin: {exc}; nothing changed", file=sys.stderr)
        return 1
    del pin, again
    _sink(cfg).record(MaintenanceEvent.PIN_CHANGED)
    print(f"set-pin: PIN hash written to {cfg.path} (mode 0600)")
    return 0


def set_table_key(text: str, table: str, key: str, value: str) -> str:
    """`text` with the line `key = …` of `[table]` replaced by `key = "value"`, or added.

    `value` must need no escaping (the PIN hash is base64 and `$`).
    """
    if not value.isprintable() or '"' in value or "\\" in value:
        raise ConfigError(f"{table}.{key}: value would need escaping")
    key_line = f'{key} = "{value}"'
    key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    start = next((i for i, line in enumerate(lines)
                  if (m := _TABLE_HEADER.match(line)) and m["name"] == table), None)
    if start is None:
        sep = "" if not text or text.endswith(("\n", "\r\n")) else newline
        return f"{text}{sep}{newline}[{table}]{newline}{key_line}{newline}"
    end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])),
               len(lines))
    for i in range(start + 1, end):
        if key_re.match(lines[i]):
            lines[i] = key_line + newline
            return "".join(lines)
    last = max((i for i in range(start, end) if lines[i].strip()), default=start)
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    lines.insert(last + 1, key_line + newline)
    return "".join(lines)


def write_pin_hash(path: Path, encoded: str) -> None:
    """Put `encoded` into `[maintenance] pin_hash` of the TOML file at `path`.

    Refuses (ConfigError, file untouched) unless the result parses, loads as a valid
    config, and differs from the original in that one key only.
    """
    old_text = path.read_text(encoding="utf-8")
    new_text = set_table_key(old_text, "maintenance", "pin_hash", encoded)
    try:
        old, new = tomllib.loads(old_text), tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot edit {path} safely ({exc}); set [maintenance] "
                          "pin_hash by hand") from exc
    expected = {**old, "maintenance": {**old.get("maintenance", {}), "pin_hash": encoded}}
    if new != expected:
        raise ConfigError(f"cannot edit {path} safely (unusual layout of [maintenance]); "
                          "set [maintenance] pin_hash by hand")
    config_from_dict(new, path=path)
    _replace_file(path, new_text)


def _replace_file(path: Path, text: str) -> None:
    """Atomic replace keeping the old file's owner, group and mode, less any bits for
    others (the file now holds the PIN hash). On a kiosk that is 0640 root:kiosk110, so
    the app and the uploader, running as kiosk110, can still read it."""
    st = path.stat()
    atomic_write(path, text.encode("utf-8"), stat.S_IMODE(st.st_mode) & 0o660,
                 owner=(st.st_uid, st.st_gid), sync_dir=True)


# ---------------------------------------------------------------- unlock-maintenance


def _unlock(cfg: Config, args: argparse.Namespace) -> int:
    try:
        cleared = AttemptTracker(cfg.storage.data_dir).unlock()
    except OSError as exc:
        print(f"unlock-maintenance: cannot write to {cfg.storage.data_dir}: {exc.strerror}",
              file=sys.stderr)
        return 1
    _sink(cfg).record(MaintenanceEvent.UNLOCKED, failures_cleared=cleared)
    print(f"unlock-maintenance: unlocked ({cleared} wrong PIN(s) cleared)")
    return 0


def _sink(cfg: Config) -> AccountabilitySink:
    return AccountabilitySink(kiosk_info(cfg), _open_outbox(cfg))


def _open_outbox(cfg: Config) -> EventQueue | None:
    """The outbox, so console actions reach the command centre too; None if unavailable."""
    try:
        from offline_queue.outbox import Outbox

        outbox: EventQueue = Outbox(cfg.outbox_path)
    except Exception as exc:  # not installed, unreadable database: still unlock/set the PIN
        event(log, "maintenance.outbox_unavailable", logging.WARNING,
              reason=type(exc).__name__)
        return None
    return outbox
