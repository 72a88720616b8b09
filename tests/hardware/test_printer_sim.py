"""The printer simulator behaves like the printer the tests stand it in for: Epson
status bytes, unknown commands flagged, bytes paced like a serial line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.printer import constants as C
from hardware.printer.ticket import Layout, ticket_bytes
from hardware.serialport import open_port
from simulators.printer import PrinterSimulator
from simulators.printer_parse import EscPosParser
from tests.hardware.printer_support import THEFT_EN


@pytest.mark.parametrize(("condition", "expected"), [
    ({}, {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}),
    ({"paper_near_end": True}, {1: 0x12, 2: 0x12, 4: 0x1E}),
    # The values Epson's reference gives for a printer out of paper / with the cover open.
    ({"paper_out": True}, {1: 0x1A, 2: 0x32, 4: 0x7E}),
    ({"cover_open": True}, {1: 0x1A, 2: 0x16, 4: 0x12}),
])
def test_status_bytes_follow_the_epson_layout(condition: dict[str, bool],
                                              expected: dict[int, int]) -> None:
    sim = PrinterSimulator()
    for name, value in condition.items():
        setattr(sim, name, value)
    assert {n: sim.status_byte(n) for n in expected} == expected


def test_it_answers_dle_eot_over_the_pty_unless_silent(tmp_path: Path) -> None:
    with PrinterSimulator(baudrate=115200, output_dir=tmp_path) as sim:
        port = open_port(sim.port, 115200, timeout=2.0)
        sim.paper_out = True
        port.write(C.realtime_status(C.STATUS_PAPER))
        assert port.read(1) == b"\x7e"
        sim.silent = True
        port.write(C.realtime_status(C.STATUS_PRINTER))
        port.timeout = 0.3
        assert port.read(1) == b""
        port.close()
    assert sim.status_queries == [4, 1]
    assert sim.print_bytes_received == 0


def test_unknown_commands_are_flagged_with_their_offset(tmp_path: Path) -> None:
    with PrinterSimulator(baudrate=115200, output_dir=tmp_path) as sim:
        port = open_port(sim.port, 115200)
        port.write(C.ESC_INIT + b"\x1bq" + b"ok\x07" + C.GS + b"\xff" + C.LF
                   + C.cut_after_feed(0))
        port.close()
        assert sim.wait_for_tickets(1)
    assert sim.errors == ["offset 2: unknown command ESC 0x71",
                          "offset 6: unexpected control byte 0x07",
                          "offset 7: unknown command GS 0xff"]


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.integers(min_value=1, max_value=700), max_size=8))
def test_a_ticket_split_anywhere_parses_the_same(cuts: list[int]) -> None:
    data = ticket_bytes(THEFT_EN, Layout.for_paper(80, status_url="https://x.example/t/"))
    whole = [c.raw for c in EscPosParser().feed(data)]
    parser, pieces, last = EscPosParser(), [], 0
    for cut in [*sorted({min(c, len(data)) for c in cuts}), len(data)]:
        pieces += [c.raw for c in parser.feed(data[last:cut])]
        last = cut
    # Text runs may be split where the chunk ended; the bytes and commands are the same.
    assert b"".join(pieces) == b"".join(whole) == data
    assert [p for p in pieces if p[:1] in (b"\x1b", b"\x1d")] == \
           [w for w in whole if w[:1] in (b"\x1b", b"\x1d")]
    assert parser.errors == []


def test_bytes_arrive_no_faster_than_the_baud_rate(tmp_path: Path) -> None:
    # 960 bytes at 19200 baud, 10 bits each, need at least 0.5 s on the line. A lower
    # bound only: a loaded machine can make it slower, never faster.
    with PrinterSimulator(baudrate=19200, output_dir=tmp_path) as sim:
        port = open_port(sim.port, 19200)
        started = time.monotonic()
        port.write(b"x" * 959 + C.LF)
        port.write(C.realtime_status(C.STATUS_PRINTER))
        port.timeout = 10.0
        assert port.read(1) == b"\x12"     # answered only after all the text went by
        elapsed = time.monotonic() - started
        port.close()
    assert elapsed >= 0.5
    assert sim.print_bytes_received == 960
