"""The PII log guard itself: it fails a test that logs a NIK, a phone number, a name or
the test token — raw, whatever the field is called — and lets a clean test pass."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.support.pii_guard import PiiGuard, findings

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parent.parent

GUARDED = """
import logging
from wire.logs import event

log = logging.getLogger("inner")

def test_logs_a_nik_in_a_field():
    event(log, "report.stored", id="r1", note="NIK 3171014501900001")

def test_logs_a_phone_under_a_sensitive_key():
    event(log, "contact", phone="0812-3456-7890")   # masked on output, still a leak

def test_logs_a_name_as_an_argument():
    log.info("caller %s", "Budi Santoso")

def test_logs_nothing_personal():
    event(log, "report.stored", id="r1", category="theft", count=16)
"""


def test_the_guard_fails_each_leak_and_passes_the_clean_test(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest("pytest_plugins = ['tests.conftest']\n")
    pytester.makepyfile(test_inner=GUARDED)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist",
                                           "-p", "no:randomly")
    result.assert_outcomes(passed=4, errors=3)
    result.stdout.fnmatch_lines(["*personal data or a secret reached the logs*"])


def test_shapes_and_known_values() -> None:
    assert findings("id 3171014501900001") and findings("+62 812 3456 7890")
    assert findings("Siti Aminah") and findings("Bearer test-token-not-secret")
    assert not findings("uuid 8a6e0804-2bd0-4672-b79d-d97027edd831, 2026-12-01T10:00:00")
    assert not findings("took 1234567 ms, port 8080, ticket ACDE-FHJK")


def test_the_handler_sees_the_raw_record_not_the_masked_line() -> None:
    guard = PiiGuard()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "contact", None, None)
    record.fields = {"nik": "3171014501900001"}
    guard.emit(record)
    assert guard.problems()
