"""Text for the printer's single-byte code page: never raw UTF-8, never mojibake.

A receipt printer prints one glyph per byte from the code table chosen with `ESC t n`.
UTF-8 sent as-is prints two or three wrong glyphs per non-ASCII character, and a
control byte inside user text (ESC, GS, DLE) would be executed as a command. So every
character is mapped, in order of preference, to:
  1. itself, if the code page has it (é, ü, ñ are in all three pages we support);
  2. a plain stand-in for typography the page lacks (’ → ', “ → ", — → -, … → ...);
  3. its letters without accents (NFKD: ā → a, ﬁ → fi, full-width Ａ → A);
  4. `?`.
Whitespace becomes a space, invisible format characters (zero-width space, soft
hyphen) are dropped. The result encodes to exactly one byte per character, all of
them printable (>= 0x20, not 0x7F), so the layout can count columns on the string.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from hardware.printer import constants as C

REPLACEMENT = "?"


@dataclass(frozen=True)
class CodePage:
    name: str       # our config name
    codec: str      # Python codec with the same byte → glyph table
    esc_t: int      # page number for ESC t n


CODE_PAGES: dict[str, CodePage] = {
    "cp437": CodePage("cp437", "cp437", C.CODE_TABLE_PC437),
    "cp858": CodePage("cp858", "cp858", C.CODE_TABLE_PC858),
    "cp1252": CodePage("cp1252", "cp1252", C.CODE_TABLE_WPC1252),
}

# Stand-ins for characters common in Indonesian and English text that a page may lack.
_STAND_INS: dict[str, str] = {
    "\u2018": "'", "\u2019": "'", "\u201a": ",", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "<", "\u203a": ">",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u2026": "...", "\u2022": "*", "\u00b7": ".",
    "\u20ac": "EUR", "\u00d7": "x", "\u2122": "TM", "\u00a9": "(c)", "\u00ae": "(R)",
    "\u00c6": "AE", "\u00e6": "ae", "\u0152": "OE", "\u0153": "oe", "\u00df": "ss",
    "\u00d8": "O", "\u00f8": "o", "\u0141": "L", "\u0142": "l", "\u0110": "D",
    "\u0111": "d", "\u0131": "i", "\u2192": "->", "\u2190": "<-",
}


def code_page(name: str) -> CodePage:
    try:
        return CODE_PAGES[name]
    except KeyError:
        raise ValueError(f"unknown code page {name!r}; use one of "
                         f"{', '.join(CODE_PAGES)}") from None


@lru_cache(maxsize=4096)
def _has(codec: str, ch: str) -> bool:
    """True if `ch` is one printable byte in `codec`."""
    if ord(ch) < 0x20 or ch == "\x7f":
        return False
    try:
        return len(ch.encode(codec)) == 1
    except UnicodeEncodeError:
        return False


def _all_in(codec: str, text: str) -> bool:
    return bool(text) and all(_has(codec, c) for c in text)


@lru_cache(maxsize=4096)
def _map_char(codec: str, ch: str) -> str:
    category = unicodedata.category(ch)
    # str.isspace() would also pass the separators 0x1C..0x1F (0x1D is GS).
    if ch in "\t\n\r\v\f" or category in ("Zs", "Zl", "Zp"):
        return " "
    if category in ("Cf", "Mn", "Me"):   # zero-width, soft hyphen, stray accents
        return ""
    if _has(codec, ch):
        return ch
    stand_in = _STAND_INS.get(ch)
    if stand_in is not None and _all_in(codec, stand_in):
        return stand_in
    plain = "".join(c for c in unicodedata.normalize("NFKD", ch)
                    if unicodedata.category(c) not in ("Mn", "Me"))
    if plain != ch and _all_in(codec, plain):
        return plain
    return REPLACEMENT


def printable(text: str, page: CodePage) -> str:
    """`text` using only characters `page` can print, one byte each."""
    text = unicodedata.normalize("NFC", text)
    return "".join(_map_char(page.codec, ch) for ch in text)


def encode(text: str, page: CodePage) -> bytes:
    """`text` as printer bytes; every byte is printable in `page` (see module doc)."""
    return printable(text, page).encode(page.codec)


def decode(data: bytes, page: CodePage) -> str:
    """What the printer shows for `data` (used by the simulator)."""
    return data.decode(page.codec, errors="replace")
