"""Text on the printer's code page: replaced, never raw UTF-8, never a control byte;
and no text, however odd, breaks the ticket's line width."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ports import Delivery, Ticket
from hardware.printer import constants as C
from hardware.printer.base import QrMode
from hardware.printer.text import CODE_PAGES, code_page, encode, printable
from hardware.printer.ticket import Layout, ticket_bytes
from simulators.printer_parse import EscPosParser, Paper
from wire.categories import CATEGORIES, LOST_ITEMS

PAGES = list(CODE_PAGES)


@pytest.mark.parametrize(("text", "page", "expected"), [
    ("Café Kopi", "cp437", "Café Kopi".encode("cp437")),
    ("Jum’at “pagi” — ok…", "cp437", b"Jum'at \"pagi\" - ok..."),
    ("Jum’at “pagi” — ok…", "cp1252", "Jum’at “pagi” — ok…".encode("cp1252")),
    ("Harga €5", "cp437", b"Harga EUR5"),
    ("Harga €5", "cp858", "Harga €5".encode("cp858")),
    ("Dāwūd", "cp437", b"Dawud"),
    ("ｆｕｌｌ", "cp437", b"full"),
    ("电话 📱", "cp437", b"?? ?"),
    ("a\x1b@b\x1dV\x00c\x10\x04\x01", "cp437", b"a?@b?V?c???"),
    ("baris\nbaru\ttab", "cp437", b"baris baru tab"),
    ("zero\u200bwidth\u00adsoft", "cp437", b"zerowidthsoft"),
    ("e\u0301", "cp437", "é".encode("cp437")),
])
def test_text_is_mapped_to_the_code_page(text: str, page: str, expected: bytes) -> None:
    assert encode(text, code_page(page)) == expected


def test_an_unknown_code_page_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="cp437"):
        code_page("utf-8")


@settings(max_examples=300, deadline=None)
@given(text=st.text(), page=st.sampled_from(PAGES))
def test_any_text_encodes_to_printable_bytes_of_the_page(text: str, page: str) -> None:
    cp = code_page(page)
    data = encode(text, cp)
    assert all(b >= 0x20 and b != 0x7F for b in data)       # never a command byte
    assert data.decode(cp.codec) == printable(text, cp)      # one byte per character
    assert printable(printable(text, cp), cp) == printable(text, cp)


def _print_through_sim_parser(data: bytes, columns: int) -> Paper:
    parser, paper = EscPosParser(), Paper(columns)
    for cmd in parser.feed(data):
        paper.play(cmd)
    assert parser.errors == [] and paper.errors == []
    return paper


station = st.text(max_size=80)
tickets = st.builds(
    Ticket,
    code=st.just("KX4M-7HPA"),
    category=st.sampled_from([c.code for c in CATEGORIES] + ["made_up"]),
    station=station,
    created_at=st.sampled_from(["2026-11-23T19:05:00+07:00", "2026-01-01T00:00:00+00:00",
                                "not a time ❌"]),
    language=st.sampled_from(["id", "en"]),
    lost_items=st.lists(st.sampled_from([*LOST_ITEMS, "thing_we_never_heard_of"]),
                        max_size=6).map(tuple),
    is_test=st.booleans(),
    delivery=st.sampled_from(Delivery),
    kiosk_id=st.text(max_size=40),
    has_contact=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(ticket=tickets, width=st.sampled_from([58, 80]), page=st.sampled_from(PAGES),
       columns=st.sampled_from([None, 42]))
def test_no_ticket_makes_the_printer_wrap_a_line(ticket: Ticket, width: int, page: str,
                                                 columns: int | None) -> None:
    layout = Layout.for_paper(width, columns if width == 80 else None, "https://x.example/t/")
    data = ticket_bytes(ticket, layout, page, QrMode.NATIVE)
    paper = _print_through_sim_parser(data, layout.columns)
    assert paper.page.blocks == [] and paper.page.wrapped_lines == 0   # cut at the end
    assert data.endswith(C.cut_after_feed(0))


def test_a_long_station_name_wraps_inside_the_width_on_58_mm() -> None:
    ticket = Ticket(code="KX4M-7HPA", category="fire", language="id",
                    station="Stasiun MRT Lebak Bulus Grab — Pintu Masuk Selatan “B”",
                    created_at="2026-11-23T19:05:00+07:00")
    parser, paper = EscPosParser(), Paper(32)
    pages = [p for cmd in parser.feed(ticket_bytes(ticket, Layout.for_paper(58)))
             if (p := paper.play(cmd)) is not None]
    lines = [b.text for b in pages[0].blocks if hasattr(b, "text")]
    at = lines.index("Lokasi   : Stasiun MRT Lebak")
    assert lines[at + 1:at + 3] == ["           Bulus Grab - Pintu", '           Masuk Selatan "B"']
    assert pages[0].wrapped_lines == 0
    assert all(len(line) <= 32 for line in lines)


def test_columns_outside_the_printers_range_are_refused() -> None:
    with pytest.raises(ValueError, match=r"printer\.columns"):
        Layout.for_paper(80, columns=100)
