"""The printed receipt (bukti laporan): a `core.ports.Ticket` laid out as printer
operations. Its words are in `ticket_texts.py`, the item-tailored steps in
`core.next_steps` (the done screen shows the same list).

Font A is 12 dots wide: 32 columns on 58 mm paper (384 dots), 48 on 80 mm (576 dots),
42 on 80 mm printers with a 512-dot head. Every line is wrapped here, after the text
is mapped to the code page, so the printer never wraps a line itself (a wrap in the
middle of a word or of a double-width code is what makes cheap tickets unreadable).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.next_steps import steps_for
from core.ports import Ticket
from hardware.printer.base import Align, EscPos, EscPosBuffer, QrMode, qr_matrix
from hardware.printer.text import CodePage, printable
from hardware.printer.ticket_texts import STATUS_KEYS, texts
from wire import categories

QR_MODULE_DOTS = 6       # 29-module symbol (a typical URL) ~ 22 mm wide at 203 dpi
BOTTOM_FEED_LINES = 3    # the last line clears the cutter before GS V cuts
# GS ! magnifications (width, height). Body text is double height: the cap height of
# font A doubles (the simulator's font A: 15 -> 30 dots, 1.9 -> 3.75 mm) while every
# line keeps its 32 / 48 columns, so a URL or an operator's number still fits a line.
BODY_SIZE = (1, 2)
HEADING_SIZE = (2, 2)    # title, "next steps", the 110 line: half the columns
CODE_SIZE = (3, 3)       # 9 characters x 3 = 27 columns: fits 58 mm paper
RULE_SIZE = (2, 1)       # half as many (longer) dashes: the same line, fewer bytes
GAP_SIZE = (1, 1)        # a blank line costs paper, not meaning
CHECKBOX = "[ ] "        # a step to tick off; cp437 has no ballot box
NBSP = "\u00a0"          # in a text: do not break the line here
_GLUE = "\x00"           # never in printable() output, not whitespace to textwrap
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
    _status(ticket, t, writer)
    _next_steps(ticket, t, writer)
    _follow_up(ticket, t, writer, layout)
    _small_print(t, writer)
    out.size(*GAP_SIZE)
    out.feed(BOTTOM_FEED_LINES)
    out.cut()


class _Writer:
    """Wraps text to the line width (counted after mapping to the code page) and keeps
    the body size between headings."""

    def __init__(self, out: EscPos, columns: int) -> None:
        self.out = out
        self.columns = columns

    def wrapped(self, text: str, width: int | None = None, indent: str = "",
                first: str = "") -> list[str]:
        # No-break spaces become a stand-in textwrap does not break at (the code-page
        # mapping would turn them into plain spaces), then spaces again.
        plain = _GLUE.join(printable(part, self.out.page) for part in text.split(NBSP))
        rows = textwrap.wrap(plain, width or self.columns, initial_indent=first,
                             subsequent_indent=indent, break_on_hyphens=False) or [""]
        return [row.replace(_GLUE, " ") for row in rows]

    def balanced(self, text: str, width: int) -> list[str]:
        """Wrapped as narrow as possible without adding lines, so a centred
        paragraph does not end in one orphaned word."""
        rows = self.wrapped(text, width)
        while width > 1 and len(self.wrapped(text, width - 1)) == len(rows):
            width -= 1
        return self.wrapped(text, width)

    def paragraph(self, text: str, align: Align = Align.LEFT, indent: str = "",
                  first: str = "", bold: bool = False) -> None:
        self.out.align(align)
        self.out.size(*BODY_SIZE)
        self.out.bold(bold)
        if align is Align.CENTER:
            rows = self.balanced(text, self.columns)
        else:
            rows = self.wrapped(text, indent=indent, first=first)
        for row in rows:
            self.out.line(row)
        self.out.bold(False)

    def rows(self, rows: list[str], align: Align = Align.CENTER) -> None:
        """Lines already cut to the width (a URL), printed as they are."""
        self.out.align(align)
        self.out.size(*BODY_SIZE)
        for row in rows:
            self.out.line(row)

    def big(self, text: str, size: tuple[int, int] = HEADING_SIZE) -> None:
        """Magnified, bold, centred: `size[0]` times fewer columns."""
        self.out.align(Align.CENTER)
        self.out.size(*size)
        self.out.bold(True)
        for row in self.balanced(text, self.columns // size[0]):
            self.out.line(row)
        self.out.bold(False)

    def gap(self) -> None:
        self.out.size(*GAP_SIZE)
        self.out.line()

    def rule(self) -> None:
        self.out.align(Align.LEFT)
        self.out.size(*RULE_SIZE)
        self.out.line("-" * (self.columns // RULE_SIZE[0]))


def _header(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    w.big("POLRI 110")
    w.paragraph(t["service"], Align.CENTER)
    w.paragraph(t["title"], Align.CENTER, bold=True)
    if ticket.is_test:
        w.paragraph(t["test"], Align.CENTER)


def _code(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    w.rule()
    w.paragraph(t["code"], Align.CENTER)
    w.big(ticket.code, CODE_SIZE)
    w.rule()


def _details(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    rows = [(t["category"], category_label(ticket.category, ticket.language)),
            (t["time"], format_time(ticket.created_at)),
            (t["place"], ticket.station),
            (t["kiosk"], ticket.kiosk_id),
            # An item's label is not split over two lines ("Kartu / bank").
            (t["items"], ", ".join(lost_item_label(item, ticket.language).replace(" ", NBSP)
                                   for item in ticket.lost_items))]
    rows = [(label, value) for label, value in rows if value.strip()]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        head = f"{label:<{width}} : "
        w.paragraph(value, first=head, indent=" " * len(head))
    w.rule()


def _group(ticket: Ticket) -> categories.Group:
    try:
        return categories.get(ticket.category).group
    except KeyError:
        return categories.Group.LOST_ITEM if ticket.lost_items else \
            categories.Group.INFORMATION


def _status(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    """What has happened to the report: exactly the delivery state, never more."""
    group = _group(ticket)
    kind = {categories.Group.EMERGENCY: "emergency",
            categories.Group.INFORMATION: "request"}.get(group, "report")
    w.paragraph(t[STATUS_KEYS[kind, ticket.delivery]], bold=True)


def _next_steps(ticket: Ticket, t: dict[str, str], w: _Writer) -> None:
    w.gap()
    w.big(t["next"])
    if _group(ticket) is categories.Group.EMERGENCY:
        w.paragraph(t["emergency"])
    for step in steps_for(ticket.category, ticket.lost_items):
        indent = " " * len(CHECKBOX)
        w.paragraph(step.text(ticket.language), first=CHECKBOX, indent=indent)
    w.paragraph(t["contact" if ticket.has_contact else "no_contact"])
    w.rule()


def _follow_up(ticket: Ticket, t: dict[str, str], w: _Writer, layout: Layout) -> None:
    payload = qr_payload(ticket.code, layout.status_url)
    w.gap()
    w.out.align(Align.CENTER)
    if payload:
        w.out.qr(payload, qr_module_dots(payload, layout.width_dots))
    w.gap()   # the QR's quiet zone below (4 modules = 24 dots; a line is 30)
    if layout.status_url:
        w.rows(url_rows(printable(payload, w.out.page), w.columns))
        w.paragraph(t["scan"], Align.CENTER)
    else:
        w.paragraph(t["quote"], Align.CENTER)
    w.paragraph(t["check"], Align.CENTER)
    w.rule()


def _small_print(t: dict[str, str], w: _Writer) -> None:
    w.paragraph(t["not_stpl"])
    w.paragraph(t["keep"])
    w.rule()
    w.paragraph(t["call"], Align.CENTER, bold=True)


def url_rows(url: str, width: int) -> list[str]:
    """`url` cut into lines of at most `width`, after a '/' (or '.', '-', '?', '&',
    '=') where one is near, so each line reads as a piece of the address."""
    rows = []
    while len(url) > width:
        cut = max(url.rfind(c, 0, width) for c in "/.-?&=") + 1
        if cut < width // 2:
            cut = width
        rows.append(url[:cut])
        url = url[cut:]
    return [*rows, url] if url else rows


def qr_module_dots(payload: str, width_dots: int) -> int:
    """The module size that keeps the symbol (plus a quiet zone) within the paper."""
    modules = len(qr_matrix(payload.encode("utf-8"))) + 8
    return max(1, min(QR_MODULE_DOTS, width_dots // modules))
