"""Each maintenance page against controllable devices: the stand-ins of
tests/ui/maint_rig.py (callbacks from a driver thread, states set on demand) and the
real SQLite outbox. tests/ui/test_maintenance_sim.py repeats the device pages against
the pty simulators through the real drivers."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from core.config import Config
from core.health import UPLINK_HEALTH_FILE, write_snapshot
from core.logring import LogRing
from core.ports import CallPhase, CallStatus, EndReason, PrinterState
from offline_queue.items import State
from tests.ui.maint_rig import Rig, make_rig
from ui.maintenance.view import MaintenanceView
from wire.report import Report

NIK = "3171014501900001"
PHONE = "081234567890"


@pytest.fixture
def view(qtbot: QtBot, rig: Rig) -> Iterator[MaintenanceView]:
    bridge = rig.services.bridge
    view = MaintenanceView(rig.services, bridge)
    qtbot.addWidget(view)
    view.resize(1080, 1920)
    view.show()
    yield view
    view.stop()


def click(qtbot: QtBot, button: QWidget | None) -> None:
    assert button is not None
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_status_shows_each_part_with_level_words_and_reasons(
        qtbot: QtBot, rig: Rig, view: MaintenanceView, config: Config) -> None:
    rig.printer.paper = PrinterState.PAPER_NEAR_END
    write_snapshot(config.storage.data_dir / UPLINK_HEALTH_FILE, {
        "written_at": rig.wall(), "last_success": None,
        "last_error": "HTTP 503 from the server", "last_error_at": None,
        "health": {"name": "uplink", "level": "warn", "reason": "delivery failing"}})
    with qtbot.waitSignal(view.status.refreshed, timeout=10_000):
        view.start()
    page = view.status
    assert "Attention" in page.level_of("paper") and "change the roll" in page.reason_of("paper")
    assert "Fault" in page.level_of("printer")
    assert "Attention" in page.level_of("modem")
    for words in ("SIM: ready", "registered", "-101 dBm"):
        assert words in page.reason_of("modem")
    assert "on the hook" in page.reason_of("hook")
    assert "OK" in page.level_of("speech")
    assert "HTTP 503" in page.reason_of("uplink") and "Attention" in page.level_of("uplink")
    assert "0 pending, 0 failed" in page.reason_of("queue") and "OK" in page.level_of("queue")
    assert "free" in page.reason_of("disk")
    for fact in ("test-kiosk-01", "MRT Bundaran HI", "0.1.0", "App running for"):
        assert fact in page.facts.text()
    # the hook row is live
    rig.hook.set(True)
    qtbot.waitUntil(lambda: "handset lifted" in page.reason_of("hook"))


def test_status_reports_a_broken_driver_and_a_missing_uploader(
        qtbot: QtBot, rig: Rig, view: MaintenanceView, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> PrinterState:
        raise OSError("port vanished")
    monkeypatch.setattr(rig.printer, "state", broken)
    with qtbot.waitSignal(view.status.refreshed, timeout=10_000):
        view.start()
    assert "Fault" in view.status.level_of("paper")
    assert "does not answer" in view.status.reason_of("paper")
    assert "not reported yet" in view.status.reason_of("uplink")


def test_printer_page_prints_a_test_ticket_and_records_it(
        qtbot: QtBot, rig: Rig, view: MaintenanceView) -> None:
    view.show_page(view.printer)
    with qtbot.waitSignal(view.printer.printed, timeout=10_000):
        click(qtbot, view.printer.print_button)
    assert [t.is_test for t in rig.printer.printed] == [True]
    assert "printed" in view.printer.result.text()
    rig.printer.paper = PrinterState.PAPER_OUT
    with qtbot.waitSignal(view.printer.printed, timeout=10_000):
        click(qtbot, view.printer.print_button)
    assert "Not printed" in view.printer.result.text()
    qtbot.waitUntil(lambda: "Fault" in view.printer.paper_level.text(), timeout=10_000)
    assert "paper out" in view.printer.paper_reason.text()
    assert rig.event_types() == ["maintenance.test_print"] * 2


def test_handset_without_a_test_number_cannot_start_a_test_call(
        qtbot: QtBot, rig: Rig, view: MaintenanceView, config: Config) -> None:
    view.show_page(view.handset)
    page = view.handset
    assert not page.call_button.isEnabled()   # no test number configured in this config
    assert "No test number" in page.number.text()


@pytest.fixture
def test_number_config(tmp_path: Path) -> Config:
    from tests.support.config import load_test_config

    return load_test_config(tmp_path, modem={"test_number": "5550100"})


class TestTheHandsetPageWithATestNumber:
    @pytest.fixture
    def config(self, test_number_config: Config) -> Config:
        return test_number_config

    def test_a_test_call_runs_and_never_hangs_up_an_emergency_call(
            self, qtbot: QtBot, rig: Rig, view: MaintenanceView,
            log_lines: list[str]) -> None:
        view.show_page(view.handset)
        page = view.handset
        click(qtbot, page.call_button)
        assert rig.phone.dialled == ["5550100"]
        assert rig.phone.status().phase is not CallPhase.IDLE   # the public UI sees a call
        assert "Test call: dialling" in page.call_text.text()
        rig.phone.publish(CallStatus(CallPhase.ACTIVE, "5550100", emergency=False,
                                     connected_at=time.monotonic()))
        qtbot.waitUntil(lambda: "Test call: connected" in page.call_text.text())
        assert page.hang_button.isEnabled() and not page.call_button.isEnabled()
        click(qtbot, page.hang_button)
        qtbot.waitUntil(lambda: "ended" in page.call_text.text())
        assert page.call_button.isEnabled()
        # Now a commuter lifts the public handset: the emergency call is shown, not touched.
        rig.phone.publish(CallStatus(CallPhase.ALERTING, "110", emergency=True))
        qtbot.waitUntil(lambda: "Emergency call" in page.call_text.text())
        assert not page.call_button.isEnabled() and not page.hang_button.isEnabled()
        view.stop()   # leaving maintenance during an emergency call
        assert rig.phone.hangups == 1
        assert rig.event_types() == ["maintenance.test_call"] * 2
        ended = [line for line in log_lines
                 if '"maintenance.test_call"' in line and "ended" in line]
        assert ended and '"answered": true' in ended[0]

    def test_leaving_during_a_test_call_hangs_it_up(
            self, qtbot: QtBot, rig: Rig, view: MaintenanceView) -> None:
        view.show_page(view.handset)
        click(qtbot, view.handset.call_button)
        view.stop()
        assert rig.phone.hangups == 1
        rig.phone.publish(CallStatus(CallPhase.ENDED, "5550100",
                                     reason=EndReason.LOCAL_HANGUP, emergency=False))


def test_speaker_page_says_a_phrase_in_each_language(
        qtbot: QtBot, rig: Rig, view: MaintenanceView) -> None:
    view.show_page(view.speaker)
    from PySide6.QtWidgets import QPushButton

    buttons = {b.text(): b for b in view.speaker.findChildren(QPushButton)}
    click(qtbot, buttons["Say a test phrase in Bahasa Indonesia"])
    click(qtbot, buttons["Say a test phrase in English"])
    click(qtbot, buttons["Stop speaking"])
    assert [lang for _, lang in rig.speaker.said] == ["id", "en"]
    assert rig.speaker.stops == 1
    assert rig.event_types() == ["maintenance.test_speech"] * 2


def _failed_report(rig: Rig, reason: str) -> str:
    report = Report.from_dict({"category": "theft", "language": "id",
                               "description": f"dompet hilang, hubungi {PHONE}",
                               "reporter": {"name": "Siti Rahayu", "phone": PHONE,
                                            "nik": NIK}},
                              kiosk=__import__("core.maintenance").maintenance.kiosk_info(
                                  rig.services.config))
    rig.outbox.enqueue_report(report)
    (claimed,) = rig.outbox.claim(1, owner="test", lease_s=60)
    rig.outbox.mark_failed(claimed.id, reason, owner="test")
    return report.id


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def test_queue_page_lists_failed_items_with_the_reason_and_retries(
        qtbot: QtBot, rig: Rig, view: MaintenanceView) -> None:
    first = _failed_report(rig, f"422: reporter.phone {PHONE} is invalid")
    _failed_report(rig, "400: description is too long")
    with qtbot.waitSignal(view.queue.loaded, timeout=10_000):
        view.show_page(view.queue)
    table = view.queue.table
    assert table.rowCount() == 2
    shown = " ".join(_cell(table, r, c) for r in range(2) for c in range(5))
    shown += view.queue.counts.text()
    assert "Failed: 2" in view.queue.counts.text()
    assert "400: description is too long" in shown and "report: theft" in shown
    for secret in (PHONE, NIK, "Siti", "dompet"):
        assert secret not in shown
    retry_first = next(r for r in range(2) if _cell(table, r, 0) == first[:8])
    with qtbot.waitSignal(view.queue.loaded, timeout=10_000):
        click(qtbot, table.cellWidget(retry_first, 5))
    assert table.rowCount() == 1
    pending_reports = [i.id for i in rig.outbox.list_items(State.PENDING)
                       if i.kind.value == "report"]
    assert pending_reports == [first]
    with qtbot.waitSignal(view.queue.loaded, timeout=10_000):
        click(qtbot, view.queue.retry_all)
    assert table.rowCount() == 0 and rig.outbox.stats().failed == 0
    assert not view.queue.retry_all.isEnabled()
    retries = [i for i in rig.outbox.list_items() if i.label == "maintenance.retry"]
    assert len(retries) == 2
    assert not rig.outbox.list_items(State.FAILED)


@pytest.mark.logs_pii   # logs personal data on purpose, to check what is shown
def test_logs_page_shows_recent_lines_with_personal_data_masked(
        qtbot: QtBot, rig: Rig) -> None:
    ring = LogRing(capacity=200)
    log = logging.getLogger("test.maintenance.logs")
    log.addHandler(ring)
    log.setLevel(logging.INFO)
    try:
        for i in range(250):
            log.info("line %d", i)
        log.warning("caller %s nik %s", PHONE, NIK)
    finally:
        log.removeHandler(ring)
    rig.services.log_lines = ring.lines
    view = MaintenanceView(rig.services, rig.services.bridge)
    qtbot.addWidget(view)
    view.show_page(view.logs)
    text = view.logs.text.toPlainText()
    lines = text.splitlines()
    assert len(lines) == 200
    assert "line 51" in lines[0] and "[PHONE]" in lines[-1] and "[NIK]" in lines[-1]
    assert PHONE not in text and NIK not in text
    assert all(json.loads(raw)["logger"] == "test.maintenance.logs" for raw in ring.lines())


def test_a_test_call_without_a_modem_says_so_and_releases_the_handset(
        qtbot: QtBot, test_number_config: Config, tmp_path: Path,
        log_lines: list[str]) -> None:
    from hardware.modem import NotInstalledPhone

    rig = make_rig(test_number_config, tmp_path, log_lines)
    phone = NotInstalledPhone()
    rig.services.phone = phone
    rig.services.bridge.attach(phone, rig.hook)
    view = MaintenanceView(rig.services, rig.services.bridge)
    qtbot.addWidget(view)
    page = view.handset
    ended: list[bool] = []
    page.test_call_ended.connect(lambda: ended.append(True))
    view.show_page(page)
    click(qtbot, page.call_button)
    qtbot.waitUntil(lambda: "ended" in page.call_text.text())
    assert "not installed" in page.call_text.text()
    assert ended == [True] and not page.testing and not page.hang_button.isEnabled()
    rig.close()


def test_uplink_row_reads_the_uploaders_snapshot_and_notices_when_it_goes_stale(
        tmp_path: Path) -> None:
    from offline_queue.items import QueueStats
    from offline_queue.uplink import UplinkStatus, write_uplink_snapshot
    from ui.maintenance.status import uplink_health

    status = UplinkStatus()
    status.failed("HTTP 503", now=1_000.0)
    write_uplink_snapshot(tmp_path, status, QueueStats(3, 0, 0, 12.0))
    written = json.loads((tmp_path / UPLINK_HEALTH_FILE).read_text())["written_at"]
    fresh = uplink_health(tmp_path, written + 10)
    assert fresh.level.value == "warn" and "HTTP 503" in fresh.reason
    assert "last success: never" in fresh.reason
    stale = uplink_health(tmp_path, written + 600)
    assert stale.level.value == "warn" and "stopped reporting" in stale.reason


def _open_fds() -> int:
    return len(list(Path("/proc/self/fd").iterdir()))


def test_two_hundred_status_refreshes_leave_no_descriptor_behind(
        qtbot: QtBot, rig: Rig, view: MaintenanceView) -> None:
    # Each refresh reads the outbox (store lane) and asks the devices (devices lane):
    # lanes are long-lived threads, so SQLite's per-thread connections do not pile up.
    page = view.status
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        view.start()
    for _ in range(5):   # warm up every lane and its connection
        with qtbot.waitSignal(page.refreshed, timeout=10_000):
            page.refresh()
    before = _open_fds()
    for _ in range(200):
        with qtbot.waitSignal(page.refreshed, timeout=10_000):
            page.refresh()
    assert _open_fds() <= before
