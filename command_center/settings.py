"""How one command-centre instance runs: the command line fills this in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from command_center.db import Synchronous


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    # Seconds between kiosk heartbeats ([uploader] heartbeat_s on the kiosks); a kiosk
    # silent for 3 of these raises an alarm on the fleet board.
    heartbeat_interval_s: float = 60.0
    synchronous: Synchronous = "full"  # see command_center.db and docs/api.md
    # The public base URL (e.g. https://cc.example) when behind a proxy that does not
    # pass the original host; otherwise ticket URLs are built from each request.
    public_url: str | None = None
    # Secure cookies: None = when the request arrived over https.
    secure_cookies: bool | None = None
    inbox_refresh_s: int = 5
