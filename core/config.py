"""Configuration: one TOML file, one frozen dataclass per section.

Every key is declared once, here, with its type, default, bounds and a one-line
description (`doc` in the field metadata). `load_config` validates the file at start-up
and raises `ConfigError` naming the key and the problem; unknown keys are errors so a
typo never silently falls back to a default. Timeouts and intervals have bounds: a 0
would spin a loop or give up at once (`dial_timeout_s = 0` hung up 110 at once).

Each process validates only the sections it owns (`Role`): the UI `[kiosk]`,
`[storage]`, `[sealing]` (it stores reports), `[printer]`, `[speech]`, `[ui]`,
`[maintenance]`; the uploader `[kiosk]`, `[server]`, `[storage]`, `[sealing]`,
`[uploader]`; the technician commands everything. A section
another process owns is read leniently (its defaults, if it is broken), so a missing
token never stops the screen. The phone process reads its own few keys with
`phone.settings`, which never fails at all.

Only `[kiosk]`, `[server]` and `[storage]` are required. A section that is absent gets
its defaults; a device with no `port` is "not installed" and the kiosk says so.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from core.errors import ConfigError
from core.ports import is_dialable
from wire.report import KIOSK_ID_PATTERN

DEFAULT_CONFIG_PATH = Path("/etc/kiosk110/kiosk.toml")


def _doc(text: str, *, bounds: tuple[float, float] | None = None, **kw: Any) -> Any:
    """A dataclass field with a one-line description kept in its metadata, and the
    bounds its value must keep, if any (checked by `_Section`, and added to the
    description: written once, they cannot disagree)."""
    metadata: dict[str, Any] = {"doc": text}
    if bounds is not None:
        metadata["bounds"] = bounds
        metadata["doc"] = f"{text} ({_number(bounds[0])}-{_number(bounds[1])})"
    return field(metadata=metadata, **kw)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


@dataclass(frozen=True)
class _Section:
    """A section that refuses, once built, a value outside its declared bounds."""

    def __post_init__(self) -> None:
        _bounded(self)


@dataclass(frozen=True)
class KioskSection:
    id: str = _doc("Kiosk identifier, unique in the fleet, e.g. 'mrt-bundaran-hi-01'")
    station: str = _doc("Human station name printed on tickets and sent with reports")
    latitude: float = _doc("Kiosk latitude, WGS84 degrees")
    longitude: float = _doc("Kiosk longitude, WGS84 degrees")
    languages: tuple[str, ...] = _doc("UI languages, first is the default", default=("id", "en"))


@dataclass(frozen=True)
class ServerSection:
    url: str = _doc("Command-centre API base URL, e.g. https://cc.example/api/v1")
    token: str | None = _doc("Bearer token for the API (or use token_file)", default=None,
                             repr=False)
    token_file: Path | None = _doc("File holding the bearer token", default=None)
    ca_bundle: Path | None = _doc("Custom CA bundle for TLS verification", default=None)
    timeout_s: float = _doc("HTTP request timeout in seconds", default=10.0, bounds=(0.05, 300))

    def read_token(self) -> str:
        """The bearer token, from `token` or `token_file`. Never log the result."""
        if self.token:
            return self.token
        if self.token_file is None:
            raise ConfigError("server.token: neither token nor token_file is set")
        try:
            text = self.token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"server.token_file: cannot read {self.token_file}: "
                              f"{exc.strerror}") from exc
        if not text:
            raise ConfigError(f"server.token_file: {self.token_file} is empty")
        return text


def _bounded(section: Any) -> None:
    """Refuse a value outside its field's bounds, naming the key (a timeout or an
    interval of 0 would spin a loop or give up at once)."""
    for f in dataclasses.fields(section):
        if "bounds" not in f.metadata:
            continue
        low, high = f.metadata["bounds"]
        value = getattr(section, f.name)
        if not low <= value <= high:
            raise ConfigError(f"{_section_name(type(section))}.{f.name}: {value!r} is "
                              f"outside {low:g}..{high:g}")


def _section_name(cls: type) -> str:
    """The section's name in the file: its field's in `Config`."""
    return next(name for name, tp in typing.get_type_hints(Config).items() if tp is cls)


@dataclass(frozen=True)
class StorageSection(_Section):
    data_dir: Path = _doc("Directory for the outbox database and health snapshots")
    retention_days: int = _doc("Days to keep delivered items (already purged of personal "
                               "data) before pruning", default=7, bounds=(0, 3650))
    purge_after_s: float = _doc("Seconds after a delivery by which its personal data has "
                                "left the outbox's -wal file too, by a TRUNCATE checkpoint",
                                default=1.0, bounds=(0.1, 60))


@dataclass(frozen=True)
class SealingSection:
    centre_key: Path | None = _doc("The command centre's public key (PEM, X25519) that "
                                   "every report's personal data is sealed to before it is "
                                   "stored", default=None)
    signing_key: Path | None = _doc("This kiosk's Ed25519 signing key (PEM, 0600; made by "
                                    "`python -m offline_queue --config C keygen`)",
                                    default=None)
    unsealed: bool = _doc("Development only: with no centre_key, store reports unsealed "
                          "(personal data in clear), logged as a warning. Off: a report "
                          "is refused until the keys are set (events and calls are never "
                          "affected)", default=False)


@dataclass(frozen=True)
class UploaderSection(_Section):
    heartbeat_s: float = _doc("Seconds between heartbeats to the command centre", default=60.0,
                              bounds=(0.05, 3600))
    backoff_base_s: float = _doc("First retry delay of an item the server could not take",
                                 default=2.0, bounds=(0.001, 60))
    backoff_factor: float = _doc("Multiplier per further attempt", default=2.0,
                                 bounds=(1, 10))
    backoff_cap_s: float = _doc("Longest retry delay; a Retry-After is honoured exactly "
                                "up to this cap", default=300.0, bounds=(0.01, 3600))
    auth_retry_s: float = _doc("Seconds between heartbeats while the server refuses our "
                               "token (401/403); at once when token_file changes", default=300.0,
                               bounds=(0.05, 3600))
    batch_size: int = _doc("Most answers settled in one group commit", default=16,
                           bounds=(1, 1000))
    window: int = _doc("Requests in flight at once, each on its own keep-alive "
                       "connection", default=4, bounds=(1, 16))
    idle_poll_s: float = _doc("Seconds between looks at an empty outbox for new items", default=0.5,
                              bounds=(0.01, 10))
    status_poll_s: float = _doc("Seconds between operator-status polls of recently "
                                "delivered reports", default=5.0, bounds=(0.05, 600))
    status_window_s: float = _doc("How long after delivery a report's operator status is "
                                  "polled", default=900.0, bounds=(0, 86400))
    messages_poll_s: float = _doc("Seconds between polls of the operator's text replies "
                                  "while a caller who cannot speak or hear is in a "
                                  "conversation", default=0.5, bounds=(0.05, 60))
    link_down_after: int = _doc("Requests in a row without an answer from the command "
                                "centre (connection, timeout, captive portal) that mean "
                                "the link is down", default=4, bounds=(1, 50))
    busy_after: int = _doc("Busy answers in a row (5xx, 408, 429) that pause all "
                           "sending", default=3, bounds=(1, 50))
    probe_min_s: float = _doc("While the link is down: seconds before the second probe "
                              "(a heartbeat; the first goes at once), doubling up to "
                              "probe_max_s", default=0.5, bounds=(0.05, 60))
    probe_max_s: float = _doc("Longest wait between probes of a down link",
                              default=3.0, bounds=(0.1, 300))
    recovery_jitter_s: float = _doc("After an outage only emergencies go, for a random "
                                    "time up to this (and up to a tenth of the outage), "
                                    "so a fleet does not flood a recovering centre",
                                    default=2.0, bounds=(0, 60))
    clock_alarm_s: float = _doc("Clock alarm when our clock differs from the command "
                                "centre's HTTP Date by more than this",
                                default=120.0, bounds=(5, 86400))

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.probe_max_s < self.probe_min_s:
            raise ConfigError("uploader.probe_max_s: must be at least probe_min_s")
        if self.backoff_cap_s < self.backoff_base_s:
            raise ConfigError("uploader.backoff_cap_s: must be at least backoff_base_s")


@dataclass(frozen=True)
class PrinterSection(_Section):
    port: str | None = _doc("Serial port or pyserial URL (spy://, a pty path); "
                            "unset = no printer", default=None)
    baudrate: int = _doc("Serial speed", default=9600, bounds=(300, 4_000_000))
    paper_width_mm: Literal[58, 80] = _doc("Paper roll width", default=80)
    columns: int | None = _doc("Characters per line in font A; default 32 on 58 mm, "
                               "48 on 80 mm", default=None)
    qr_mode: Literal["native", "raster"] = _doc("QR via the printer's GS ( k command, "
                                                "or as a raster image", default="native")
    status_url: str = _doc("Public ticket-status URL prefix; the QR encodes it plus the "
                           "ticket code", default="")
    timeout_s: float = _doc("Seconds to wait for a DLE EOT status answer", default=1.0,
                            bounds=(0.05, 30))
    code_page: Literal["cp437", "cp858", "cp1252"] = _doc(
        "Character code table for text (ESC t): cp437 is every printer's power-on "
        "default; cp858 and cp1252 (WPC1252) add more Latin letters", default="cp437")


@dataclass(frozen=True)
class ModemSection(_Section):
    port: str | None = _doc("Modem AT-command port or pyserial URL; unset = no modem",
                            default=None)
    baudrate: int = _doc("Serial speed", default=115200, bounds=(300, 4_000_000))
    emergency_numbers: tuple[str, ...] = _doc("Numbers tried in order for an emergency "
                                              "call", default=("110", "112"))
    test_number: str = _doc("Number technicians dial with test-call", default="")
    max_call_s: int = _doc("Longest call before the kiosk hangs up",
                           default=3600, bounds=(60, 86400))
    command_timeout_s: float = _doc("Timeout of an ordinary AT command",
                                    default=5.0, bounds=(0.2, 60))
    dial_timeout_s: float = _doc("Seconds a dialled call may take to start ringing (then "
                                 "the next number is tried) or, for a test call, to be "
                                 "answered; a ringing emergency call is never hung up",
                                 default=60.0, bounds=(5, 600))
    poll_interval_s: float = _doc("Seconds between AT+CLCC polls during a call",
                                  default=0.5, bounds=(0.05, 10))
    reopen_s: float = _doc("Seconds between attempts to reopen a missing modem port or "
                           "re-initialise a silent modem", default=5.0, bounds=(0.1, 300))
    refresh_s: float = _doc("Seconds between SIM/registration/signal checks while idle",
                            default=30.0, bounds=(0.05, 3600))

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.emergency_numbers:
            raise ConfigError("modem.emergency_numbers: must list at least one number")
        for i, number in enumerate(self.emergency_numbers):
            if not is_dialable(number):
                raise ConfigError(f"modem.emergency_numbers[{i}]: {number!r} must be digits "
                                  "with an optional leading +")
        if self.test_number and not is_dialable(self.test_number):
            raise ConfigError(f"modem.test_number: {self.test_number!r} must be digits with "
                              "an optional leading +")


@dataclass(frozen=True)
class HandsetSection(_Section):
    hook: Literal["none", "serial", "sim"] = _doc("Hook-switch backend", default="none")
    port: str | None = _doc("Serial port whose status line is the hook switch (serial), "
                            "or the simulator's pty (sim)", default=None)
    line: Literal["CTS", "DSR", "DCD", "RI"] = _doc("Modem-status line wired to the hook "
                                                    "switch", default="DSR")
    active_low: bool = _doc("True if the line is asserted while the handset is ON the "
                            "hook", default=False)
    debounce_ms: int = _doc("Hook state must be stable this long to count",
                            default=50, bounds=(0, 1000))

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.hook != "none" and not self.port:
            raise ConfigError(f"handset.port: required when handset.hook = {self.hook!r}")


@dataclass(frozen=True)
class SpeechSection(_Section):
    enabled: bool = _doc("Speak guidance aloud", default=True)
    rate: int = _doc("Words per minute", default=150, bounds=(50, 450))
    volume: float = _doc("Loudness, 1 the loudest", default=1.0, bounds=(0.0, 1.0))


@dataclass(frozen=True)
class UiSection(_Section):
    fullscreen: bool = _doc("Frameless fullscreen window (off for development)",
                            default=True)
    idle_timeout_s: int = _doc("Seconds without a touch before 'Still there?'",
                               default=60, bounds=(1, 3600))
    idle_countdown_s: int = _doc("Seconds of the 'Still there?' countdown",
                                 default=15, bounds=(1, 600))
    large_text: bool = _doc("Start in larger-text mode", default=False)
    voice_guidance: bool = _doc("Start with voice guidance on", default=True)
    status_poll_s: float = _doc("Seconds between report-status polls on the done "
                                "screen", default=5.0, bounds=(0.05, 600))
    health_every_s: float = _doc("Seconds between the app's device-health snapshots "
                                 "(app-health.json, read by the uploader and doctor)",
                                 default=30.0, bounds=(0.1, 3600))


@dataclass(frozen=True)
class MaintenanceSection(_Section):
    pin_hash: str = _doc("scrypt hash of the technician PIN, written by set-pin",
                         default="", repr=False)
    key_switch: str = _doc("Serial status line of a key switch as PORT:LINE; empty = none",
                           default="")
    gesture: str = _doc("Hidden entry gesture: hold a corner, then tap corners, e.g. "
                        "'hold:tl:3,tap:tr,br,bl'", default="hold:tl:3,tap:tr,br,bl")
    auto_exit_s: int = _doc("Leave maintenance after this long without a touch", default=120,
                            bounds=(10, 3600))
    language: Literal["id", "en"] = _doc("Language of the technicians' screens",
                                         default="id")


@dataclass(frozen=True)
class Config:
    kiosk: KioskSection
    server: ServerSection
    storage: StorageSection
    sealing: SealingSection = field(default_factory=SealingSection)
    uploader: UploaderSection = field(default_factory=UploaderSection)
    printer: PrinterSection = field(default_factory=PrinterSection)
    modem: ModemSection = field(default_factory=ModemSection)
    handset: HandsetSection = field(default_factory=HandsetSection)
    speech: SpeechSection = field(default_factory=SpeechSection)
    ui: UiSection = field(default_factory=UiSection)
    maintenance: MaintenanceSection = field(default_factory=MaintenanceSection)
    path: Path | None = None

    @property
    def outbox_path(self) -> Path:
        return self.storage.data_dir / "outbox.sqlite3"


REQUIRED_SECTIONS = ("kiosk", "server", "storage")


class Role(StrEnum):
    """Which process reads the config: each validates only the sections it owns."""

    UI = "ui"                # python -m kiosk run
    UPLOADER = "uploader"    # python -m offline_queue
    PHONE = "phone"          # technician commands of the phone (test-call)
    TOOLS = "tools"          # technician commands (doctor, test-print, set-pin …): all


SECTIONS: tuple[str, ...] = tuple(n for n in typing.get_type_hints(Config) if n != "path")
OWNED: dict[Role, frozenset[str]] = {
    Role.UI: frozenset({"kiosk", "storage", "sealing", "printer", "speech", "ui",
                        "maintenance"}),
    Role.UPLOADER: frozenset({"kiosk", "server", "storage", "sealing", "uploader"}),
    Role.PHONE: frozenset({"modem", "handset"}),
    Role.TOOLS: frozenset(SECTIONS),
}
# [modem] and [handset] belong to the phone process (phone/settings.py reads them and
# never fails); the others read them leniently, for display only.


def load_config(path: Path | str, role: Role = Role.TOOLS) -> Config:
    """Read the TOML file at `path` and validate the sections `role` owns."""
    return config_from_dict(read_toml(path), path=Path(path), role=role)


def read_toml(path: Path | str) -> dict[str, Any]:
    """The parsed file; ConfigError when it is missing, unreadable or not TOML."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8: {exc.reason}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def config_from_dict(raw: dict[str, Any], path: Path | None = None,
                     role: Role = Role.TOOLS) -> Config:
    owned = OWNED[role]
    hints = typing.get_type_hints(Config)
    sections: dict[str, Any] = {}
    for key in raw:
        # A section nobody knows is a typo ([prnter]): the UI and the tools say so.
        if (key not in hints or key == "path") and role in (Role.UI, Role.TOOLS):
            raise ConfigError(f"[{key}]: unknown section")
    for name in REQUIRED_SECTIONS:
        if name not in raw and name in owned:
            raise ConfigError(f"[{name}]: required section is missing")
    for name in SECTIONS:
        value = raw.get(name)
        if value is None and name not in REQUIRED_SECTIONS:
            continue
        if name in owned:
            sections[name] = strict_section(name, value)
        else:
            sections[name] = _lenient_section(name, value)
    return Config(**sections, path=path)


