"""What the receipt says and how it reads: large body text, only the delivery that
really happened, the status address readable under the QR, the 110 line, the STPL
disclaimer, the kiosk's place, item-tailored steps as a checklist — in both languages,
on both papers, on every code page, within the byte budget."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from core import next_steps
from core.ports import Delivery, Ticket
from hardware.printer.base import QrMode
from hardware.printer.text import CODE_PAGES, code_page, printable
from hardware.printer.ticket import BODY_SIZE, CHECKBOX, NBSP, Layout, ticket_bytes, url_rows
from hardware.printer.ticket_texts import TEXTS
from simulators import printer_samples
from simulators.printer_parse import EscPosParser, Page, Paper, QrSymbol, RasterImage, TextLine
from simulators.printer_render import page_image
from tests.hardware.printer_support import LOST_ID, THEFT_EN
from wire.categories import CATEGORIES, LOST_ITEMS, Group

URL = "https://110.polri.example/t/"
WORST_CASE_BUDGET = 2048   # every item ticked, a long station: ~2.1 s at 9600 baud
DOTS_PER_MM = 8            # 203 dpi
EMERGENCY = [c.code for c in CATEGORIES if c.group is Group.EMERGENCY]


def page_of(ticket: Ticket, width: int = 80, url: str = URL, page: str = "cp437",
            qr: QrMode = QrMode.NATIVE) -> Page:
    layout = Layout.for_paper(width, status_url=url)
    parser, paper = EscPosParser(), Paper(layout.columns)
    pages = [p for cmd in parser.feed(ticket_bytes(ticket, layout, page, qr))
             if (p := paper.play(cmd)) is not None]
    assert parser.errors == [] and paper.errors == [] and len(pages) == 1
    assert pages[0].wrapped_lines == 0
    return pages[0]


def text_of(ticket: Ticket, width: int = 80, url: str = URL) -> str:
    """The receipt's words as one string (lines joined by spaces, for phrase checks)."""
    return " ".join(b.text.strip() for b in page_of(ticket, width, url).blocks
                    if isinstance(b, TextLine) and b.text.strip())


def every_ticket() -> list[Ticket]:
    out = []
    for category in CATEGORIES:
        for language in ("id", "en"):
            for delivery in Delivery:
                out.append(replace(THEFT_EN, category=category.code, language=language,
                                   delivery=delivery, lost_items=tuple(LOST_ITEMS),
                                   kiosk_id="mrt-bundaran-hi-01"))
    return out


def every_printed_string() -> list[str]:
    strings = [text for table in TEXTS.values() for text in table.values()]
    strings += [step.text(lang) for step in next_steps.STEPS for lang in ("id", "en")]
    strings += [c.label(lang) for c in CATEGORIES for lang in ("id", "en")]
    strings += [label for labels in LOST_ITEMS.values() for label in labels.values()]
    return strings


@pytest.mark.parametrize("page", list(CODE_PAGES))
def test_every_string_the_receipt_prints_is_on_every_code_page_as_it_is(page: str) -> None:
    cp = code_page(page)
    for text in every_printed_string():
        plain = text.replace(NBSP, " ")
        assert printable(plain, cp) == plain, f"{text!r} would be transliterated on {page}"


def test_the_body_text_is_double_height_and_headings_double_size() -> None:
    blocks = page_of(replace(LOST_ID, kiosk_id="tj-sarinah-02")).blocks
    texts = [b for b in blocks if isinstance(b, TextLine) and b.text.strip("- ")]
    assert len(texts) > 30
    for line in texts:
        assert min(c.height for c in line.cells) >= BODY_SIZE[1], line.text
    headings = {b.text for b in texts if b.cells[0].width == 2}
    assert headings == {"POLRI 110", "LANGKAH BERIKUT"}


def _cap_height_mm(line: TextLine) -> float:
    """Height of the dark rows of an all-capitals line, as the simulator draws it."""
    image = page_image(Page(blocks=[line]), 576)
    dark = [y for y in range(image.height)
            if any(image.getpixel((x, y)) == 0 for x in range(image.width))]
    return (dark[-1] - dark[0] + 1) / DOTS_PER_MM


