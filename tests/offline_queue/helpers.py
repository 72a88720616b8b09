"""Builders shared by the outbox tests: reports, events, configs."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import TypedDict, Unpack

from core.config import Config, load_config
from devtools.kiosk_toml import Changes
from tests.support.config import FAST_UPLOADER, NOWHERE_URL, write_config
from wire.report import Event, KioskInfo, Report, Reporter

KIOSK = KioskInfo("test-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)
VALID_NIK = "3171234501900001"  # DKI Jakarta, born 45-01-90 (a woman's day + 40)
VALID_PHONE = "081234567890"

def report(category: str = "theft", description: str = "Dompet saya dicuri",
           with_reporter: bool = False) -> Report:
    reporter = Reporter(name="Budi Santoso", phone=VALID_PHONE, nik=VALID_NIK) \
        if with_reporter else None
    return Report.create(kiosk=KIOSK, category=category, language="id",
                         description=description, reporter=reporter)


def event(type: str = "call.started") -> Event:
    return Event.create(kiosk=KIOSK, type=type, data={"number": "test"})


def report_line(category: str = "theft", **extra: object) -> str:
    return json.dumps({"category": category, "language": "id",
                       "description": "Tas saya hilang", **extra})


class OtherSections(TypedDict, total=False):
    """What else a test of the uploader changes (`Sections` less the uploader's own)."""

    kiosk: Changes
    storage: Changes
    sealing: Changes


def make_config_path(tmp_path: Path, url: str = NOWHERE_URL,
                     uploader: Changes = FAST_UPLOADER, timeout_s: float = 2.0,
                     server: Changes | str = "",
                     **changes: Unpack[OtherSections]) -> Path:
    """The tests' config with fast uploader timers (`uploader`), a client timeout and
    `server` keys replacing the token (e.g. token_file, ca_bundle; as TOML lines too)."""
    if isinstance(server, str):
        server = tomllib.loads(server)
    if server:
        server = {"token": None, **server}
    return write_config(tmp_path, url=url, uploader=uploader,
                        server={"timeout_s": timeout_s, **server}, **changes)


def make_config(tmp_path: Path, url: str = NOWHERE_URL,
                uploader: Changes = FAST_UPLOADER, timeout_s: float = 2.0,
                server: Changes | str = "", **changes: Unpack[OtherSections]) -> Config:
    return load_config(make_config_path(tmp_path, url, uploader, timeout_s, server,
                                        **changes))
