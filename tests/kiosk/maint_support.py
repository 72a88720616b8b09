"""Shared by the maintenance tests: test PINs, a fake clock, an event recorder and a
log guard that fails a test when a PIN or personal data reaches any log line."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from wire.logs import JsonFormatter
from wire.report import Event

GOOD_PIN = "480271"
WRONG_PIN = "480279"
OTHER_PIN = "739146"
FAST_N = 2 ** 10   # tests hash with a small cost; the real cost is measured by the bench
SECRETS = (GOOD_PIN, WRONG_PIN, OTHER_PIN, "081234567890", "3171014501900001")


@dataclass
class RecordingQueue:
    """The outbox's `enqueue_event` seam: keeps what was queued."""

    events: list[Event] = field(default_factory=list)

    def enqueue_event(self, event: Event) -> str:
        self.events.append(event)
        return event.id

    def types(self) -> list[str]:
        return [e.type for e in self.events]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    """Every log line the test produces, formatted as on stderr; checked for secrets."""
    handler = _Collect()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    assert_no_secrets(handler.lines)


def assert_no_secrets(lines: list[str]) -> None:
    for line in lines:
        for secret in SECRETS:
            assert secret not in line, f"a secret reached the log: {line}"