def test_the_body_cap_height_is_double_that_of_font_a() -> None:
    line = next(b for b in page_of(THEFT_EN).blocks
                if isinstance(b, TextLine) and b.text == "REPORT NUMBER")
    normal = TextLine(tuple(replace(c, height=1) for c in line.cells), line.align)
    assert _cap_height_mm(normal) < 2.2                  # font A as the review measured it
    assert _cap_height_mm(line) >= 2 * _cap_height_mm(normal) >= 3.5


@pytest.mark.parametrize("category", EMERGENCY)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_stored_emergency_receipt_never_claims_delivery(category: str,
                                                          language: str) -> None:
    ticket = replace(THEFT_EN, category=category, language=language)
    stored = text_of(ticket).lower()
    assert ("tersimpan di anjungan ini dan sedang dikirim" in stored
            or "stored at this kiosk and is being sent" in stored)
    for claim in ("diteruskan", "diterima", "diberi tahu", "forwarded", "passed to",
                  "received by", "notified"):
        assert claim not in stored
    received = text_of(replace(ticket, delivery=Delivery.RECEIVED)).lower()
    assert "diterima pusat layanan 110" in received or "received by the 110 centre" in received
    assert "tersimpan" not in received and "being sent" not in received
    assert ("tetaplah di dekat anjungan" in stored or "stay near this kiosk" in stored)


@pytest.mark.parametrize("ticket", every_ticket(),
                         ids=lambda t: f"{t.category}-{t.language}-{t.delivery}")
def test_every_receipt_has_the_110_line_the_stpl_line_and_no_handset(ticket: Ticket) -> None:
    text = text_of(ticket, 58)
    if ticket.language == "id":
        assert "DARURAT? Telepon 110 dari ponsel mana pun, gratis" in text
        assert "Bukti ini bukan Surat Tanda Penerimaan Laporan (STPL)" in text
        assert "BUKTI LAPORAN" in text and "NOMOR LAPORAN" in text
    else:
        assert "EMERGENCY? Call 110 from any phone, free of charge" in text
        assert "not a police report receipt" in text and "STPL" in text
    lowered = text.lower()
    for word in ("gagang", "handset", "tiket", "ticket", "lift"):
        assert word not in lowered
    assert "mrt-bundaran-hi-01" in text and "MRT Bundaran HI" in text


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("url", [URL, "https://layanan-110.polri.example/laporan/status?nomor="])
def test_the_status_address_is_printed_readably_right_under_the_qr(width: int,
                                                                   url: str) -> None:
    blocks = page_of(THEFT_EN, width, url).blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, QrSymbol))
    symbol, gap = blocks[at], blocks[at + 1]
    assert isinstance(symbol, QrSymbol) and isinstance(gap, TextLine)
    payload = symbol.payload.decode()
    assert payload == url + THEFT_EN.code
    assert gap.text == ""   # the quiet zone below the symbol
    rows = []
    for block in blocks[at + 2:]:
        assert isinstance(block, TextLine)
        rows.append(block.text)
        if "".join(rows) == payload:
            break
    assert "".join(rows) == payload
    assert all(len(row) <= (32 if width == 58 else 48) for row in rows)


def test_without_a_status_url_no_address_is_printed_but_the_kiosk_check_is() -> None:
    text = text_of(THEFT_EN, url="")
    assert "http" not in text
    assert 'Quote the report number' in text and '"Cek laporan"' in text


@settings(max_examples=200, deadline=None)
@given(url=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1,
                   max_size=200), width=st.integers(min_value=12, max_value=64))
def test_an_address_is_cut_into_whole_lines_that_join_back(url: str, width: int) -> None:
    rows = url_rows(url, width)
    assert "".join(rows) == url
    assert all(0 < len(row) <= width for row in rows)


def test_an_address_breaks_after_a_slash() -> None:
    assert url_rows("https://110.polri.example/t/HP7A-3KXM", 32) == [
        "https://110.polri.example/t/", "HP7A-3KXM"]