def strict_section(name: str, value: Any) -> Any:
    """Section `name` of the file, validated; ConfigError naming the key otherwise."""
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}]: must be a table")
    section = _build_section(name, typing.get_type_hints(Config)[name], value)
    check = _SECTION_CHECKS.get(name)
    if check is not None:
        check(section)
    return section


def _lenient_section(name: str, value: Any) -> Any:
    """Another process's section: as written if valid, else what it defaults to (that
    process reports the problem; this one only displays such values, if at all)."""
    try:
        return strict_section(name, value)
    except ConfigError:
        return _PLACEHOLDERS.get(name, typing.get_type_hints(Config)[name])()


@dataclass(frozen=True)
class Problem:
    """A config problem a process worked around: the key, what was wrong, what it did."""

    key: str
    message: str
    fatal: bool = True    # False: harmless (an unknown key, ignored)

    def __str__(self) -> str:
        return self.message


def forgiving_section(name: str, values: Any,
                      fallback: Any = None) -> tuple[Any, list[Problem]]:
    """Section `name` built key by key, never failing: a key that is unknown, of the
    wrong type or out of bounds is left at its default, and each is reported. For the
    emergency phone, which must run whatever the file says. `fallback`: the section
    used when it cannot be built at all (default: the declared defaults)."""
    cls = typing.get_type_hints(Config)[name]
    base = fallback if fallback is not None else cls()
    if values is None:
        return base, []
    if not isinstance(values, dict):
        return base, [Problem(f"[{name}]", f"[{name}]: must be a table; using defaults")]
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in values.items():
        if key not in known:
            problems.append(Problem(f"{name}.{key}", f"{name}.{key}: unknown key (ignored)",
                                    fatal=False))
            continue
        try:
            kwargs[key] = _coerce(f"{name}.{key}", hints[key], value)
        except ConfigError as exc:
            problems.append(Problem(f"{name}.{key}", f"{exc}; using the default"))
    while True:
        try:
            return cls(**kwargs), problems
        except ConfigError as exc:
            key = exc.key.partition(".")[2]
            if key not in kwargs or kwargs[key] == getattr(base, key):
                problems.append(Problem(exc.key, f"{exc}; using {name} defaults"))
                return base, problems
            default = getattr(base, key)
            problems.append(Problem(exc.key, f"{exc}; using {default!r}"))
            kwargs[key] = default


