"""Renders a simulated printer's page to plain text and to a PNG like the paper.

Font A is 12 x 24 dots; DejaVu Sans Mono at 20 px has a 12 px advance, so one cell is
one glyph as on the printer, magnified cell by cell for GS ! sizes. QR symbols are
generated from the GS ( k data as the printer would (model 2, the stored error level
and module size); raster images are drawn bit for bit from GS v 0.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from hardware.printer import constants as C
from simulators.printer_parse import Block, Cell, Page, QrSymbol, RasterImage, TextLine

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CELL_W, CELL_H = 12, 24
LINE_GAP = 6          # default line spacing (ESC 2) ≈ 30 dots per line of font A
MARGIN = 24           # white paper around the printable area in the PNG
_EC = {C.QR_EC_L: qrcode.constants.ERROR_CORRECT_L, C.QR_EC_M: qrcode.constants.ERROR_CORRECT_M,
       C.QR_EC_Q: qrcode.constants.ERROR_CORRECT_Q, C.QR_EC_H: qrcode.constants.ERROR_CORRECT_H}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=2)
def _font(bold: bool) -> Font:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), 20)
    except OSError:   # fonts-dejavu-core missing: still render, less like the paper
        return ImageFont.load_default()


@lru_cache(maxsize=4096)
def _glyph(cell: Cell) -> Image.Image:
    img = Image.new("L", (CELL_W, CELL_H), 255)
    ImageDraw.Draw(img).text((0, 0), cell.char, font=_font(cell.bold), fill=0)
    if (cell.width, cell.height) != (1, 1):
        img = img.resize((CELL_W * cell.width, CELL_H * cell.height), Image.Resampling.NEAREST)
    return img


def _x(align: int, content_width: int, paper_width: int) -> int:
    if align == 1:
        return max(0, (paper_width - content_width) // 2)
    if align == 2:
        return max(0, paper_width - content_width)
    return 0


# ------------------------------------------------------------------ text


def page_text(page: Page, columns: int) -> str:
    """The page as text, `columns` wide; images as [QR ...] / [IMAGE w x h]."""
    rows = [_block_text(block, columns) for block in page.blocks]
    return "\n".join(rows) + "\n"


def _block_text(block: Block, columns: int) -> str:
    if isinstance(block, TextLine):
        pad = _x(block.align, block.columns, columns)
        return (" " * pad + block.text).rstrip()
    if isinstance(block, QrSymbol):
        label = f"[QR {block.payload.decode('utf-8', errors='replace')}]"
    else:
        label = f"[IMAGE {block.width_bytes * 8}x{block.height}]"
    return " " * _x(block.align, len(label), columns) + label


# ------------------------------------------------------------------ image


def page_image(page: Page, width_dots: int) -> Image.Image:
    images = [_block_image(block) for block in page.blocks]
    height = sum(img.height for img, _ in images)
    paper = Image.new("L", (width_dots + 2 * MARGIN, height + 2 * MARGIN), 255)
    y = MARGIN
    for img, align in images:
        paper.paste(img, (MARGIN + _x(align, img.width, width_dots), y))
        y += img.height
    # A thermal head prints a dot or not: no grey.
    return paper.point(lambda v: 0 if v < 128 else 255)


def _block_image(block: Block) -> tuple[Image.Image, int]:
    if isinstance(block, TextLine):
        return _line_image(block), block.align
    if isinstance(block, QrSymbol):
        return _qr_image(block), block.align
    return _raster_image(block), block.align


def _line_image(line: TextLine) -> Image.Image:
    tall = max((c.height for c in line.cells), default=1)
    img = Image.new("L", (max(1, line.columns) * CELL_W, tall * CELL_H + LINE_GAP), 255)
    x = 0
    for cell in line.cells:
        glyph = _glyph(cell)
        img.paste(glyph, (x, tall * CELL_H - glyph.height))   # cells share a baseline
        x += glyph.width
    return img


def _qr_image(symbol: QrSymbol) -> Image.Image:
    code = qrcode.QRCode(error_correction=_EC[symbol.error_level], border=0)
    code.add_data(symbol.payload)
    code.make(fit=True)
    return _bits_image(code.get_matrix(), symbol.module_dots, symbol.module_dots)


def _raster_image(raster: RasterImage) -> Image.Image:
    rows = []
    for y in range(raster.height):
        row = raster.data[y * raster.width_bytes:(y + 1) * raster.width_bytes]
        rows.append([bool(byte & (0x80 >> bit)) for byte in row for bit in range(8)])
    # GS v 0 m: 1 = double width, 2 = double height, 3 = both.
    return _bits_image(rows, 2 if raster.mode & 1 else 1, 2 if raster.mode & 2 else 1)


def _bits_image(rows: list[list[bool]], sx: int, sy: int) -> Image.Image:
    width = max((len(r) for r in rows), default=0)
    img = Image.new("L", (max(1, width), max(1, len(rows))), 255)
    img.putdata([0 if dark else 255
                 for row in rows for dark in [*row, *[False] * (width - len(row))]])
    if (sx, sy) != (1, 1):
        img = img.resize((img.width * sx, img.height * sy), Image.Resampling.NEAREST)
    return img