def _checklist(text: str) -> list[str]:
    """The checklist entries of a receipt page, each joined from its lines."""
    entries: list[str] = []
    for line in text.splitlines():
        if line.startswith(CHECKBOX):
            entries.append(line[len(CHECKBOX):])
        elif entries and line.startswith(" " * len(CHECKBOX)) and line.strip():
            entries[-1] += " " + line.strip()
    return entries


def _lines(ticket: Ticket, width: int) -> str:
    return "\n".join(b.text for b in page_of(ticket, width).blocks if isinstance(b, TextLine))


@pytest.mark.parametrize("width", [58, 80])
def test_the_next_steps_are_tailored_to_the_ticked_items(width: int) -> None:
    wallet = _checklist(_lines(replace(LOST_ID, lost_items=("wallet",)), width))
    assert len(wallet) == 2
    assert "BCA 1500888" in wallet[0] and "SKTLK" in wallet[1]
    phone = _checklist(_lines(replace(LOST_ID, lost_items=("phone",)), width))
    assert len(phone) == 4
    assert "Telkomsel 188" in phone[0] and "Smartfren 888" in phone[0]
    assert "android.com/find" in phone[2]
    ktp = _checklist(_lines(replace(LOST_ID, lost_items=("ktp",)), width))
    assert ["Dukcapil" in e for e in ktp] == [False, True] and "SKTLK" in ktp[0]
    stolen = _checklist(_lines(replace(LOST_ID, category="theft", lost_items=("ktp",)), width))
    assert "STPL" in stolen[0] and "SPKT" in stolen[0]
    assert _checklist(_lines(replace(THEFT_EN, category="fire"), width)) == []


def test_an_operator_and_its_number_stay_on_one_line() -> None:
    for width in (58, 80):
        text = _lines(replace(LOST_ID, lost_items=tuple(LOST_ITEMS)), width)
        for name, number in (("Telkomsel", "188"), ("Tri", "123"), ("XL", "817"),
                             ("BNI", "1500046"), ("Mandiri", "14000")):
            assert f"{name} {number}" in text, (width, name)


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("qr", list(QrMode))
def test_the_worst_case_receipt_stays_within_the_byte_budget(qr: QrMode, width: int) -> None:
    ticket = replace(LOST_ID, lost_items=tuple(LOST_ITEMS), kiosk_id="tj-sarinah-02",
                     station="Stasiun MRT Lebak Bulus Grab - Pintu Selatan arah Fatmawati",
                     has_contact=True)
    size = len(ticket_bytes(ticket, Layout.for_paper(width, status_url=URL), qr_mode=qr))
    assert size <= WORST_CASE_BUDGET + (4096 if qr is QrMode.RASTER else 0)


def test_every_sample_receipt_renders_with_a_qr_that_decodes(tmp_path: Path) -> None:
    written = printer_samples.write_samples(tmp_path)
    assert len(written) == len(printer_samples.SAMPLES)
    for path in written:
        name = path.stem.removeprefix("ticket-")
        width, _mode, ticket = printer_samples.SAMPLES[name]
        image = Image.open(path)
        assert image.width == (384 if width == 58 else 576) + 48
        decoded = [code.text for code in zxingcpp.read_barcodes(image)]
        assert decoded == [printer_samples.STATUS_URL + ticket.code], name


def test_a_stale_sample_is_removed_and_other_pictures_are_kept(tmp_path: Path) -> None:
    (tmp_path / "ticket-old-name.png").write_bytes(b"x")
    (tmp_path / "cc-ticket.png").write_bytes(b"x")
    printer_samples.write_samples(tmp_path)
    assert not (tmp_path / "ticket-old-name.png").exists()
    assert (tmp_path / "cc-ticket.png").exists()


def test_a_raster_qr_is_drawn_where_the_native_one_would_be() -> None:
    blocks = page_of(THEFT_EN, 58, qr=QrMode.RASTER).blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, RasterImage))
    assert not any(isinstance(b, QrSymbol) for b in blocks)
    address = blocks[at + 2]
    assert isinstance(address, TextLine) and address.text.startswith("https://")
