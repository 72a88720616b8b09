"""`doctor`: each part ok / warn / fail with a plain reason, against real parts — the
printer, modem and hook simulators on ptys, HTTP(S) servers on 127.0.0.1, a real outbox."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.config import ServerSection, load_config
from core.health import UPLINK_HEALTH_FILE, Health, Level, write_devices, write_snapshot
from core.health_rules import MB
from devtools.kiosk_toml import Changes, Sections
from hardware.serialport import open_port
from kiosk import diagnostics
from kiosk.cli import main
from offline_queue.outbox import Outbox
from phone.protocol import SOCKET_ENV
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from simulators.printer import PrinterSimulator
from tests.phone.support import PhoneProcess, phone_process
from tests.support.config import write_config
from tests.support.keys import sealer as kiosk_sealer
from tests.support.receiver import Receiver, always
from tests.support.wait import wait_until
from wire.report import KioskInfo, Report

NO_SPEECH: Changes = {"enabled": False}
CHECKS = ["printer", "modem", "hook", "phone", "speech", "uplink", "queue", "disk"]


# ---------------------------------------------------------------- real servers


@pytest.fixture
def api_url() -> Iterator[str]:
    with Receiver(always(404)) as server:
        yield server.url


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def _server(url: str, ca_bundle: Path | None = None) -> ServerSection:
    return ServerSection(url=url, token="t", ca_bundle=ca_bundle, timeout_s=2.0)


def run_doctor(config_path: Path, capsys: pytest.CaptureFixture[str],
               *flags: str) -> tuple[int, str]:
    rc = main(["--config", str(config_path), "--log-level", "ERROR", "doctor", *flags])
    return rc, capsys.readouterr().out


def by_name(out: str) -> dict[str, dict[str, Any]]:
    return {h["name"]: h for h in json.loads(out)}


# ---------------------------------------------------------------- the command


def test_json_lists_every_check_and_a_failure_exits_1(tmp_path: Path, api_url: str,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    rc, out = run_doctor(write_config(tmp_path, url=api_url, speech=NO_SPEECH), capsys,
                         "--json")
    checks = by_name(out)
    assert list(checks) == CHECKS
    assert checks["printer"]["level"] == "fail"
    assert checks["printer"]["reason"] == "no printer configured"
    assert checks["modem"]["level"] == "fail"
    assert checks["hook"]["level"] == "warn"
    assert checks["phone"]["level"] == "fail"       # no phone service runs here
    assert "phone service does not answer" in str(checks["phone"]["reason"])
    assert (checks["speech"]["level"], checks["speech"]["reason"]) == (
        "ok", "voice guidance disabled")
    assert checks["uplink"]["level"] == "ok" and "HTTP 404" in str(checks["uplink"]["reason"])
    assert checks["queue"]["level"] == "ok"
    assert checks["disk"]["level"] in ("ok", "warn")
    assert rc == 1


def test_table_has_one_aligned_row_per_check_and_a_count(
        tmp_path: Path, api_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = run_doctor(write_config(tmp_path, url=api_url, speech=NO_SPEECH), capsys)
    rows, summary = out.rstrip("\n").split("\n\n")
    lines = rows.splitlines()
    assert [line.split()[0] for line in lines] == CHECKS
    level_columns = {line.index(line.split()[1], len(line.split()[0])) for line in lines}
    reason_columns = {len(line) - len(line.split(None, 2)[2]) for line in lines}
    assert len(level_columns) == 1 and len(reason_columns) == 1
    assert "printer  FAIL  no printer configured" in lines
    assert summary.startswith("3 failed") and rc == 1


def test_all_parts_healthy_exits_0(tmp_path: Path, api_url: str,
                                   capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with PrinterSimulator() as printer, ModemSimulator() as modem, HookSimulator() as hook:
        cfg = write_config(tmp_path, url=api_url, **_devices_toml(printer, modem, hook,
                                                                       silent=True))
        write_snapshot(load_config(cfg).storage.data_dir / UPLINK_HEALTH_FILE, {
            "written_at": time.time(), "last_success": None,
            "health": Health("uplink", Level.OK, "delivering").to_dict()})
        # As on a kiosk: the phone process owns the modem and the hook; doctor asks it.
        with phone_process(cfg, tmp_path / "phone.log") as phone:
            monkeypatch.setenv(SOCKET_ENV, str(phone.socket))
            assert wait_until(lambda: _phone_ok(phone))
            modem.clear_commands()
            rc, out = run_doctor(cfg, capsys, "--json")
            assert "ATE0" not in modem.commands()    # doctor did not open the modem
    checks = by_name(out)
    assert checks["modem"]["details"]["source"] == "phone service"
    assert {name: h["level"] for name, h in checks.items()} == {
        name: "ok" for name in [*CHECKS, "uploader"]}, checks
    assert str(checks["uploader"]["reason"]).startswith("delivering (reported ")
    assert rc == 0


def _phone_ok(phone: PhoneProcess) -> bool:
    client = phone.client()
    try:
        return all(h.level is Level.OK for h in client.healths())
    finally:
        client.close()


def test_speech_check_keeps_json_output_clean(tmp_path: Path, api_url: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # speech enabled: the engine, voices and the player are really tried
    _, out = run_doctor(write_config(tmp_path, url=api_url), capsys, "--json")
    speech = by_name(out)["speech"]           # stdout is nothing but the JSON
    if speech["level"] == "fail":             # e.g. this machine has no sound card
        assert str(speech["reason"]).startswith(("cannot play sound", "no audio player"))
    else:
        assert str(speech["reason"]).startswith("ready: Indonesian")


# ---------------------------------------------------------------- devices on simulators


def _devices_toml(printer: PrinterSimulator | None = None,
                  modem: ModemSimulator | None = None,
                  hook: HookSimulator | None = None, silent: bool = False) -> Sections:
    toml = Sections(speech=NO_SPEECH) if silent else Sections()
    if printer:
        toml["printer"] = {"port": printer.port, "timeout_s": 0.5}
    if modem:
        toml["modem"] = {"port": modem.port, "command_timeout_s": 2.0}
    if hook:
        toml["handset"] = {"hook": "sim", "port": hook.port}
    return toml


def test_printer_reports_paper_out(tmp_path: Path) -> None:
    with PrinterSimulator() as sim:
        cfg = load_config(write_config(tmp_path, **_devices_toml(printer=sim)))
        assert diagnostics.check_printer(cfg).level is Level.OK
        sim.paper_out = True
        health = diagnostics.check_printer(cfg)
    assert health.level is Level.FAIL and "paper" in health.reason.lower()


def test_printer_that_does_not_answer_fails(tmp_path: Path) -> None:
    with PrinterSimulator() as sim:
        sim.silent = True
        cfg = load_config(write_config(tmp_path, **_devices_toml(printer=sim)))
        health = diagnostics.check_printer(cfg)
    assert health.level is Level.FAIL and health.details["state"] == "no_answer"


def test_modem_reports_sim_registration_and_signal(tmp_path: Path) -> None:
    with ModemSimulator() as sim:
        cfg = load_config(write_config(tmp_path, **_devices_toml(modem=sim)))
        ok = diagnostics.check_modem(cfg)
        sim.sim_missing = True
        no_sim = diagnostics.check_modem(cfg)
    assert ok.level is Level.OK and "dBm" in ok.reason
    assert ok.details["sim"] == "ready" and ok.details["signal_dbm"] == -73
    assert no_sim.level is Level.FAIL and "SIM" in no_sim.reason


def test_a_silent_modem_fails_within_its_command_timeout(tmp_path: Path) -> None:
    with ModemSimulator() as sim:
        sim.silent = True
        cfg = load_config(write_config(tmp_path, **_devices_toml(modem=sim)))
        health = diagnostics.check_modem(cfg)
    assert health.level is Level.FAIL
    assert health.reason == "the modem does not answer AT commands"


def test_modem_without_network_warns(tmp_path: Path) -> None:
    with ModemSimulator() as sim:
        sim.no_network = True
        cfg = load_config(write_config(tmp_path, **_devices_toml(modem=sim)))
        health = diagnostics.check_modem(cfg)
    assert health.level is not Level.OK and "regist" in health.reason


def test_hook_reports_the_handset_position(tmp_path: Path) -> None:
    with HookSimulator() as sim:
        cfg = load_config(write_config(tmp_path, **_devices_toml(hook=sim)))
        assert diagnostics.check_hook(cfg).reason == "handset on the hook"
        sim.lift()
        assert diagnostics.check_hook(cfg).reason == "handset lifted"


def test_a_missing_port_is_a_plain_failure(tmp_path: Path) -> None:
    health = diagnostics.check_printer(load_config(write_config(
        tmp_path, printer={"port": "/dev/does-not-exist", "timeout_s": 0.2})))
    assert health.level is Level.FAIL and "/dev/does-not-exist" in health.reason


# ---------------------------------------------------------------- the app holds the port


def test_busy_devices_show_the_apps_snapshot_and_are_left_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with PrinterSimulator() as printer, ModemSimulator() as modem, HookSimulator() as hook:
        cfg_path = write_config(tmp_path, **_devices_toml(printer, modem, hook,
                                                                silent=True))
        data_dir = load_config(cfg_path).storage.data_dir
        write_devices(data_dir, [Health("printer", Level.WARN, "paper nearly out"),
                                 Health("modem", Level.OK, "ready, registered, -73 dBm"),
                                 Health("hook", Level.OK, "handset lifted")])
        # GIVEN the kiosk app holds the ports (exclusively, as it does)
        held = [open_port(printer.port, 9600, what="printer"),
                open_port(modem.port, 115200, what="modem"),
                open_port(hook.port, 9600, what="hook")]
        modem.clear_commands()
        try:
            _, out = run_doctor(cfg_path, capsys, "--json")
        finally:
            for port in held:
                port.close()
        # THEN doctor sent the devices nothing
        assert printer.status_queries == [] and modem.commands() == []
    checks = by_name(out)
    assert checks["printer"]["level"] == "warn"
    assert str(checks["printer"]["reason"]).startswith(
        "paper nearly out (in use by the kiosk app — showing its last health snapshot")
    assert checks["modem"]["level"] == "ok"
    assert "in use by the kiosk app" in str(checks["modem"]["reason"])
    assert checks["modem"]["details"]["source"] == "kiosk app snapshot"
    assert str(checks["hook"]["reason"]).startswith("handset lifted (in use by the kiosk")


def test_busy_device_without_a_snapshot_says_so(tmp_path: Path) -> None:
    with PrinterSimulator() as sim:
        cfg = load_config(write_config(tmp_path, **_devices_toml(printer=sim)))
        held = open_port(sim.port, 9600, what="printer")
        try:
            health = diagnostics.check_printer(cfg)
        finally:
            held.close()
    assert health.level is Level.WARN
    assert "in use by another process" in health.reason
    assert "snapshot was not found" in health.reason


def test_a_stale_ok_snapshot_is_only_a_warning(tmp_path: Path) -> None:
    write_devices(tmp_path, [Health("printer", Level.OK, "online",
                                    checked_at=time.time() - 3600)])
    health = diagnostics.from_app_snapshot("printer", tmp_path, "busy")
    assert health.level is Level.WARN
    assert health.reason == ("online (in use by the kiosk app — showing its last health "
                             "snapshot (60 min ago), which is stale)")


# ---------------------------------------------------------------- uplink


def test_uplink_any_http_answer_means_reachable(api_url: str) -> None:
    health = diagnostics.check_uplink(_server(api_url))
    assert health.level is Level.OK
    assert health.reason.startswith("reachable: HTTP 404")
    assert health.details["status"] == 404


def test_uplink_refused_connection_fails_plainly() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]   # bound, not listening: the connection is refused
        health = diagnostics.check_uplink(_server(f"http://127.0.0.1:{port}/api/v1"))
    assert health.level is Level.FAIL
    assert health.reason == f"cannot connect to http://127.0.0.1:{port}/api/v1: " \
                            "Connection refused"


def test_uplink_that_never_answers_fails_after_the_short_timeout() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()   # the kernel accepts; nobody ever answers
        url = f"http://127.0.0.1:{s.getsockname()[1]}/api/v1"
        health = diagnostics.check_uplink(_server(url), timeout_s=0.3)
    assert health.level is Level.FAIL
    assert health.reason == f"no answer from {url} within 0.3 s"


def test_uplink_server_errors_and_redirects_are_warnings() -> None:
    with Receiver(always(503)) as broken:
        error = diagnostics.check_uplink(_server(broken.url))
    with Receiver(always(302, {"Location": "http://login.portal.example/"})) as captive:
        portal = diagnostics.check_uplink(_server(captive.url))
    assert error.level is Level.WARN and "HTTP 503" in error.reason
    assert portal.level is Level.WARN and "captive portal" in portal.reason
    assert "http://login.portal.example/" in portal.reason


def test_uplink_tls_is_verified_with_the_configured_ca(self_signed: tuple[Path, Path]
                                                       ) -> None:
    cert, key = self_signed
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with Receiver(always(404), tls=context) as server:
        untrusted = diagnostics.check_uplink(_server(server.url))
        trusted = diagnostics.check_uplink(_server(server.url, ca_bundle=cert))
    assert untrusted.level is Level.FAIL
    assert "TLS check failed" in untrusted.reason and "certificate" in untrusted.reason
    assert trusted.level is Level.OK and "HTTP 404" in trusted.reason


# ---------------------------------------------------------------- queue, disk, uploader


def _report() -> Report:
    return Report.create(kiosk=KioskInfo("test-kiosk-01", "MRT Bundaran HI", -6.19, 106.82),
                         category="theft", language="id", description="dompet hilang")


def test_queue_counts_pending_and_warns_when_delivery_is_stuck(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    start = 1_800_000_000.0
    with Outbox(path, clock=lambda: start, sealer=kiosk_sealer()) as outbox:
        outbox.enqueue_report(_report())
    fresh = diagnostics.check_queue(path, now=lambda: start + 30)
    stuck = diagnostics.check_queue(path, now=lambda: start + 2 * 3600)
    assert (fresh.level, fresh.reason) == (Level.OK, "1 pending, 0 failed, oldest pending "
                                                     "30 s old")
    assert stuck.level is Level.WARN and "delivery is stuck" in stuck.reason
    assert stuck.details["pending"] == 1


def test_queue_with_failed_items_fails(tmp_path: Path) -> None:
    # A dead-lettered item is a report that will never arrive without a technician:
    # FAIL, the same verdict as the maintenance Status page (core.health_rules).
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path, sealer=kiosk_sealer()) as outbox:
        outbox.enqueue_report(_report())
        [item] = outbox.claim(1, owner="t", lease_s=60)
        outbox.mark_failed(item.id, "HTTP 422: conflict", owner="t")
    health = diagnostics.check_queue(path)
    assert health.level is Level.FAIL
    assert health.reason.startswith("0 pending, 1 failed: failed items need a look")


def test_queue_that_cannot_be_read_fails(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    health = diagnostics.check_queue(path)
    assert health.level is Level.FAIL and health.reason.startswith("cannot read the outbox")


@pytest.mark.parametrize(("free_mb", "level"), [(10_000, Level.OK), (499, Level.WARN),
                                                (49, Level.FAIL)])
def test_disk_thresholds(tmp_path: Path, free_mb: int, level: Level) -> None:
    def usage(path: Path) -> diagnostics.DiskUsage:
        assert path == tmp_path
        return diagnostics.DiskUsage(20_000 * MB, 0, free_mb * MB)

    health = diagnostics.check_disk(tmp_path, usage=usage)
    assert health.level is level
    assert health.reason.startswith(f"{free_mb:,} MB free of 20,000 MB")


def test_disk_of_a_missing_data_dir_fails(tmp_path: Path) -> None:
    health = diagnostics.check_disk(tmp_path / "nope")
    assert health.level is Level.FAIL and "does not exist" in health.reason


def test_real_disk_is_measured(tmp_path: Path) -> None:
    health = diagnostics.check_disk(tmp_path)
    assert health.details["total_bytes"] == shutil.disk_usage(tmp_path).total
    assert abs(health.details["free_bytes"] - shutil.disk_usage(tmp_path).free) \
        < 100 * MB   # other people write to this disk meanwhile


def test_uploader_snapshot_is_shown_when_present_and_flagged_when_stale(tmp_path: Path
                                                                        ) -> None:
    assert diagnostics.check_uploader(tmp_path) is None
    now = time.time()
    write_snapshot(tmp_path / UPLINK_HEALTH_FILE, {
        "written_at": now - 20, "last_error": "HTTP 401",
        "health": Health("uplink", Level.FAIL, "the command centre refuses our token "
                         "(401/403)").to_dict()})
    fresh = diagnostics.check_uploader(tmp_path, now=lambda: now)
    stale = diagnostics.check_uploader(tmp_path, now=lambda: now + 3600)
    assert fresh is not None and stale is not None
    assert (fresh.name, fresh.level) == ("uploader", Level.FAIL)
    assert fresh.reason == "the command centre refuses our token (401/403) (reported 20 s ago)"
    assert stale.level is Level.WARN and "is kiosk-uploader running?" in stale.reason
