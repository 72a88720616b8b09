"""Structured logging to stderr (journald picks it up), with personal data masked.

Every record is one line of JSON: time, level, logger, event, and the fields passed as
`extra={"fields": {...}}` (or through `event()`). A filter masks anything that looks
like a NIK, a phone number, an e-mail address, a bearer token or a PIN before it is
written — a second line of defence behind code that never passes such values at all.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from typing import Any

_MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1***"),
    # token=…, access_token=…, "pin": "…", password: … (also inside URLs' query strings)
    (re.compile(r"(?i)(?<![a-z0-9])((?:[a-z0-9]+_)*(?:token|pin|password|pin_hash|secret))"
                r"(\"?\s*[:=]\s*\"?)[^\s\",}&]+"),
     r"\1\2***"),
    (re.compile(r"(?<!\d)\d{16}(?!\d)"), "[NIK]"),
    (re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
     "[EMAIL]"),
    (re.compile(r"(?<![\w+])(?:\+62|62|0)[ \-]?\(?8[\d \-()]{7,14}\d(?!\d)"), "[PHONE]"),
    (re.compile(r"(?<![\w+])(?:\+62|62|0)[ \-]?\(?[2-7]\d[\d \-()]{6,12}\d(?!\d)"),
     "[PHONE]"),
)

SENSITIVE_KEYS = frozenset({"token", "pin", "password", "nik", "phone", "name", "email",
                            "pin_hash", "reporter", "description", "authorization"})


def mask_pii(text: str) -> str:
    """`text` with NIKs, phones, e-mails, tokens and PINs replaced by placeholders."""
    for pattern, repl in _MASKS:
        text = pattern.sub(repl, text)
    return text


def _mask_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key.lower() in SENSITIVE_KEYS:
            out[key] = "***"
        elif isinstance(value, str):
            out[key] = mask_pii(value)
        elif isinstance(value, dict):
            out[key] = _mask_fields(value)
        else:
            out[key] = value
    return out


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": mask_pii(record.getMessage()),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(_mask_fields(fields))
        if record.exc_info:
            entry["exc"] = mask_pii(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


HANDLER_NAME = "kiosk110-json"


def setup_logging(level: str = "INFO", stream: Any = None) -> None:
    """Route every logger to one JSON-lines handler on stderr. Call once from a main."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.set_name(HANDLER_NAME)
    root = logging.getLogger()
    # Replace only the handler an earlier call made: a handler somebody else attached on
    # purpose (a test's PII guard, pytest's capture) stays.
    root.handlers[:] = [h for h in root.handlers if h.get_name() != HANDLER_NAME] + [handler]
    root.setLevel(level)


def remove_logging() -> None:
    """Take away the handler `setup_logging` attached (tests that ran a main in-process)."""
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if h.get_name() != HANDLER_NAME]


def event(logger: logging.Logger, name: str, level: int = logging.INFO,
          **fields: Any) -> None:
    """Log the structured event `name` with `fields`."""
    logger.log(level, name, extra={"fields": fields})
