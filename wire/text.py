"""What free text may contain, and how JSON is read: one rule for every side.

Every free-text field a person or a kiosk sends (description, where, name, station,
event data) ends up in an operator's page, a CSV export or a printed ticket. Control
characters (ESC starts terminal and printer commands), bidirectional overrides (they
make "ecnetnes" read as "sentence") and lone surrogates (they cannot be encoded, so a
stored one breaks every later write of the record) are refused here with a reason
that never repeats the value.
"""

from __future__ import annotations

import json
import math
from typing import Any

# Bidi embeddings, overrides and isolates (Unicode TR #9) and the Arabic letter mark.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
# Deeper JSON than this is never a report; Python's parser would recurse ~1000 deep.
MAX_JSON_DEPTH = 16


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` may not be stored as free text, or None. Newlines (and tabs) are
    allowed only in multi-line fields such as a description."""
    for ch in value:
        code = ord(ch)
        if ch in "\n\t" and multiline:
            continue
        if code < 0x20 or 0x7f <= code < 0xa0:
            return "contains control characters"
        if ch in BIDI_CONTROLS:
            return "contains bidirectional-override characters"
        if 0xd800 <= code <= 0xdfff:
            return "contains an invalid character (lone surrogate)"
        if code in (0xfffe, 0xffff):
            return "contains a non-character"
    return None


class JsonInvalid(ValueError):
    """Bytes that are not acceptable JSON; the message says why, without the content."""


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonInvalid("a number is out of range")
    return value


def _no_constant(text: str) -> Any:
    raise JsonInvalid(f"{text} is not a JSON number")


def parse_json(raw: bytes | str) -> Any:
    """Strict JSON: UTF-8, no NaN/Infinity, no overflowing numbers, at most
    MAX_JSON_DEPTH levels deep. Raises JsonInvalid, never anything else."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise JsonInvalid(f"not UTF-8 (byte {exc.start + 1})") from None
    if _depth_exceeds(text, MAX_JSON_DEPTH):
        raise JsonInvalid(f"nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except JsonInvalid:
        raise
    except json.JSONDecodeError as exc:
        raise JsonInvalid(f"invalid JSON: {exc.msg} at line {exc.lineno} column "
                          f"{exc.colno}") from None
    except (ValueError, RecursionError) as exc:   # e.g. an integer with 5,000 digits
        raise JsonInvalid(f"invalid JSON: {type(exc).__name__}") from None


def _depth_exceeds(text: str, limit: int) -> bool:
    """Bracket depth outside strings, in one pass (before the recursive parser runs)."""
    # The depth can never exceed the number of opening brackets: a report has a handful,
    # and counting them (in C) spares the character loop below (~40 µs per report).
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def finite_numbers_problem(value: Any, path: str = "") -> tuple[str, str] | None:
    """(path, reason) of the first non-finite float inside `value` (NaN passes JSON
    Schema's minimum/maximum, since every comparison with NaN is false)."""
    if isinstance(value, float) and not math.isfinite(value):
        return path, "must be a finite number"
    if isinstance(value, dict):
        for k, v in value.items():
            if (found := finite_numbers_problem(v, f"{path}.{k}" if path else str(k))):
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if (found := finite_numbers_problem(v, f"{path}[{i}]")):
                return found
    return None
