"""ESC/POS command bytes, named after Epson's "ESC/POS Command Reference" (TM series).

Each name carries the command as the reference spells it (e.g. `ESC a`, `GS ( k`
<Function 180>) so a byte in a hexdump can be looked up in the manual. Builders are
small functions for commands with parameters; tests assert exact bytes against these.
"""

from __future__ import annotations

# ------------------------------------------------------------ control codes (ASCII)
LF = b"\x0a"          # LF: Print and line feed
ESC = b"\x1b"
GS = b"\x1d"
DLE = b"\x10"
EOT = b"\x04"

# ------------------------------------------------------------ printer set-up
ESC_INIT = ESC + b"@"  # ESC @: Initialize printer (clears buffer, modes and code table)


def select_code_table(n: int) -> bytes:
    """ESC t n: Select character code table (page n of the printer's code tables)."""
    return ESC + b"t" + bytes([n])


# ESC t page numbers (ESC/POS Command Reference, "Character code tables").
CODE_TABLE_PC437 = 0     # USA, Standard Europe: the power-on default of every printer
CODE_TABLE_PC850 = 2     # Multilingual
CODE_TABLE_WPC1252 = 16  # Windows Latin-1 (has ’ “ ” — …)
CODE_TABLE_PC858 = 19    # PC850 plus the euro sign

# ------------------------------------------------------------ print modes
ALIGN_LEFT = ESC + b"a\x00"     # ESC a 0: Select justification, left
ALIGN_CENTER = ESC + b"a\x01"   # ESC a 1: centred
ALIGN_RIGHT = ESC + b"a\x02"    # ESC a 2: right

BOLD_ON = ESC + b"E\x01"        # ESC E 1: Turn emphasized mode on
BOLD_OFF = ESC + b"E\x00"       # ESC E 0: Turn emphasized mode off


def character_size(width: int, height: int) -> bytes:
    """GS ! n: Select character size; width and height are magnifications 1..8."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character magnification must be 1..8")
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


SIZE_NORMAL = character_size(1, 1)          # GS ! 0x00
SIZE_DOUBLE_HEIGHT = character_size(1, 2)   # GS ! 0x01: double height, same columns
SIZE_DOUBLE_WIDTH = character_size(2, 1)    # GS ! 0x10: double width, half the columns
SIZE_DOUBLE = character_size(2, 2)          # GS ! 0x11: double width and height


def feed_lines(n: int) -> bytes:
    """ESC d n: Print and feed n lines."""
    return ESC + b"d" + bytes([n])


def cut_after_feed(n: int) -> bytes:
    """GS V <Function B> m=66: feed to the cutting position + n units, then partial cut."""
    return GS + b"V" + bytes([66, n])


# ------------------------------------------------------------ real-time status
DLE_EOT = DLE + EOT   # DLE EOT n: Transmit real-time status

STATUS_PRINTER = 1        # n=1: printer status
STATUS_OFFLINE_CAUSE = 2  # n=2: offline cause status
STATUS_ERROR_CAUSE = 3    # n=3: error cause status
STATUS_PAPER = 4          # n=4: roll paper sensor status


def realtime_status(n: int) -> bytes:
    """DLE EOT n: the printer answers one status byte at once, even when offline."""
    return DLE_EOT + bytes([n])


# Every status byte has bits 1 and 4 set and bits 0 and 7 clear ("fixed" in the
# reference): anything else is not a status answer.
STATUS_FIXED_MASK = 0x93
STATUS_FIXED_BITS = 0x12
STATUS_PRINTER_OFFLINE = 0x08          # n=1 bit 3: offline
STATUS_OFFLINE_COVER_OPEN = 0x04       # n=2 bit 2: cover is open
STATUS_OFFLINE_FEED_BUTTON = 0x08      # n=2 bit 3: paper being fed by the FEED button
STATUS_OFFLINE_PAPER_END = 0x20        # n=2 bit 5: printing stopped by paper end
STATUS_OFFLINE_ERROR = 0x40            # n=2 bit 6: an error occurred
STATUS_ERROR_AUTOCUTTER = 0x08         # n=3 bit 3: autocutter error
STATUS_ERROR_UNRECOVERABLE = 0x20      # n=3 bit 5: unrecoverable error
STATUS_ERROR_AUTO_RECOVERABLE = 0x40   # n=3 bit 6: automatically recoverable error (heat)
STATUS_PAPER_NEAR_END = 0x0C           # n=4 bits 2,3: roll paper near-end sensor
STATUS_PAPER_END = 0x60                # n=4 bits 5,6: roll paper end sensor

# ------------------------------------------------------------ QR code: GS ( k, cn = 49
GS_2D = GS + b"(k"       # GS ( k pL pH cn fn [parameters]: 2-dimensional code
QR_CN = 0x31             # cn=49: QR Code
QR_FN_MODEL = 0x41       # <Function 165>: Select the model
QR_FN_MODULE_SIZE = 0x43  # <Function 167>: Set the size of module (dots)
QR_FN_ERROR_LEVEL = 0x45  # <Function 169>: Select the error correction level
QR_FN_STORE = 0x50       # <Function 180>: Store the data in the symbol storage area
QR_FN_PRINT = 0x51       # <Function 181>: Print the symbol data
QR_MODEL_2 = 0x32        # n1=50: Model 2
QR_EC_L, QR_EC_M, QR_EC_Q, QR_EC_H = 0x30, 0x31, 0x32, 0x33  # 7 / 15 / 25 / 30 %
QR_STORE_M = 0x30        # m=48 for functions 180 and 181


def _gs_2d(fn: int, params: bytes) -> bytes:
    size = len(params) + 2   # pL pH count cn and fn too
    return GS_2D + size.to_bytes(2, "little") + bytes([QR_CN, fn]) + params


def qr_select_model(model: int = QR_MODEL_2) -> bytes:
    return _gs_2d(QR_FN_MODEL, bytes([model, 0]))


def qr_module_size(dots: int) -> bytes:
    if not 1 <= dots <= 16:
        raise ValueError("QR module size must be 1..16 dots")
    return _gs_2d(QR_FN_MODULE_SIZE, bytes([dots]))


def qr_error_level(level: int) -> bytes:
    return _gs_2d(QR_FN_ERROR_LEVEL, bytes([level]))


def qr_store(data: bytes) -> bytes:
    if not 1 <= len(data) <= 7089:
        raise ValueError("QR data must be 1..7089 bytes")
    return _gs_2d(QR_FN_STORE, bytes([QR_STORE_M]) + data)


def qr_print() -> bytes:
    return _gs_2d(QR_FN_PRINT, bytes([QR_STORE_M]))


# ------------------------------------------------------------ raster bit image: GS v 0
GS_V0 = GS + b"v0"       # GS v 0 m xL xH yL yH d1...dk: Print raster bit image
RASTER_NORMAL = 0        # m=0: normal density (no scaling)


def raster_image(width_bytes: int, height: int, data: bytes, mode: int = RASTER_NORMAL) -> bytes:
    """GS v 0: `data` holds `height` rows of `width_bytes` bytes, MSB = leftmost dot."""
    if len(data) != width_bytes * height:
        raise ValueError("raster data does not match width_bytes x height")
    return (GS_V0 + bytes([mode]) + width_bytes.to_bytes(2, "little")
            + height.to_bytes(2, "little") + data)
