"""The PII log guard: every log record a test produces is checked raw — the message,
its arguments, the structured fields (whatever their key) and the traceback — for the
personal data and secrets tests use. Masking on output is a second line of defence;
this guard proves the first line holds: our code never hands such values to a logger.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterator

# What tests type in as personal data and secrets (tests/support keeps them in one
# place; other test values are caught by shape).
TEST_NAMES = ("Budi Santoso", "Siti Aminah", "Siti Rahayu")
TEST_SECRETS = ("test-token-not-secret",)
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
# An Indonesian mobile number, separators allowed: 08…, 628…, +628…
_PHONE = re.compile(r"(?<![\d+])(?:\+?62|0)[ \-.]?8(?:[ \-.]?\d){8,11}(?!\d)")


# Report and event ids: a UUID's decimal digits and hyphens can spell a phone-shaped run
# ("…-0812-3456-7890…"); ids are logged and put in URLs, and are no personal data.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def findings(text: str) -> list[str]:
    """What in `text` looks like test personal data or a test secret."""
    text = _UUID.sub("<uuid>", text)
    found = [f"NIK-shaped number {m.group()[:4]}…" for m in _NIK.finditer(text)]
    found += [f"phone number {m.group()[:4]}…" for m in _PHONE.finditer(text)]
    found += [f"name {n!r}" for n in TEST_NAMES if n in text]
    found += ["a test token" for s in TEST_SECRETS if s in text]
    return found


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from _strings(v)
    elif value is not None and not isinstance(value, int | float | bool):
        yield repr(value)


def record_findings(record: logging.LogRecord) -> list[str]:
    texts = [str(record.msg), *_strings(record.args or ())]
    texts += _strings(getattr(record, "fields", None))
    if record.exc_info and record.exc_info[1] is not None:
        texts.append("".join(traceback.format_exception(record.exc_info[1])))
    return [f for text in texts for f in findings(text)]


class PiiGuard(logging.Handler):
    """Collects offending records; `problems()` says which and why."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.offences: list[tuple[logging.LogRecord, list[str]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = record_findings(record)
        if found:
            self.offences.append((record, found))

    def problems(self) -> list[str]:
        return [f"{r.name}: {r.msg!s:.60} — {', '.join(sorted(set(f)))}"
                for r, f in self.offences]
