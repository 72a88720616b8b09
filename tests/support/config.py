"""The tests' one way to write a kiosk config: devtools/kiosk_toml.py's builder with
the tests' kiosk, sealing keys (tests/support/keys.py) and a fresh data dir.

    path = write_config(tmp_path, modem={"test_number": "5550100"})
    cfg = load_test_config(tmp_path, simulated_devices(modem=sim.port), url=receiver.url,
                           ui={"fullscreen": False})
"""

from __future__ import annotations

from pathlib import Path
from typing import Unpack

from core.config import Config, load_config
from devtools.kiosk_toml import KioskToml, Sections, kiosk_toml
from tests.support.keys import write_kiosk_keys

NOWHERE_URL = "http://127.0.0.1:9/api/v1"   # the discard port: nobody answers
TEST_TOKEN = "test-token-not-secret"  # what tests/support/receiver.py takes

# Small delays so the uploader's tests run in milliseconds, not minutes.
FAST_UPLOADER: dict[str, float | int] = {
    "backoff_base_s": 0.01, "backoff_factor": 2.0, "backoff_cap_s": 0.2,
    "auth_retry_s": 0.5, "idle_poll_s": 0.02, "status_poll_s": 0.05,
    "heartbeat_s": 0.5, "batch_size": 8}


# A kiosk app on a developer's screen: in a window, silent, no idle reset mid-test.
WINDOWED = Sections(speech={"enabled": False},
                    ui={"fullscreen": False, "idle_timeout_s": 600})


def base_toml(tmp_path: Path, url: str = NOWHERE_URL) -> KioskToml:
    """The tests' kiosk: id test-kiosk-01, a 2 s client timeout, sealed to the tests'
    centre key, its data under `tmp_path`/data."""
    data_dir = tmp_path / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    centre_key, signing_key = write_kiosk_keys(tmp_path / "keys")
    return kiosk_toml(url=url, data_dir=data_dir, token=TEST_TOKEN).changed(
        server={"timeout_s": 2.0},
        sealing={"centre_key": centre_key, "signing_key": signing_key})


def write_config(tmp_path: Path, *layers: Sections, url: str = NOWHERE_URL,
                 **changes: Unpack[Sections]) -> Path:
    """`tmp_path`/kiosk.toml: the tests' kiosk with `layers`, then `changes`."""
    return base_toml(tmp_path, url).changed(*layers, **changes).write(
        tmp_path / "kiosk.toml")


def load_test_config(tmp_path: Path, *layers: Sections, url: str = NOWHERE_URL,
                     **changes: Unpack[Sections]) -> Config:
    return load_config(write_config(tmp_path, *layers, url=url, **changes))
