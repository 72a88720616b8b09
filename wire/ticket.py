"""The short ticket code a commuter reads off the screen or the printed ticket.

Derived from the report id (so every part computes the same code without asking
anyone): 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S,
8/B, G/6), shown as two groups of four, e.g. `KX4M-7HPA`. 22^8 ≈ 5.5e10 codes: among
100,000 reports the chance that any two share a code is about 9 %, so the command
centre resolves a code to its report(s) and keeps the full id as the key.
"""

from __future__ import annotations

import uuid

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
LENGTH = 8


def ticket_code(report_id: str) -> str:
    """The ticket code of the report with UUID `report_id`."""
    n = uuid.UUID(report_id).int
    chars = []
    for _ in range(LENGTH):
        n, r = divmod(n, len(ALPHABET))
        chars.append(ALPHABET[r])
    code = "".join(chars)
    return f"{code[:4]}-{code[4:]}"


def normalize_code(text: str) -> str | None:
    """A typed or scanned code in canonical form, or None if it cannot be one."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def spoken(code: str) -> str:
    """The code spaced out for text-to-speech: 'K X 4 M, 7 H P A'."""
    head, _, tail = code.partition("-")
    return ", ".join(" ".join(part) for part in (head, tail) if part)
