"""The printed ticket: a `core.ports.Ticket` laid out as printer operations.

Font A is 12 dots wide: 32 columns on 58 mm paper (384 dots), 48 on 80 mm (576 dots),
42 on 80 mm printers with a 512-dot head. Every line is wrapped here, after the text
is mapped to the code page, so the printer never wraps a line itself (a wrap in the
middle of a word or of a double-width code is what makes cheap tickets unreadable).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.ports import Ticket
from hardware.printer.base import Align, EscPos, EscPosBuffer, QrMode, qr_matrix
from hardware.printer.text import CodePage, printable
from wire import categories

QR_MODULE_DOTS = 6       # 29-module symbol (a typical URL) ≈ 22 mm wide at 203 dpi
BOTTOM_FEED_LINES = 3    # the last line clears the cutter before GS V cuts
CODE_MAGNIFICATION = 3   # 9 characters x 3 = 27 columns: fits 58 mm paper

TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "subtitle": "Layanan Darurat Polri",
        "test": "** CETAK UJI - BUKAN LAPORAN **",
        "code": "KODE TIKET",
        "category": "Kategori",
        "time": "Waktu",
        "items": "Barang yang hilang:",
        "next": "LANGKAH SELANJUTNYA",
        "emergency": "Laporan Anda sudah tercatat dan diteruskan ke petugas 110 sebagai "
                     "keadaan DARURAT. Tetaplah di tempat yang aman.",
        "crime": "Laporan Anda sudah tercatat dan diteruskan ke petugas 110. Polisi dapat "
                 "menghubungi Anda untuk tindak lanjut.",
        "information": "Permintaan Anda sudah tercatat dan diteruskan ke petugas 110.",
        "lost_item": "Laporan Anda sudah tercatat. Segera lakukan:",
        "step_sim": "Blokir kartu SIM Anda: hubungi operator seluler Anda.",
        "step_bank": "Blokir kartu ATM dan kartu kredit: hubungi call center bank Anda.",
        "step_certificate": "Minta Surat Keterangan Kehilangan di kantor polisi terdekat "
                            "(Polsek/Polres). Bawa tiket ini.",
        "scan": "Pindai kode QR untuk melihat status laporan Anda.",
        "quote": "Sebutkan kode tiket saat menanyakan laporan Anda.",
        "keep": "Simpan tiket ini.",
        "footer": "DARURAT? Angkat gagang telepon untuk menelepon 110.",
    },
    "en": {
        "subtitle": "Police Emergency Service",
        "test": "** TEST PRINT - NOT A REPORT **",
        "code": "TICKET CODE",
        "category": "Category",
        "time": "Time",
        "items": "Items lost:",
        "next": "WHAT HAPPENS NEXT",
        "emergency": "Your report is recorded and passed to the 110 operators as an "
                     "EMERGENCY. Stay somewhere safe.",
        "crime": "Your report is recorded and passed to the 110 operators. The police may "
                 "contact you to follow up.",
        "information": "Your request is recorded and passed to the 110 operators.",
        "lost_item": "Your report is recorded. Do this now:",
        "step_sim": "Block your SIM card: call your mobile operator.",
        "step_bank": "Block your bank and credit cards: call your bank's call centre.",
        "step_certificate": "Get a police loss certificate (Surat Keterangan Kehilangan) "
                            "at the nearest police station (Polsek/Polres). Bring this "
                            "ticket.",
        "scan": "Scan the QR code to see the status of your report.",
        "quote": "Quote the ticket code when you ask about your report.",
        "keep": "Keep this ticket.",
        "footer": "EMERGENCY? Lift the handset to call 110.",
    },
}
LOST_ITEM_STEPS = ("step_sim", "step_bank", "step_certificate")
_ZONES = {timedelta(hours=7): "WIB", timedelta(hours=8): "WITA", timedelta(hours=9): "WIT"}


@dataclass(frozen=True)
class Layout:
    columns: int            # characters per line in font A
    width_dots: int         # printable width of the head
    status_url: str = ""    # the QR encodes this + the ticket code

    @classmethod
    def for_paper(cls, paper_width_mm: int, columns: int | None = None,
                  status_url: str = "") -> Layout:
        if columns is not None and not 24 <= columns <= 64:
            raise ValueError(f"printer.columns: {columns} is outside 24..64")
        if paper_width_mm == 58:
            return cls(columns or 32, 384, status_url)
        cols = columns or 48
        return cls(cols, 576 if cols >= 48 else 512, status_url)


def qr_payload(code: str, status_url: str) -> str:
    """What the ticket's QR encodes: the status URL followed by the code, or the code."""
    return f"{status_url}{code}" if status_url else code


def texts(language: str) -> dict[str, str]:
    return TEXTS["id" if language == "id" else "en"]


def format_time(created_at: str) -> str:
    """'23/11/2026 19:05 WIB' from an RFC 3339 time; the raw text if it is not one."""
    try:
        when = datetime.fromisoformat(created_at)
    except ValueError:
        return created_at
    offset = when.utcoffset()
    zone = "" if offset is None else _ZONES.get(offset) or "UTC" + when.strftime("%z")
    return f"{when:%d/%m/%Y %H:%M} {zone}".rstrip()


def category_label(code: str, language: str) -> str:
    try:
        return categories.get(code).label(language)
    except KeyError:
        return code