def _build_section(name: str, cls: type, values: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{name}.{key}: unknown key")
        kwargs[key] = _coerce(f"{name}.{key}", hints[key], value)
    for f in known.values():
        no_default = (f.default is dataclasses.MISSING
                      and f.default_factory is dataclasses.MISSING)
        if f.name not in kwargs and no_default:
            raise ConfigError(f"{name}.{f.name}: required key is missing "
                              f"({f.metadata.get('doc', '')})")
    return cls(**kwargs)


# Keys whose values never go into a message (the journal, the health snapshot).
_SECRET_KEYS = frozenset({"server.token", "maintenance.pin_hash"})


def _coerce(key: str, tp: Any, value: Any) -> Any:
    if key in _SECRET_KEYS:
        try:
            return _coerce_value(key, tp, value)
        except ConfigError:
            raise ConfigError(f"{key}: must be a string, got a {type(value).__name__} "
                              "(value not shown)") from None
    return _coerce_value(key, tp, value)


def _coerce_value(key: str, tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if value is None:
            return None
        return _coerce(key, non_none[0], value)
    if origin is Literal:
        if value not in args:
            allowed = ", ".join(repr(a) for a in args)
            raise ConfigError(f"{key}: {value!r} is not one of {allowed}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(f"{key}: must be a list, got {type(value).__name__}")
        return tuple(_coerce(f"{key}[{i}]", args[0], v) for i, v in enumerate(value))
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: must be true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}: must be an integer, got {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{key}: must be a number, got {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{key}: must be a string, got {value!r}")
        return value
    if tp is Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{key}: must be a non-empty path string, got {value!r}")
        return Path(value)
    raise ConfigError(f"{key}: unsupported type {tp}")  # a bug in this module, not the file


def _check_kiosk(k: KioskSection) -> None:
    if not re.fullmatch(KIOSK_ID_PATTERN, k.id):
        raise ConfigError(f"kiosk.id: {k.id!r} must be 1-64 letters, digits, '.', '_' or '-', "
                          "starting with a letter or digit")
    if not -90 <= k.latitude <= 90:
        raise ConfigError(f"kiosk.latitude: {k.latitude} is outside -90..90")
    if not -180 <= k.longitude <= 180:
        raise ConfigError(f"kiosk.longitude: {k.longitude} is outside -180..180")
    if not k.languages or any(lang not in ("id", "en") for lang in k.languages):
        raise ConfigError(f"kiosk.languages: {list(k.languages)} must be a non-empty list of "
                          "'id' and 'en'")


def _check_server(server: ServerSection) -> None:
    if not server.url.startswith(("http://", "https://")):
        raise ConfigError(f"server.url: {server.url!r} must start with http:// or https://")
    if server.token is None and server.token_file is None:
        raise ConfigError("server.token: set token or token_file")
    _bounded(server)


_SECTION_CHECKS: dict[str, Callable[[Any], None]] = {"kiosk": _check_kiosk,
                                                     "server": _check_server}
# What an invalid section that another process owns becomes in this one. Only the
# uploader talks to the server; elsewhere it is never used.
_PLACEHOLDERS: dict[str, Callable[[], Any]] = {
    "server": lambda: ServerSection(url=""),
    "kiosk": lambda: KioskSection(id="", station="", latitude=0.0, longitude=0.0),
    "storage": lambda: StorageSection(data_dir=Path("/var/lib/kiosk110")),
}


def describe(cls: type) -> list[tuple[str, str, str]]:
    """(key, default, description) rows of a section: used by docs and `--help`."""
    rows = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = repr(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            default = "(section defaults)"
        else:
            default = "(required)"
        rows.append((f.name, default, f.metadata.get("doc", "")))
    return rows
