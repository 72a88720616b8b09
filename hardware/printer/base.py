"""High-level ESC/POS operations, written once over one abstract `_raw(bytes)`.

The shape follows python-escpos (`Escpos._raw`), but only the few operations a ticket
needs, each emitting exactly the constants in `constants.py`. `EscPosBuffer` collects
the bytes so a whole ticket is laid out, measured and checked before one byte goes to
the port: the driver then sends it in one write, after the status check.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from enum import Enum

from hardware.printer import constants as C
from hardware.printer.text import CodePage, code_page, encode


class Align(Enum):
    LEFT = C.ALIGN_LEFT
    CENTER = C.ALIGN_CENTER
    RIGHT = C.ALIGN_RIGHT


class QrMode(Enum):
    NATIVE = "native"   # GS ( k: the printer draws the symbol (a few dozen bytes)
    RASTER = "raster"   # GS v 0: we draw it (kilobytes) for printers without GS ( k


# Error correction M (15 %) survives a smudged or creased thermal ticket.
QR_EC_LEVEL = C.QR_EC_M


class EscPos(ABC):
    """Ticket-level printer operations; subclasses only move bytes."""

    def __init__(self, page: CodePage | str = "cp437", qr_mode: QrMode = QrMode.NATIVE,
                 max_width_dots: int = 576) -> None:
        self.page = code_page(page) if isinstance(page, str) else page
        self.qr_mode = qr_mode
        self.max_width_dots = max_width_dots
        self._reset_modes()

    def _reset_modes(self) -> None:
        # The modes ESC @ (and power-on) leave; a mode command is sent only when it
        # changes one of them, so tickets carry no redundant bytes.
        self._align = Align.LEFT
        self._bold = False
        self._size = (1, 1)

    @abstractmethod
    def _raw(self, data: bytes) -> None:
        """Send `data` to the printer as it is."""

    def initialize(self) -> None:
        """Reset the modes, then select our code page (ESC @ resets it to page 0)."""
        self._raw(C.ESC_INIT + C.select_code_table(self.page.esc_t))
        self._reset_modes()

    def text(self, text: str) -> None:
        self._raw(encode(text, self.page))

    def line(self, text: str = "") -> None:
        self._raw(encode(text, self.page) + C.LF)

    def align(self, align: Align) -> None:
        if align is not self._align:
            self._raw(align.value)
            self._align = align

    def bold(self, on: bool) -> None:
        if on != self._bold:
            self._raw(C.BOLD_ON if on else C.BOLD_OFF)
            self._bold = on

    def size(self, width: int = 1, height: int = 1) -> None:
        if (width, height) != self._size:
            self._raw(C.character_size(width, height))
            self._size = (width, height)

    def feed(self, lines: int) -> None:
        self._raw(C.feed_lines(lines))

    def cut(self, feed: int = 0) -> None:
        self._raw(C.cut_after_feed(feed))

    def qr(self, data: str, module_dots: int) -> None:
        """A QR symbol of `data` (UTF-8) with `module_dots` dots per module."""
        payload = data.encode("utf-8")
        if self.qr_mode is QrMode.NATIVE:
            self._raw(C.qr_select_model(C.QR_MODEL_2) + C.qr_module_size(module_dots)
                      + C.qr_error_level(QR_EC_LEVEL) + C.qr_store(payload) + C.qr_print())
        else:
            self._raw(qr_raster(payload, module_dots, self.max_width_dots))


def qr_matrix(payload: bytes) -> list[list[bool]]:
    """The QR modules of `payload` (True = dark), without the quiet zone."""
    # Imported here: qrcode brings Pillow along (~0.3 s), and only raster tickets need
    # it; the kiosk's start (and its first paint) should not wait for it.
    import qrcode
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_raster(payload: bytes, module_dots: int, max_width_dots: int) -> bytes:
    """GS v 0 bytes drawing the QR of `payload`, shrunk to fit `max_width_dots`.

    No quiet zone is drawn: the paper around the centred symbol and the blank lines
    the layout puts above and below it are white, and each white row costs bytes."""
    matrix = qr_matrix(payload)
    modules = len(matrix)
    scale = max(1, min(module_dots, max_width_dots // modules))
    width = modules * scale
    width_bytes = (width + 7) // 8
    rows = bytearray()
    for row in matrix:
        bits = bytearray(width_bytes)
        for x, dark in enumerate(row):
            if dark:
                for dx in range(scale):
                    px = x * scale + dx
                    bits[px // 8] |= 0x80 >> (px % 8)
        rows += bytes(bits) * scale
    return C.raster_image(width_bytes, width, bytes(rows))


class EscPosBuffer(EscPos):
    """Collects the bytes of the operations (python-escpos calls this `Dummy`)."""

    def __init__(self, page: CodePage | str = "cp437", qr_mode: QrMode = QrMode.NATIVE,
                 max_width_dots: int = 576) -> None:
        super().__init__(page, qr_mode, max_width_dots)
        self._out = bytearray()

    def _raw(self, data: bytes) -> None:
        self._out += data

    @property
    def output(self) -> bytes:
        return bytes(self._out)
