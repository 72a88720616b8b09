"""The printer driver against the simulator over real ptys: it prints a ticket whose
QR decodes, refuses BEFORE sending anything when the printer cannot print, and
survives a missing, busy or vanished port."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Literal

import pytest
import zxingcpp
from PIL import Image

from core.config import PrinterSection
from core.health import Level
from core.ports import PrinterState, PrintResult
from hardware.printer import build
from hardware.printer.driver import NotInstalledPrinter
from simulators.printer import PrinterSimulator
from tests.hardware.printer_support import (
    FAST_BAUD,
    LOST_ID,
    STATUS_URL,
    THEFT_EN,
    printer_on_sim,
    section,
)


def decoded(png: Path) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(png))]


@pytest.mark.parametrize("qr_mode", ["native", "raster"])
def test_a_printed_ticket_carries_a_qr_that_decodes_to_the_status_url(
        tmp_path: Path, qr_mode: Literal["native", "raster"]) -> None:
    with printer_on_sim(tmp_path, qr_mode=qr_mode) as (printer, sim):
        result = printer.print_ticket(THEFT_EN)
        assert sim.wait_for_tickets(1)
    assert result.ok, result.reason
    assert result.state is PrinterState.ONLINE
    ticket = sim.tickets[0]
    assert decoded(ticket.png) == [STATUS_URL + "KX4M-7HPA"]
    assert "KX4M-7HPA" in ticket.text and "Theft" in ticket.text
    assert sim.errors == [] and ticket.wrapped_lines == 0
    if qr_mode == "native":
        assert ticket.qr_payloads == (STATUS_URL + "KX4M-7HPA",)
    else:
        assert ticket.qr_payloads == () and "[IMAGE" in ticket.text


def test_the_lost_item_ticket_on_58_mm_lists_the_items_and_next_steps(tmp_path: Path) -> None:
    with printer_on_sim(tmp_path, paper_width_mm=58, qr_mode="raster") as (printer, sim):
        assert printer.print_ticket(LOST_ID).ok
        assert sim.wait_for_tickets(1)
    text = sim.tickets[0].text
    for words in ("Barang   : Ponsel, Dompet,", "Kartu bank", "[ ] Blokir kartu SIM",
                  "[ ] Blokir kartu ATM", "Telkomsel 188", "(SKTLK)",
                  "https://cc.example/t/HP7A-3KXM"):
        assert words in text
    assert max(len(line) for line in text.splitlines()) <= 32
    assert decoded(sim.tickets[0].png) == [STATUS_URL + "HP7A-3KXM"]


@pytest.mark.parametrize(("condition", "state", "reason"), [
    ("paper_out", PrinterState.PAPER_OUT, "paper out"),
    ("cover_open", PrinterState.COVER_OPEN, "cover open"),
    ("silent", PrinterState.NO_ANSWER, "printer does not answer"),
])
def test_a_printer_that_cannot_print_is_sent_nothing(tmp_path: Path, condition: str,
                                                     state: PrinterState, reason: str) -> None:
    with printer_on_sim(tmp_path, timeout_s=0.3) as (printer, sim):
        setattr(sim, condition, True)
        result = printer.print_ticket(THEFT_EN)
        health = printer.health()
    assert not result.ok
    assert result.state is state
    assert reason in result.reason
    assert result.bytes_sent == 0
    assert sim.status_queries, "the driver asked DLE EOT"
    assert sim.print_bytes_received == 0
    assert health.level is Level.FAIL and reason in health.reason


def test_paper_near_end_still_prints_and_warns(tmp_path: Path) -> None:
    with printer_on_sim(tmp_path) as (printer, sim):
        sim.paper_near_end = True
        result = printer.print_ticket(THEFT_EN)
        health = printer.health()
        assert sim.wait_for_tickets(1)
    assert result.ok and result.state is PrinterState.PAPER_NEAR_END
    assert health.level is Level.WARN and health.reason == "paper nearly out"
    assert health.details["n4"] == "0x1e"


def test_state_follows_the_printer_live(tmp_path: Path) -> None:
    with printer_on_sim(tmp_path, timeout_s=0.3) as (printer, sim):
        seen = [printer.state()]
        sim.cover_open = True
        seen.append(printer.state())
        sim.cover_open, sim.paper_out = False, True
        seen.append(printer.state())
        sim.paper_out = False
        seen.append(printer.state())
    assert seen == [PrinterState.ONLINE, PrinterState.COVER_OPEN, PrinterState.PAPER_OUT,
                    PrinterState.ONLINE]


def test_no_port_configured_gives_a_not_installed_printer() -> None:
    printer = build(PrinterSection())
    assert isinstance(printer, NotInstalledPrinter)
    assert printer.state() is PrinterState.NOT_INSTALLED
    result = printer.print_ticket(THEFT_EN)
    assert not result.ok and result.reason == "no printer configured"
    health = printer.health()
    assert health.level is Level.FAIL and health.reason == "no printer configured"


def test_a_bad_printer_setting_is_reported_not_raised() -> None:
    printer = build(PrinterSection(port="/dev/null", columns=200))
    assert "printer.columns" in printer.health().reason


def test_a_missing_port_is_reported_and_retried_when_it_appears(tmp_path: Path) -> None:
    link = tmp_path / "kiosk-printer"
    with PrinterSimulator(baudrate=FAST_BAUD, output_dir=tmp_path) as sim:
        printer = build(section(str(link)))
        health = printer.health()
        assert health.level is Level.FAIL and "cannot open the printer port" in health.reason
        assert not printer.print_ticket(THEFT_EN).ok
        link.symlink_to(sim.port)             # the technician plugs the cable back
        assert printer.state() is PrinterState.ONLINE
        assert printer.print_ticket(THEFT_EN).ok
        printer.close()


def test_a_port_held_by_the_kiosk_app_is_reported_busy_and_left_alone(tmp_path: Path) -> None:
    with printer_on_sim(tmp_path) as (app_printer, sim):
        assert app_printer.state() is PrinterState.ONLINE   # the app holds the port
        technician = build(section(sim.port))
        result = technician.print_ticket(THEFT_EN)
        assert not result.ok and "in use by another process" in result.reason
        assert "in use by another process" in technician.health().reason
        app_printer.close()                                 # the app lets go
        assert technician.print_ticket(THEFT_EN).ok
        technician.close()
        assert sim.wait_for_tickets(1)


def test_a_port_that_vanishes_gives_no_answer_not_an_exception(tmp_path: Path) -> None:
    with printer_on_sim(tmp_path, timeout_s=0.3) as (printer, sim):
        assert printer.state() is PrinterState.ONLINE
        sim.stop()
        assert printer.state() is PrinterState.NO_ANSWER
        assert not printer.print_ticket(THEFT_EN).ok
        assert printer.health().level is Level.FAIL
        sim.start()   # let the context manager stop it cleanly


def test_a_spy_url_prints_and_writes_a_hexdump(tmp_path: Path) -> None:
    dump = tmp_path / "printer.hex"
    with PrinterSimulator(baudrate=FAST_BAUD, output_dir=tmp_path) as sim:
        printer = build(section(f"spy://{sim.port}?file={dump}"))
        assert printer.print_ticket(THEFT_EN).ok
        printer.close()
        assert sim.wait_for_tickets(1)
    assert "TX" in dump.read_text() and "1B 40" in dump.read_text()


def test_a_ticket_that_cannot_be_laid_out_is_refused_without_sending(tmp_path: Path) -> None:
    with printer_on_sim(tmp_path, status_url="") as (printer, sim):
        result = printer.print_ticket(replace(THEFT_EN, code="X" * 8000))   # no QR holds it
    assert not result.ok and "cannot lay out the ticket" in result.reason
    assert sim.print_bytes_received == 0


def test_paper_running_out_during_the_print_is_not_reported_as_printed(tmp_path: Path) -> None:
    # A raster ticket at 19200 baud is seconds on the line: the paper runs out meanwhile.
    with printer_on_sim(tmp_path, baudrate=19200, qr_mode="raster") as (printer, sim):
        results: list[PrintResult] = []
        worker = threading.Thread(target=lambda: results.append(printer.print_ticket(THEFT_EN)))
        worker.start()
        deadline = time.monotonic() + 20
        while sim.print_bytes_received == 0 and time.monotonic() < deadline:
            time.sleep(0.001)
        sim.paper_out = True
        worker.join(timeout=60)
    assert not results[0].ok
    assert results[0].state is PrinterState.PAPER_OUT
    assert results[0].reason == "paper out while printing"


def test_a_printer_answering_junk_is_never_read_as_online(tmp_path: Path) -> None:
    """Issue 11: 2 of 150 prints were reported OK with no ticket, because a noise byte
    with the status bits right passed for an answer. Junk is "no answer"."""
    with printer_on_sim(tmp_path, timeout_s=0.2) as (printer, sim):
        sim.junk = True
        results = [printer.print_ticket(THEFT_EN) for _ in range(150)]
        states = {printer.state() for _ in range(20)}
        health = printer.health()
        assert len(sim.status_queries) >= 150    # it really was asked every time
    assert [r for r in results if r.ok] == []
    assert {r.state for r in results} == {PrinterState.NO_ANSWER}
    assert sim.tickets == []
    assert states == {PrinterState.NO_ANSWER}
    assert health.level is Level.FAIL


def test_a_printer_back_from_junk_prints_again(tmp_path: Path) -> None:
    with printer_on_sim(tmp_path, timeout_s=0.2) as (printer, sim):
        sim.junk = True
        assert not printer.print_ticket(THEFT_EN).ok
        sim.junk = False
        assert printer.print_ticket(THEFT_EN).ok
        assert sim.wait_for_tickets(1)
