"""`python -m kiosk --config C test-print`: exit 0 when printed; 1 with the reason and
nothing sent to print when the printer cannot print or the kiosk app holds the port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from hardware.serialport import open_port
from kiosk.cli import main
from simulators.printer import PrinterSimulator
from tests.hardware.printer_support import FAST_BAUD
from tests.support.config import write_config

REPO = Path(__file__).resolve().parents[2]


def printer_config(tmp_path: Path, port: str | None, **extra: str | int) -> Path:
    return write_config(tmp_path, printer={
        "port": port, "baudrate": FAST_BAUD, "timeout_s": 0.5,
        "status_url": "https://cc.example/t/", **extra})


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[PrinterSimulator]:
    with PrinterSimulator(baudrate=FAST_BAUD, output_dir=tmp_path / "paper") as s:
        yield s


def test_test_print_prints_a_test_ticket(tmp_path: Path, sim: PrinterSimulator,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--config", str(printer_config(tmp_path, sim.port)), "test-print",
                 "--language", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert sim.wait_for_tickets(1)
    ticket = sim.tickets[0]
    assert "TEST PRINT" in ticket.text and "MRT Bundaran HI" in ticket.text
    printed_code = out.split("printed test ticket ")[1].split()[0]
    assert printed_code in ticket.text
    payloads = [c.text for c in zxingcpp.read_barcodes(Image.open(ticket.png))]
    assert payloads == ["https://cc.example/t/" + printed_code]


@pytest.mark.parametrize(("condition", "reason"), [("paper_out", "paper out"),
                                                   ("cover_open", "cover open"),
                                                   ("silent", "does not answer")])
def test_test_print_fails_with_the_reason_and_sends_nothing(
        tmp_path: Path, sim: PrinterSimulator, capsys: pytest.CaptureFixture[str],
        condition: str, reason: str) -> None:
    setattr(sim, condition, True)
    code = main(["--config", str(printer_config(tmp_path, sim.port)), "test-print"])
    assert code == 1
    assert reason in capsys.readouterr().err
    assert sim.print_bytes_received == 0


def test_test_print_says_plainly_when_the_kiosk_app_holds_the_port(
        tmp_path: Path, sim: PrinterSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    held = open_port(sim.port, FAST_BAUD)   # the running kiosk app
    try:
        code = main(["--config", str(printer_config(tmp_path, sim.port)), "test-print"])
    finally:
        held.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "in use by another process" in err and "kiosk app" in err
    assert sim.print_bytes_received == 0


def test_test_print_without_a_printer_says_so(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(printer_config(tmp_path, None)), "test-print"]) == 1
    assert "no printer configured" in capsys.readouterr().err


def test_test_print_as_a_process_prints_the_lost_item_variant(
        tmp_path: Path, sim: PrinterSimulator) -> None:
    config = printer_config(tmp_path, sim.port, paper_width_mm=58, qr_mode="raster")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config),
                           "test-print", "--lost-item", "--language", "id"],
                          capture_output=True, text=True, timeout=60, check=False,
                          env=env, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert sim.wait_for_tickets(1)
    text = sim.tickets[0].text
    assert "CETAK UJI" in text and "SKTLK" in text and "Ponsel, Dompet" in text
