"""`python -m command_center`: registration, a served process, the OpenAPI document."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import requests

from command_center.db import DB_FILE

from .conftest import make_report

ROOT = Path(__file__).resolve().parents[2]


def cc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "command_center", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)


def test_add_kiosk_prints_the_token_last_and_stores_only_its_hash(tmp_path: Path) -> None:
    done = cc("--data-dir", str(tmp_path), "add-kiosk", "kiosk-a")
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    assert len(token) >= 43
    assert (tmp_path / DB_FILE).exists()
    assert token.encode() not in b"".join(p.read_bytes() for p in tmp_path.iterdir())
    again = cc("--data-dir", str(tmp_path), "add-kiosk", "kiosk-a")
    assert again.returncode == 1 and "already registered" in again.stderr


def test_add_operator_prints_a_password_last_and_stores_only_a_hash(tmp_path: Path) -> None:
    done = cc("--data-dir", str(tmp_path), "add-operator", "siti")
    assert done.returncode == 0, done.stderr
    password = done.stdout.strip().splitlines()[-1]
    assert len(password) >= 12
    assert password.encode() not in b"".join(p.read_bytes() for p in tmp_path.iterdir())


def test_the_served_process_accepts_reports_and_stops_on_sigterm(tmp_path: Path) -> None:
    token = cc("--data-dir", str(tmp_path), "add-kiosk", "kiosk-a").stdout.splitlines()[-1]
    proc = subprocess.Popen([sys.executable, "-m", "command_center", "--data-dir",
                             str(tmp_path), "--port", "0"], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split("listening on ")[1].split("/ ")[0]
        report = make_report()
        r = requests.post(f"{url}/api/v1/reports", data=report.to_json_bytes(), timeout=30,
                          headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201 and r.json()["id"] == report.id
    finally:
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal: systemd counts a
        # SIGTERM death as a clean stop.
        assert proc.wait(timeout=30) in (0, -signal.SIGTERM)


def test_docs_openapi_json_is_what_the_command_prints() -> None:
    done = cc("openapi")
    assert done.returncode == 0, done.stderr
    kept = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert json.loads(done.stdout) == kept, \
        "docs/openapi.json is stale: python -m command_center openapi > docs/openapi.json"


def test_add_kiosk_registers_its_place_and_refuses_a_bad_id_or_place(tmp_path: Path) -> None:
    done = cc("--data-dir", str(tmp_path), "add-kiosk", "mrt-01", "--station",
              "MRT Bundaran HI", "--lat", "-6.1932", "--lon", "106.823")
    assert done.returncode == 0 and "warning" not in done.stderr
    from command_center.sqlite import SqliteStore
    store = SqliteStore(tmp_path)
    kiosk = store.kiosks()[0]
    store.close()
    assert (kiosk.station, kiosk.lat, kiosk.lon) == ("MRT Bundaran HI", -6.1932, 106.823)
    assert cc("--data-dir", str(tmp_path), "add-kiosk", "has space").returncode == 2
    bad_place = cc("--data-dir", str(tmp_path), "add-kiosk", "mrt-02", "--station", "X")
    assert bad_place.returncode == 1 and "--lat" in bad_place.stderr
    unplaced = cc("--data-dir", str(tmp_path), "add-kiosk", "mrt-03")
    assert unplaced.returncode == 0 and "no registered place" in unplaced.stderr
    moved = cc("--data-dir", str(tmp_path), "set-kiosk-place", "mrt-03", "--station",
               "MRT Blok M", "--lat", "-6.2444", "--lon", "106.7981")
    assert moved.returncode == 0, moved.stderr


def test_a_public_url_that_is_not_one_is_refused_by_name(tmp_path: Path) -> None:
    done = cc("--data-dir", str(tmp_path), "--public-url", "cc.example", "serve")
    assert done.returncode == 2 and "--public-url" in done.stderr
