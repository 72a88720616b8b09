"""Ticket bytes, exactly: the golden sequences on 58 and 80 mm, built from the named
constants, and the QR encodings checked against python-escpos as a reference."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from escpos.constants import QR_ECLEVEL_M, QR_MODEL_2
from escpos.printer import Dummy
from PIL import Image

from hardware.printer import constants as C
from hardware.printer.base import EscPosBuffer, QrMode, qr_matrix, qr_raster
from hardware.printer.ticket import Layout, ticket_bytes
from tests.hardware.printer_support import STATUS_URL, THEFT_EN, printer_on_sim

CENTER, LEFT = C.ALIGN_CENTER, C.ALIGN_LEFT
HEADING, BODY, NORMAL = C.SIZE_DOUBLE, C.SIZE_DOUBLE_HEIGHT, C.SIZE_NORMAL
RULE = C.SIZE_DOUBLE_WIDTH   # rules: half as many dashes, twice as wide
CODE_SIZE = C.character_size(3, 3)
QR = (C.qr_select_model(C.QR_MODEL_2) + C.qr_module_size(6) + C.qr_error_level(C.QR_EC_M)
      + C.qr_store(b"https://cc.example/t/KX4M-7HPA") + C.qr_print())
NATIVE_QR_BUDGET = 1536   # bytes of an ordinary receipt with the printer's own QR


def lines(*rows: bytes) -> bytes:
    return b"".join(row + C.LF for row in rows)


def golden(rule: bytes, status: list[bytes], steps: list[bytes], follow: list[bytes],
           stpl: list[bytes]) -> bytes:
    """The theft receipt in English: body text double height, headings double size,
    rules double width; only the rule and the wrapped lines differ by width."""
    return b"".join([
        C.ESC_INIT, C.select_code_table(C.CODE_TABLE_PC437),
        CENTER, HEADING, C.BOLD_ON, lines(b"POLRI 110"), C.BOLD_OFF,
        BODY, lines(b"Polri Emergency Service"),
        C.BOLD_ON, lines(b"REPORT RECEIPT"), C.BOLD_OFF,
        LEFT, RULE, lines(rule),
        CENTER, BODY, lines(b"REPORT NUMBER"),
        CODE_SIZE, C.BOLD_ON, lines(b"KX4M-7HPA"), C.BOLD_OFF,
        LEFT, RULE, lines(rule),
        BODY, lines(b"Category : Theft", b"Time     : 23/11/2026 19:05 WIB",
                    b"Place    : MRT Bundaran HI"),
        RULE, lines(rule),
        BODY, C.BOLD_ON, lines(*status), C.BOLD_OFF,
        NORMAL, C.LF,
        CENTER, HEADING, C.BOLD_ON, lines(b"NEXT STEPS"), C.BOLD_OFF,
        LEFT, BODY, lines(*steps),
        RULE, lines(rule),
        NORMAL, C.LF, CENTER, QR, C.LF,
        BODY, lines(b"https://cc.example/t/KX4M-7HPA", *follow),
        LEFT, RULE, lines(rule),
        BODY, lines(*stpl, b"Keep this receipt."),
        RULE, lines(rule),
        CENTER, BODY, C.BOLD_ON, lines(b"EMERGENCY? Call 110 from",
                                       b"any phone, free of charge"), C.BOLD_OFF,
        NORMAL, C.feed_lines(3), C.cut_after_feed(0),
    ])


GOLDEN_58 = golden(
    b"-" * 16,
    [b"Your report is stored at this", b"kiosk and is being sent to the", b"110 operators."],
    [b"[ ] File a police report at the", b"    SPKT desk of a Polsek/Polres",
     b"    to get an STPL. Bring this", b"    receipt.",
     b"Follow your report with the", b"report number above."],
    [b"Report status: scan the QR code", b"or open the address above.",
     b"No phone? Touch", b'"Cek laporan" (check a', b"report) at any 110 kiosk."],
    [b"This receipt is not a police", b"report receipt (Surat Tanda",
     b"Penerimaan Laporan, STPL); STPLs", b"are issued at police stations."])
GOLDEN_80 = golden(
    b"-" * 24,
    [b"Your report is stored at this kiosk and is being", b"sent to the 110 operators."],
    [b"[ ] File a police report at the SPKT desk of a",
     b"    Polsek/Polres to get an STPL. Bring this", b"    receipt.",
     b"Follow your report with the report number above."],
    [b"Report status: scan the QR code", b"or open the address above.",
     b'No phone? Touch "Cek laporan"', b"(check a report) at any 110 kiosk."],
    [b"This receipt is not a police report receipt",
     b"(Surat Tanda Penerimaan Laporan, STPL); STPLs", b"are issued at police stations."])


@pytest.mark.parametrize(("width", "expected"), [(58, GOLDEN_58), (80, GOLDEN_80)])
def test_ticket_bytes_are_exactly_the_golden_sequence(width: int, expected: bytes) -> None:
    layout = Layout.for_paper(width, status_url=STATUS_URL)
    assert ticket_bytes(THEFT_EN, layout) == expected
    assert len(expected) <= NATIVE_QR_BUDGET


@pytest.mark.parametrize(("width", "expected"), [(58, GOLDEN_58), (80, GOLDEN_80)])
def test_the_printer_receives_exactly_the_golden_sequence(tmp_path: Path, width: Literal[58, 80],
                                                          expected: bytes) -> None:
    with printer_on_sim(tmp_path, paper_width_mm=width) as (printer, sim):
        result = printer.print_ticket(THEFT_EN)
        assert sim.wait_for_tickets(1)
    assert result.ok and result.bytes_sent == len(expected)
    assert sim.tickets[0].raw == expected
    assert sim.errors == []


def test_without_a_status_url_the_qr_holds_the_code_alone() -> None:
    data = ticket_bytes(THEFT_EN, Layout.for_paper(80))
    assert C.qr_store(b"KX4M-7HPA") in data
    assert b"Quote the report number" in data and b"https://" not in data


def test_native_qr_bytes_match_python_escpos() -> None:
    reference = Dummy()
    reference.qr("https://cc.example/t/KX4M-7HPA", ec=QR_ECLEVEL_M, size=6, model=QR_MODEL_2,
                 native=True)
    ours = EscPosBuffer(qr_mode=QrMode.NATIVE)
    ours.qr("https://cc.example/t/KX4M-7HPA", 6)
    assert ours.output == reference.output == QR


def test_raster_qr_bytes_match_python_escpos_for_the_same_bitmap() -> None:
    payload = b"https://cc.example/t/KX4M-7HPA"
    matrix = qr_matrix(payload)
    size = len(matrix) * 6
    image = Image.new("1", (size, size), 1)
    for y in range(size):
        for x in range(size):
            if matrix[y // 6][x // 6]:
                image.putpixel((x, y), 0)
    reference = Dummy()
    reference.image(image, impl="bitImageRaster", center=False)
    ours = qr_raster(payload, 6, 576)
    # python-escpos pads rows to whole bytes with white as we do; compare GS v 0 blocks.
    start = reference.output.index(C.GS_V0)
    assert reference.output[start:start + len(ours)] == ours


def test_raster_qr_shrinks_to_fit_narrow_paper() -> None:
    payload = b"x" * 120   # a long status URL: many modules
    modules = len(qr_matrix(payload))
    data = qr_raster(payload, 6, 200)
    width_bytes = int.from_bytes(data[4:6], "little")
    assert width_bytes * 8 <= 200 + 7
    assert width_bytes == (modules * (200 // modules) + 7) // 8


@pytest.mark.parametrize(("build", "message"), [
    (lambda: C.character_size(0, 1), "1..8"),
    (lambda: C.qr_module_size(17), "1..16"),
    (lambda: C.qr_store(b""), "1..7089"),
    (lambda: C.raster_image(2, 2, b"\x00"), "does not match"),
])
def test_constants_refuse_values_the_printer_would_misread(build: Callable[[], object],
                                                           message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()
