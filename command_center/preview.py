"""The one-line preview of a report's description in the inbox.

The description is what a person typed at a kiosk: any length, any characters, and it
may be encrypted at rest (command_center.personal). The preview is decrypted for the
operator, folded to one line, stripped of control and direction-changing characters (a
right-to-left override could make the rest of the row read backwards), and cut short;
the template escapes it. Never raises: an unreadable description says so in words.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from command_center.keyring import Keyring
from command_center.personal import Unreadable, reveal_body

LIMIT = 90
UNREADABLE = "\0unreadable"   # the template shows its own words for this


def description_preview(body: Any, keyring: Keyring, limit: int = LIMIT) -> str:
    if not isinstance(body, dict):
        return ""
    try:
        shown = reveal_body(body, keyring)
    except (Unreadable, OSError, ValueError):
        return UNREADABLE
    text = shown.get("description")
    if not isinstance(text, str):
        return ""
    return one_line(text, limit)


def one_line(text: str, limit: int = LIMIT) -> str:
    # Cc: controls (newlines, tabs, ESC); Cf: formats (bidi overrides, zero-widths);
    # Cs/Co/Cn: lone surrogates, private use, unassigned.
    kept = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
                   for ch in text[: limit * 4]
                   if unicodedata.category(ch) not in ("Cf", "Cs", "Co", "Cn"))
    line = " ".join(kept.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
