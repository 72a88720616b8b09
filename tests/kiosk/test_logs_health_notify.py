"""Structured logs mask personal data; health snapshots are atomic; sd_notify speaks."""

from __future__ import annotations

import io
import json
import logging
import socket
from pathlib import Path

import pytest

from core.health import Health, Level, read_devices, read_snapshot, worst, write_devices
from core.sdnotify import Notifier
from wire.logs import JsonFormatter, event, mask_pii


def test_mask_pii_hides_nik_phone_token_and_pin() -> None:
    text = ("nik 3171014501900001 phone +62 812-3456-7890 or 081234567890 "
            "Authorization: Bearer abc.def-123 token=xyz pin: 482913 landline 0215795123")
    masked = mask_pii(text)
    for secret in ("3171014501900001", "812-3456", "081234567890", "abc.def-123", "xyz",
                   "482913", "0215795123"):
        assert secret not in masked
    assert "[NIK]" in masked and "[PHONE]" in masked


def test_token_like_parameters_are_masked_whatever_their_prefix() -> None:
    masked = mask_pii('GET /api/v1/reports?access_token=s3cr3t&page=2 '
                      'refresh_token: "r3fr3sh" api_secret=zz9 spin=3')
    for secret in ("s3cr3t", "r3fr3sh", "zz9"):
        assert secret not in masked
    assert "page=2" in masked and "spin=3" in masked


@pytest.mark.logs_pii   # logs personal data on purpose, to check what is shown
def test_log_lines_are_json_and_sensitive_fields_are_hidden() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("test.logs")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        event(log, "report.enqueued", id="abc", phone="081234567890",
              note="call 081234567890", reporter={"nik": "3171014501900001"})
    finally:
        log.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["event"] == "report.enqueued" and line["id"] == "abc"
    assert line["phone"] == "***" and line["reporter"] == "***"
    assert "0812" not in stream.getvalue()


def test_health_snapshot_round_trip_and_worst(tmp_path: Path) -> None:
    devices = [Health("printer", Level.WARN, "paper near end"),
               Health("modem", Level.OK, "registered, -71 dBm", {"signal_dbm": -71})]
    write_devices(tmp_path, devices)
    assert read_devices(tmp_path) == devices
    assert worst(devices) is Level.WARN
    assert worst([]) is Level.OK
    (tmp_path / "broken.json").write_text("{not json")
    assert read_snapshot(tmp_path / "broken.json") is None
    assert not list(tmp_path.glob("*.tmp*"))


def test_notifier_sends_ready_and_watchdog_to_a_real_socket(tmp_path: Path) -> None:
    path = str(tmp_path / "notify.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(path)
        server.settimeout(2)
        n = Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "4000000"})
        assert n.enabled and n.watchdog_interval_s == 2.0
        assert n.ready("home screen shown")
        assert n.watchdog()
        assert server.recv(100) == b"READY=1\nSTATUS=home screen shown"
        assert server.recv(100) == b"WATCHDOG=1"


def test_notifier_without_socket_is_a_no_op() -> None:
    n = Notifier({})
    assert not n.enabled and n.watchdog_interval_s is None and not n.ready()
    other = Notifier({"NOTIFY_SOCKET": "/nonexistent/sock", "WATCHDOG_USEC": "10",
                      "WATCHDOG_PID": "1"})
    assert other.watchdog_interval_s is None and not other.watchdog()