def lost_item_label(code: str, language: str) -> str:
    labels = categories.LOST_ITEMS.get(code)
    return labels["id" if language == "id" else "en"] if labels else code


def ticket_bytes(ticket: Ticket, layout: Layout, page: CodePage | str = "cp437",
                 qr_mode: QrMode = QrMode.NATIVE) -> bytes:
    """The complete byte stream of `ticket`, from ESC @ to the cut."""
    out = EscPosBuffer(page, qr_mode, layout.width_dots)
    lay_out(ticket, out, layout)
    return out.output


def lay_out(ticket: Ticket, out: EscPos, layout: Layout) -> None:
    t = texts(ticket.language)
    writer = _Writer(out, layout.columns)
    out.initialize()
    _header(ticket, t, writer)
    _code(ticket, t, writer)
    _details(ticket, t, writer)
    _next_steps(ticket, t, writer)
    _qr_and_footer(ticket, t, writer, layout)
    out.feed(BOTTOM_FEED_LINES)
    out.cut()


class _Writer:
    """Wraps text to the line width (counted after mapping to the code page)."""

    def __init__(self, out: EscPos, columns: int) -> None:
        self.out = out
        self.columns = columns

    def wrapped(self, text: str, width: int | None = None, indent: str = "",
                first: str = "") -> list[str]:
        plain = printable(text, self.out.page)
        return textwrap.wrap(plain, width or self.columns, initial_indent=first,
                             subsequent_indent=indent, break_on_hyphens=False) or [""]

    def balanced(self, text: str, width: int) -> list[str]:
        """Wrapped as narrow as possible without adding lines, so a centred
        paragraph does not end in one orphaned word."""
        rows = self.wrapped(text, width)
        while width > 1 and len(self.wrapped(text, width - 1)) == len(rows):
            width -= 1
        return self.wrapped(text, width)

    def paragraph(self, text: str, align: Align = Align.LEFT, indent: str = "",
                  first: str = "") -> None:
        self.out.align(align)
        if align is Align.CENTER:
            rows = self.balanced(text, self.columns)
        else:
            rows = self.wrapped(text, indent=indent, first=first)
        for row in rows:
            self.out.line(row)

    def big(self, text: str, magnification: int = 2) -> None:
        """Magnified, bold, centred: `magnification` times fewer columns."""
        self.out.align(Align.CENTER)
        self.out.size(magnification, magnification)
        self.out.bold(True)
        for row in self.balanced(text, self.columns // magnification):
            self.out.line(row)
        self.out.bold(False)
        self.out.size(1, 1)

    def rule(self) -> None:
        self.out.align(Align.LEFT)
        self.out.line("-" * self.columns)


def _header(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    w.big("POLRI 110")
    w.paragraph(t["subtitle"], Align.CENTER)
    w.out.bold(True)
    w.paragraph(ticket.station, Align.CENTER)
    w.out.bold(False)
    if ticket.is_test:
        w.paragraph(t["test"], Align.CENTER)


def _code(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    w.rule()
    w.paragraph(t["code"], Align.CENTER)
    w.big(ticket.code, CODE_MAGNIFICATION)
    w.rule()


def _details(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    width = max(len(t["category"]), len(t["time"]))
    rows = ((t["category"], category_label(ticket.category, ticket.language)),
            (t["time"], format_time(ticket.created_at)))
    for label, value in rows:
        head = f"{label:<{width}} : "
        w.paragraph(value, first=head, indent=" " * len(head))
    if ticket.lost_items:
        w.paragraph(t["items"])
        for item in ticket.lost_items:
            w.paragraph(lost_item_label(item, ticket.language), first="- ", indent="  ")
    w.rule()


def _next_steps(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    w.out.bold(True)
    w.paragraph(t["next"])
    w.out.bold(False)
    group = _group(ticket)
    w.paragraph(t[group])
    if group == "lost_item":
        for number, key in enumerate(LOST_ITEM_STEPS, start=1):
            w.paragraph(t[key], first=f"{number}. ", indent="   ")


def _group(ticket: Ticket) -> str:
    if ticket.lost_items:
        return "lost_item"
    try:
        group = categories.get(ticket.category).group
    except KeyError:
        return "information"
    return {categories.Group.EMERGENCY: "emergency", categories.Group.CRIME: "crime",
            categories.Group.LOST_ITEM: "lost_item"}.get(group, "information")


def _qr_and_footer(ticket: Ticket, t: dict[str, str], w: _Writer, layout: Layout) -> None:
    payload = qr_payload(ticket.code, layout.status_url)
    w.out.line()
    w.out.align(Align.CENTER)
    if payload:
        w.out.qr(payload, qr_module_dots(payload, layout.width_dots))
        w.out.line()
    w.paragraph(t["scan"] if layout.status_url else t["quote"], Align.CENTER)
    w.paragraph(t["keep"], Align.CENTER)
    w.out.line()
    w.out.bold(True)
    w.paragraph(t["footer"], Align.CENTER)
    w.out.bold(False)


def qr_module_dots(payload: str, width_dots: int) -> int:
    """The module size that keeps the symbol (plus a quiet zone) within the paper."""
    modules = len(qr_matrix(payload.encode("utf-8"))) + 8
    return max(1, min(QR_MODULE_DOTS, width_dots // modules))
