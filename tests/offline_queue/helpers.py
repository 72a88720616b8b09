"""Builders shared by the outbox tests: reports, a fake clock, configs."""

from __future__ import annotations

import json
from pathlib import Path

from core.config import Config, load_config
from tests.conftest import write_config
from wire.report import Event, KioskInfo, Report, Reporter

KIOSK = KioskInfo("test-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)
VALID_NIK = "3171234501900001"  # DKI Jakarta, born 45-01-90 (a woman's day + 40)
VALID_PHONE = "081234567890"

# Small delays so tests run in milliseconds, not minutes.
FAST_UPLOADER = """
[uploader]
backoff_base_s = 0.01
backoff_factor = 2.0
backoff_cap_s = 0.2
auth_retry_s = 0.5
idle_poll_s = 0.02
status_poll_s = 0.05
heartbeat_s = 0.5
batch_size = 8
"""


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


def make_config_path(tmp_path: Path, url: str = "http://127.0.0.1:9/api/v1",
                     extra: str = FAST_UPLOADER, timeout_s: float = 2.0,
                     server: str = "") -> Path:
    """The shared test config, with a client timeout and `server` lines replacing the
    token line (e.g. token_file, ca_bundle)."""
    path = write_config(tmp_path, url=url, extra=extra)
    text = path.read_text().replace("timeout_s = 2.0", f"timeout_s = {timeout_s}")
    if server:
        text = text.replace('token = "test-token-not-secret"', server)
    path.write_text(text)
    return path


def make_config(tmp_path: Path, url: str = "http://127.0.0.1:9/api/v1",
                extra: str = FAST_UPLOADER, timeout_s: float = 2.0,
                server: str = "") -> Config:
    return load_config(make_config_path(tmp_path, url, extra, timeout_s, server))
