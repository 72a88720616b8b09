"""The printer simulator's ESC/POS parser and paper model.

`EscPosParser.feed(bytes)` splits the stream into commands (keeping incomplete ones
for the next chunk, as bytes arrive from a serial line in arbitrary pieces) and flags
anything it does not know, with its offset, instead of guessing. `Paper` plays the
commands like a printer: modes, the line buffer (wrapping past the last column, as a
real printer does — a layout bug the tests look for), QR and raster images, and hands
out a finished `Page` at each cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hardware.printer import constants as C

# Commands with a fixed number of parameter bytes: ESC x, GS x.
_ESC_PARAMS = {b"@": 0, b"t": 1, b"a": 1, b"E": 1, b"d": 1, b"!": 1, b"-": 1,
               b"2": 0, b"3": 1, b"J": 1, b"M": 1}
_GS_PARAMS = {b"!": 1}
# ESC t n → Python codec of that code table.
CODE_TABLES = {C.CODE_TABLE_PC437: "cp437", C.CODE_TABLE_PC850: "cp850",
               C.CODE_TABLE_WPC1252: "cp1252", C.CODE_TABLE_PC858: "cp858"}


@dataclass(frozen=True)
class Command:
    name: str           # "TEXT", "LF", "ESC a", "GS ( k", "DLE EOT", ...
    args: bytes         # parameters (or the text bytes)
    raw: bytes          # every byte of the command as received
    offset: int         # stream offset of its first byte


class EscPosParser:
    def __init__(self) -> None:
        self._buf = bytearray()
        self._offset = 0               # stream offset of _buf[0]
        self.errors: list[str] = []

    def feed(self, data: bytes) -> list[Command]:
        self._buf += data
        out: list[Command] = []
        pos = 0
        while pos < len(self._buf):
            step = self._one(pos)
            if step is None:
                break   # incomplete: wait for more bytes
            command, size = step
            if command is not None:
                out.append(command)
            pos += size
        del self._buf[:pos]
        self._offset += pos
        return out

    def _one(self, pos: int) -> tuple[Command | None, int] | None:
        b = self._buf
        first = b[pos]
        if first >= 0x20 and first != 0x7F:
            end = pos
            while end < len(b) and b[end] >= 0x20 and b[end] != 0x7F:
                end += 1
            return self._cmd("TEXT", pos, end, pos, end), end - pos
        if first == 0x0A:
            return self._cmd("LF", pos, pos + 1, pos + 1, pos + 1), 1
        if first == 0x0D:
            return self._cmd("CR", pos, pos + 1, pos + 1, pos + 1), 1
        if first == 0x10:
            return self._dle(pos)
        if first == 0x1B:
            return self._fixed("ESC", _ESC_PARAMS, pos)
        if first == 0x1D:
            return self._gs(pos)
        self._error(pos, f"unexpected control byte 0x{first:02x}")
        return None, 1

    def _cmd(self, name: str, start: int, end: int, a0: int, a1: int) -> Command:
        return Command(name, bytes(self._buf[a0:a1]), bytes(self._buf[start:end]),
                       self._offset + start)

    def _error(self, pos: int, text: str) -> None:
        self.errors.append(f"offset {self._offset + pos}: {text}")

    def _have(self, pos: int, n: int) -> bool:
        return len(self._buf) >= pos + n

    def _dle(self, pos: int) -> tuple[Command | None, int] | None:
        if not self._have(pos, 3):
            return None
        if self._buf[pos + 1] != 0x04 or not 1 <= self._buf[pos + 2] <= 4:
            self._error(pos, f"unknown command DLE 0x{self._buf[pos + 1]:02x}")
            return None, 1
        return self._cmd("DLE EOT", pos, pos + 3, pos + 2, pos + 3), 3

    def _fixed(self, prefix: str, table: dict[bytes, int],
               pos: int) -> tuple[Command | None, int] | None:
        if not self._have(pos, 2):
            return None
        key = bytes(self._buf[pos + 1:pos + 2])
        if key not in table:
            self._error(pos, f"unknown command {prefix} 0x{key[0]:02x}")
            return None, 1
        size = 2 + table[key]
        if not self._have(pos, size):
            return None
        return self._cmd(f"{prefix} {key.decode('latin-1')}", pos, pos + size,
                         pos + 2, pos + size), size

    def _gs(self, pos: int) -> tuple[Command | None, int] | None:
        if not self._have(pos, 2):
            return None
        key = self._buf[pos + 1]
        if key == ord("V"):
            return self._gs_cut(pos)
        if key == ord("("):
            return self._gs_2d(pos)
        if key == ord("v"):
            return self._gs_raster(pos)
        return self._fixed("GS", _GS_PARAMS, pos)

    def _gs_cut(self, pos: int) -> tuple[Command | None, int] | None:
        if not self._have(pos, 3):
            return None
        m = self._buf[pos + 2]
        size = 4 if m in (65, 66, 97, 98, 103, 104) else 3
        if m not in (0, 1, 48, 49) and size == 3:
            self._error(pos, f"GS V with unknown mode {m}")
        if not self._have(pos, size):
            return None
        return self._cmd("GS V", pos, pos + size, pos + 2, pos + size), size

    def _gs_2d(self, pos: int) -> tuple[Command | None, int] | None:
        if not self._have(pos, 5):
            return None
        if self._buf[pos + 2] != ord("k"):
            self._error(pos, f"unknown command GS ( 0x{self._buf[pos + 2]:02x}")
            return None, 1
        size = 5 + int.from_bytes(self._buf[pos + 3:pos + 5], "little")
        if not self._have(pos, size):
            return None
        return self._cmd("GS ( k", pos, pos + size, pos + 5, pos + size), size

    def _gs_raster(self, pos: int) -> tuple[Command | None, int] | None:
        if not self._have(pos, 8):
            return None
        if self._buf[pos + 2] != ord("0"):
            self._error(pos, f"unknown command GS v 0x{self._buf[pos + 2]:02x}")
            return None, 1
        width = int.from_bytes(self._buf[pos + 4:pos + 6], "little")
        height = int.from_bytes(self._buf[pos + 6:pos + 8], "little")
        size = 8 + width * height
        if not self._have(pos, size):
            return None
        return self._cmd("GS v 0", pos, pos + size, pos + 3, pos + size), size


# ------------------------------------------------------------------ the paper


@dataclass(frozen=True)
class Cell:
    char: str
    bold: bool
    width: int     # magnification 1..8
    height: int


@dataclass(frozen=True)
class TextLine:
    cells: tuple[Cell, ...]
    align: int     # 0 left, 1 centre, 2 right

    @property
    def columns(self) -> int:
        return sum(c.width for c in self.cells)

    @property
    def text(self) -> str:
        return "".join(c.char for c in self.cells)


@dataclass(frozen=True)
class QrSymbol:
    payload: bytes
    module_dots: int
    error_level: int
    align: int


@dataclass(frozen=True)
class RasterImage:
    width_bytes: int
    height: int
    data: bytes
    mode: int
    align: int


Block = TextLine | QrSymbol | RasterImage


@dataclass
class Page:
    """Everything printed between two cuts."""

    blocks: list[Block] = field(default_factory=list)
    raw: bytearray = field(default_factory=bytearray)
    wrapped_lines: int = 0
    errors: list[str] = field(default_factory=list)


class Paper:
    """Plays parsed commands like a printer with `columns` characters per line."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.page = Page()
        self.errors: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self.codec = CODE_TABLES[C.CODE_TABLE_PC437]
        self.align = 0
        self.bold = False
        self.size = (1, 1)
        self._line: list[Cell] = []
        self._qr_data = b""
        self._qr_module = 3
        self._qr_level = C.QR_EC_L

    def play(self, cmd: Command) -> Page | None:
        """Apply one command; the finished page when it was a cut."""
        self.page.raw += cmd.raw
        handler = getattr(self, "_do_" + cmd.name.replace(" ", "_").replace("(", "paren")
                          .replace("@", "at").replace("!", "bang"), None)
        if handler is None:
            self._flag(cmd, f"{cmd.name} is not supported by the simulator")
            return None
        result: Page | None = handler(cmd)
        return result

    def _flag(self, cmd: Command, text: str) -> None:
        message = f"offset {cmd.offset}: {text}"
        self.errors.append(message)
        self.page.errors.append(message)

    def _do_TEXT(self, cmd: Command) -> None:
        for ch in cmd.args.decode(self.codec, errors="replace"):
            width, height = self.size
            if sum(c.width for c in self._line) + width > self.columns:
                self.page.wrapped_lines += 1
                self._print_line()
            self._line.append(Cell(ch, self.bold, width, height))

    def _print_line(self) -> None:
        self.page.blocks.append(TextLine(tuple(self._line), self.align))
        self._line = []

    def _do_LF(self, cmd: Command) -> None:
        self._print_line()

    def _do_CR(self, cmd: Command) -> None:
        """Ignored, as on printers with auto line feed off."""

    def _do_ESC_at(self, cmd: Command) -> None:
        self._reset()

    def _do_ESC_t(self, cmd: Command) -> None:
        codec = CODE_TABLES.get(cmd.args[0])
        if codec is None:
            self._flag(cmd, f"ESC t {cmd.args[0]}: code table not supported")
        else:
            self.codec = codec

    def _do_ESC_a(self, cmd: Command) -> None:
        self.align = cmd.args[0] % 48 if cmd.args[0] in (0, 1, 2, 48, 49, 50) else 0

    def _do_ESC_E(self, cmd: Command) -> None:
        self.bold = bool(cmd.args[0] & 1)

    def _do_GS_bang(self, cmd: Command) -> None:
        n = cmd.args[0]
        self.size = ((n >> 4) + 1, (n & 0x0F) + 1)

    def _do_ESC_d(self, cmd: Command) -> None:
        if self._line:
            self._print_line()
        for _ in range(cmd.args[0]):
            self._print_line()

    def _do_GS_V(self, cmd: Command) -> Page:
        if self._line:
            self._print_line()
        page, self.page = self.page, Page()
        return page

    def _do_GS_paren_k(self, cmd: Command) -> None:
        if len(cmd.args) < 3 or cmd.args[0] != C.QR_CN:
            self._flag(cmd, "GS ( k for a symbol other than QR")
            return
        fn, params = cmd.args[1], cmd.args[2:]
        if fn == C.QR_FN_MODEL and params[:1] == bytes([C.QR_MODEL_2]):
            return
        if fn == C.QR_FN_MODULE_SIZE and 1 <= params[0] <= 16:
            self._qr_module = params[0]
        elif fn == C.QR_FN_ERROR_LEVEL and C.QR_EC_L <= params[0] <= C.QR_EC_H:
            self._qr_level = params[0]
        elif fn == C.QR_FN_STORE and params[:1] == bytes([C.QR_STORE_M]):
            self._qr_data = params[1:]
        elif fn == C.QR_FN_PRINT and params[:1] == bytes([C.QR_STORE_M]):
            self._print_qr(cmd)
        else:
            self._flag(cmd, f"GS ( k QR function {fn} with parameters {params.hex()} "
                            "not supported")

    def _print_qr(self, cmd: Command) -> None:
        if not self._qr_data:
            self._flag(cmd, "GS ( k print with no stored QR data")
            return
        if self._line:
            self._print_line()
        self.page.blocks.append(QrSymbol(self._qr_data, self._qr_module, self._qr_level,
                                         self.align))

    def _do_GS_v_0(self, cmd: Command) -> None:
        mode = cmd.args[0] % 48
        width = int.from_bytes(cmd.args[1:3], "little")
        height = int.from_bytes(cmd.args[3:5], "little")
        if mode > 3:
            self._flag(cmd, f"GS v 0 with unknown mode {cmd.args[0]}")
        if self._line:
            self._print_line()
        self.page.blocks.append(RasterImage(width, height, cmd.args[5:], mode % 4,
                                            self.align))
