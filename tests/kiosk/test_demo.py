"""`make demo` end to end, headless: the command centre, the simulators, the uploader and
the kiosk app each in its own process, as `python -m devtools.demo` starts them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import requests

from devtools.demo import ROOT, _free_port
from tests.support.wait import wait_until

PY = sys.executable
WAIT_S = 60.0


def _delivered(config: Path) -> int:
    out = subprocess.run([PY, "-m", "offline_queue", "--config", str(config), "status",
                          "--json"], cwd=ROOT, capture_output=True, text=True, check=True)
    return int(json.loads(out.stdout)["delivered"])


@pytest.mark.timeout(240)
def test_the_demo_runs_the_whole_kiosk_and_stops_every_part(tmp_path: Path) -> None:
    home, port = tmp_path / "demo", _free_port(0)
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    demo = subprocess.Popen([PY, "-m", "devtools.demo", "--home", str(home), "--port", str(port),
                             "--headless", "--no-screenshots"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    config = home / "kiosk.toml"
    try:
        # The kiosk app is up once it has written its device health.
        assert wait_until((home / "data" / "app-health.json").exists,
                          WAIT_S, every=0.2), "the kiosk app"
        health = json.loads((home / "data" / "app-health.json").read_text())
        assert {d["name"]: d["level"] for d in health["devices"]}["printer"] == "ok"

        # Lifting the simulated handset calls: the call.started event reaches the centre.
        subprocess.run([PY, "-m", "simulators", "ctl", "--dir", str(home / "sim"), "lift"],
                       cwd=ROOT, check=True, timeout=30)
        assert wait_until(lambda: _delivered(config) >= 1,
                          WAIT_S, every=0.2), "the call.started event to be delivered"

        # The demo centre has the network: the call is in the kiosk's Polres' inbox.
        def call_unit() -> str | None:
            with closing(sqlite3.connect(home / "cc" / "command_center.sqlite3")) as db:
                row = db.execute("SELECT unit_id FROM routes WHERE kind = 'call'").fetchone()
            return None if row is None else str(row[0])
        assert wait_until(lambda: call_unit() is not None,
                          WAIT_S, every=0.2), "the call to be routed"
        assert call_unit() == "polres-jakpus"

        # A written report goes through the outbox and the uploader to the centre.
        line = json.dumps({"category": "theft", "language": "en",
                           "description": "My phone was taken on the platform"})
        stored = subprocess.run([PY, "-m", "offline_queue", "--config", str(config),
                                 "enqueue"], cwd=ROOT, input=line + "\n", text=True,
                                capture_output=True, check=True, timeout=30)
        report_id = stored.stdout.strip()
        token = (home / "token").read_text().strip()

        def known() -> bool:
            r = requests.get(f"http://127.0.0.1:{port}/api/v1/reports/{report_id}/status",
                             headers={"Authorization": f"Bearer {token}"}, timeout=5)
            return r.status_code == 200
        assert wait_until(known, WAIT_S, every=0.2), "the report to reach the command centre"

        # The app's device health reaches the operators' fleet board with a heartbeat
        # (the demo's uploader sends one every 15 s).
        def fleet_devices() -> dict[str, dict[str, Any]]:
            with closing(sqlite3.connect(home / "cc" / "command_center.sqlite3")) as db:
                row = db.execute("SELECT heartbeat FROM kiosks").fetchone()
            body = json.loads(row[0]) if row and row[0] else {}
            return {d["name"]: d for d in body.get("devices", [])}
        assert wait_until(lambda: "printer" in fleet_devices(),
                          WAIT_S, every=0.2), "device health in a heartbeat"
        devices = fleet_devices()
        assert devices["printer"]["details"]["state"] == "online"
        assert set(devices) >= {"printer", "modem", "hook", "speech"}
    finally:
        demo.send_signal(signal.SIGTERM)
        out, _ = demo.communicate(timeout=60)
    assert "Kiosk 110 demo is running" in out
    assert not _running_with(str(home)), "demo children still running"


def _running_with(text: str) -> list[str]:
    """Command lines of live processes that mention `text`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in args:
            found.append(args)
    return found
