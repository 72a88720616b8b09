"""Ticket bytes, exactly: the golden sequences on 58 and 80 mm, built from the named
constants, and the QR encodings checked against python-escpos as a reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from escpos.constants import QR_ECLEVEL_M, QR_MODEL_2
from escpos.printer import Dummy
from PIL import Image
from printer_support import STATUS_URL, THEFT_EN, printer_on_sim

from hardware.printer import constants as C
from hardware.printer.base import EscPosBuffer, QrMode, qr_matrix, qr_raster
from hardware.printer.ticket import Layout, ticket_bytes

CENTER, LEFT = C.ALIGN_CENTER, C.ALIGN_LEFT
BIG, CODE_SIZE, NORMAL = C.SIZE_DOUBLE, C.character_size(3, 3), C.SIZE_NORMAL
QR = (C.qr_select_model(C.QR_MODEL_2) + C.qr_module_size(6) + C.qr_error_level(C.QR_EC_M)
      + C.qr_store(b"https://cc.example/t/KX4M-7HPA") + C.qr_print())


def golden(rule: bytes, body: list[bytes], footer: list[bytes]) -> bytes:
    """The theft ticket in English; only the rule and the wrapped lines differ by width."""
    return b"".join([
        C.ESC_INIT, C.select_code_table(C.CODE_TABLE_PC437),
        CENTER, BIG, C.BOLD_ON, b"POLRI 110", C.LF, C.BOLD_OFF, NORMAL,
        b"Police Emergency Service", C.LF,
        C.BOLD_ON, b"MRT Bundaran HI", C.LF, C.BOLD_OFF,
        LEFT, rule, C.LF,
        CENTER, b"TICKET CODE", C.LF,
        CODE_SIZE, C.BOLD_ON, b"KX4M-7HPA", C.LF, C.BOLD_OFF, NORMAL,
        LEFT, rule, C.LF,
        b"Category : Theft", C.LF,
        b"Time     : 23/11/2026 19:05 WIB", C.LF,
        rule, C.LF,
        C.BOLD_ON, b"WHAT HAPPENS NEXT", C.LF, C.BOLD_OFF,
        *[line + C.LF for line in body],
        C.LF, CENTER, QR, C.LF,
        b"Scan the QR code to see", C.LF, b"the status of your report.", C.LF,
        b"Keep this ticket.", C.LF, C.LF,
        C.BOLD_ON, *[line + C.LF for line in footer], C.BOLD_OFF,
        C.feed_lines(3), C.cut_after_feed(0),
    ])


GOLDEN_58 = golden(b"-" * 32,
                   [b"Your report is recorded and", b"passed to the 110 operators. The",
                    b"police may contact you to follow", b"up."],
                   [b"EMERGENCY? Lift the", b"handset to call 110."])
GOLDEN_80 = golden(b"-" * 48,
                   [b"Your report is recorded and passed to the 110",
                    b"operators. The police may contact you to follow", b"up."],
                   [b"EMERGENCY? Lift the handset to call 110."])


@pytest.mark.parametrize(("width", "expected"), [(58, GOLDEN_58), (80, GOLDEN_80)])
def test_ticket_bytes_are_exactly_the_golden_sequence(width: int, expected: bytes) -> None:
    layout = Layout.for_paper(width, status_url=STATUS_URL)
    assert ticket_bytes(THEFT_EN, layout) == expected
    assert len(expected) <= 1536   # the 1.5 KB budget with a native QR


@pytest.mark.parametrize(("width", "expected"), [(58, GOLDEN_58), (80, GOLDEN_80)])
def test_the_printer_receives_exactly_the_golden_sequence(tmp_path: Path, width: int,
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
    assert b"Quote the ticket code" in data


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
def test_constants_refuse_values_the_printer_would_misread(build: object,
                                                           message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()  # type: ignore[operator]
