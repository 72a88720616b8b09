"""`python -m kiosk --config C reprint CODE` (issue 11 item 10): the receipt of a report
in this kiosk's outbox (sealed, as every report is stored), printed again on the
printer simulator by its report number, also after delivery redacted it; clear exits
for unknown and malformed codes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.config import load_config
from offline_queue.outbox import Outbox
from simulators.printer import PrinterSimulator
from tests.support.config import write_config
from wire.report import KioskInfo, Report, Reporter
from wire.ticket import ticket_code

REPO = Path(__file__).resolve().parents[2]
BAUD = 115200
KIOSK = KioskInfo("test-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)


def _config(tmp_path: Path, port: str) -> Path:
    return write_config(tmp_path, printer={"port": port, "baudrate": BAUD, "timeout_s": 1.0})


def _run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[PrinterSimulator]:
    with PrinterSimulator(baudrate=BAUD, output_dir=tmp_path / "paper") as s:
        yield s


def test_reprint_prints_the_receipt_of_a_delivered_report_by_its_number(
        tmp_path: Path, sim: PrinterSimulator) -> None:
    config = _config(tmp_path, sim.port)
    report = Report.create(kiosk=KIOSK, category="theft", language="id", description="",
                           reporter=Reporter(name="Budi Santoso"), lost_items=("wallet",))
    other = Report.create(kiosk=KIOSK, category="threat", language="id", description="x")
    # Stored as the app stores it: sealed to the centre, then delivered and redacted.
    with Outbox.for_config(load_config(config)) as outbox:
        outbox.enqueue_report(other)
        outbox.enqueue_report(report)
        outbox.mark_delivered(report.id)
    code = ticket_code(report.id)
    result = _run(config, "reprint", code.replace("-", "").lower())
    assert result.returncode == 0, result.stderr
    assert code in result.stdout
    assert sim.wait_for_tickets(1)
    text = sim.tickets[0].text
    assert code in text and ticket_code(other.id) not in text and "Budi" not in text


def test_reprint_says_why_it_cannot(tmp_path: Path, sim: PrinterSimulator) -> None:
    config = _config(tmp_path, sim.port)
    Outbox.for_config(load_config(config)).close()
    unknown = _run(config, "reprint", "KX4M-7HPA")
    assert unknown.returncode == 1 and "no report KX4M-7HPA" in unknown.stderr
    bad = _run(config, "reprint", "12345")
    assert bad.returncode == 2 and "not a report number" in bad.stderr
    assert not sim.tickets
