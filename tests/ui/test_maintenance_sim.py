"""The maintenance pages against the real drivers talking to the pty simulators
(simulators): printer (ESC/POS + DLE EOT), modem (AT commands), hook switch, and
espeak-ng speech into WAV files. The outbox is the real SQLite outbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

import hardware.hook
import hardware.modem
import hardware.printer
import hardware.speech
from core.config import Config
from core.health import Level
from core.jobs import ThreadJobs
from core.maintenance import AccountabilitySink, AttemptTracker, MaintenanceAuth, kiosk_info
from core.pin import hash_pin
from core.ports import CallPhase, HookSwitch, Phone, Printer, Speaker
from devtools.kiosk_toml import simulated_devices
from kiosk.queue import OutboxInspector
from offline_queue.outbox import Outbox
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from simulators.printer import PrinterSimulator
from tests.kiosk.maint_support import FAST_N, GOOD_PIN
from tests.support.config import load_test_config
from tests.support.keys import sealer as kiosk_sealer
from ui.bridge import Bridge
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.view import MaintenanceView

WAIT_MS = 30_000   # generous: the machine is shared
TEST_NUMBER = "0215550100"


@dataclass
class SimRig:
    printer_sim: PrinterSimulator
    modem_sim: ModemSimulator
    hook_sim: HookSimulator
    printer: Printer
    phone: Phone
    hook: HookSwitch
    speaker: Speaker
    outbox: Outbox
    view: MaintenanceView
    wav_dir: Path

    def event_types(self) -> list[str]:
        return [i.label for i in self.outbox.list_items()]


@pytest.fixture
def sim(qtbot: QtBot, tmp_path: Path, log_lines: list[str]) -> Iterator[SimRig]:
    printer_sim = PrinterSimulator(baudrate=115200, output_dir=tmp_path / "tickets").start()
    modem_sim = ModemSimulator().start()
    hook_sim = HookSimulator().start()
    cfg: Config = load_test_config(
        tmp_path, simulated_devices(printer=printer_sim.port, modem=modem_sim.port,
                                    hook=hook_sim.port),
        modem={"test_number": TEST_NUMBER, "command_timeout_s": 1.0, "poll_interval_s": 0.05},
        handset={"debounce_ms": 10})
    wav_dir = tmp_path / "wav"
    wav_dir.mkdir()
    printer = hardware.printer.build(cfg.printer)
    phone = hardware.modem.build(cfg.modem)
    hook = hardware.hook.build(cfg.handset)
    speaker = hardware.speech.build(cfg.speech, wav_dir=wav_dir)
    outbox = Outbox(tmp_path / "outbox.sqlite3", sealer=kiosk_sealer())
    sink = AccountabilitySink(kiosk_info(cfg), outbox)
    auth = MaintenanceAuth(hash_pin(GOOD_PIN, n=FAST_N),
                           AttemptTracker(cfg.storage.data_dir), sink)
    bridge = Bridge()
    bridge.attach(phone, hook)
    jobs = ThreadJobs(bridge.post)
    services = MaintenanceServices(config=cfg, printer=printer, phone=phone, hook=hook,
                                   speaker=speaker, queue=OutboxInspector(lambda: outbox),
                                   sink=sink, auth=auth, jobs=jobs, bridge=bridge)
    view = MaintenanceView(services, bridge)
    qtbot.addWidget(view)
    view.resize(1080, 1920)
    view.show()
    yield SimRig(printer_sim, modem_sim, hook_sim, printer, phone, hook, speaker, outbox,
                 view, wav_dir)
    view.stop()
    jobs.close()
    for device in (speaker, hook, phone, printer):
        device.close()
    outbox.close()
    for simulator in (hook_sim, modem_sim, printer_sim):
        simulator.stop()


def test_status_page_reads_every_real_driver(qtbot: QtBot, sim: SimRig) -> None:
    sim.printer_sim.paper_near_end = True
    qtbot.waitUntil(lambda: sim.phone.health().details.get("signal_dbm") is not None,
                    timeout=WAIT_MS)
    page = sim.view.status
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        sim.view.start()
    assert "Attention" in page.level_of("paper") and "change the roll" in page.reason_of("paper")
    assert "SIM: ready" in page.reason_of("modem") and "-73 dBm" in page.reason_of("modem")
    assert "on the hook" in page.reason_of("hook")
    sim.hook_sim.lift()
    qtbot.waitUntil(lambda: "handset lifted" in page.reason_of("hook"), timeout=WAIT_MS)
    sim.hook_sim.replace()
    qtbot.waitUntil(lambda: "on the hook" in page.reason_of("hook"), timeout=WAIT_MS)
    sim.printer_sim.paper_out = True
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        page.refresh()
    assert "Fault" in page.level_of("paper") and "paper out" in page.reason_of("paper")


def test_printer_page_prints_a_test_ticket_on_the_simulator(qtbot: QtBot,
                                                            sim: SimRig) -> None:
    page = sim.view.printer
    sim.view.show_page(page)
    with qtbot.waitSignal(page.printed, timeout=WAIT_MS):
        QTest.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert sim.printer_sim.wait_for_tickets(1, timeout=WAIT_MS / 1000)
    ticket = sim.printer_sim.tickets[0]
    assert "POLRI 110" in ticket.text and "MRT Bundaran HI" in ticket.text
    assert "printed" in page.result.text()
    # paper out: refused, nothing sent to print, reason in words
    sim.printer_sim.paper_out = True
    with qtbot.waitSignal(page.printed, timeout=WAIT_MS):
        QTest.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert "Not printed" in page.result.text()
    qtbot.waitUntil(lambda: "paper out" in page.paper_reason.text(), timeout=WAIT_MS)
    assert len(sim.printer_sim.tickets) == 1
    assert sim.event_types() == ["maintenance.test_print"] * 2


def test_handset_page_test_call_on_the_simulated_modem(qtbot: QtBot, sim: SimRig) -> None:
    page = sim.view.handset
    qtbot.waitUntil(lambda: sim.phone.health().level is not Level.FAIL, timeout=WAIT_MS)
    sim.view.show_page(page)
    qtbot.waitUntil(page.call_button.isEnabled, timeout=WAIT_MS)
    QTest.mouseClick(page.call_button, Qt.MouseButton.LeftButton)
    assert not page.call_button.isEnabled()   # no second test call while this one starts
    # The public UI sees a call in progress (ModemPhone publishes DIALLING from its
    # worker thread, so a moment after call() returns).
    qtbot.waitUntil(lambda: sim.phone.status().phase is not CallPhase.IDLE, timeout=WAIT_MS)
    assert sim.modem_sim.wait_for_command(f"ATD{TEST_NUMBER};", timeout=WAIT_MS / 1000)
    qtbot.waitUntil(lambda: "Test call: connected" in page.call_text.text(), timeout=WAIT_MS)
    assert page.hang_button.isEnabled()
    QTest.mouseClick(page.hang_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Test call: ended" in page.call_text.text(), timeout=WAIT_MS)
    assert not page.testing and not page.hang_button.isEnabled()
    assert not any(c.startswith(("ATD110", "ATD112")) for c in sim.modem_sim.commands())
    assert sim.event_types() == ["maintenance.test_call"] * 2
    # the handset, live
    sim.hook_sim.lift()
    qtbot.waitUntil(lambda: page.hook_text.text() == "Handset lifted", timeout=WAIT_MS)


def test_speaker_page_speaks_each_language_into_wav_files(qtbot: QtBot, sim: SimRig) -> None:
    if sim.speaker.health().level is Level.FAIL:
        pytest.skip(f"speech unavailable here: {sim.speaker.health().reason}")
    page = sim.view.speaker
    sim.view.show_page(page)
    buttons = {b.text(): b for b in page.findChildren(QPushButton)}
    QTest.mouseClick(buttons["Say a test phrase in Bahasa Indonesia"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list(sim.wav_dir.glob("*.wav"))) >= 1, timeout=WAIT_MS)
    QTest.mouseClick(buttons["Say a test phrase in English"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list(sim.wav_dir.glob("*.wav"))) >= 2, timeout=WAIT_MS)
    assert sim.event_types() == ["maintenance.test_speech"] * 2
