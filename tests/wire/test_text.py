"""Strict JSON for every side: a hostile line gets a reason, never an exception."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wire.text import MAX_JSON_DEPTH, JsonInvalid, parse_json


@pytest.mark.parametrize(("raw", "reason"), [
    (b"[" * 100_000 + b"]" * 100_000, "nested more than"),
    (b'{"a":' * 5000 + b"1" + b"}" * 5000, "nested more than"),
    (b'{"lat": NaN}', "NaN is not a JSON number"),
    (b'{"lat": Infinity}', "Infinity is not a JSON number"),
    (b'{"lat": 1e999}', "out of range"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"a": 1', "invalid JSON"),
    (b"1" * 5000, "invalid JSON"),
])
def test_hostile_json_is_refused_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(JsonInvalid, match=reason):
        parse_json(raw)


def test_depth_counts_brackets_outside_strings_only() -> None:
    inside = '"' + "[" * 1000 + '"'
    assert parse_json(f'{{"a": {inside}}}') == {"a": "[" * 1000}
    ok = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert parse_json(ok) is not None
    with pytest.raises(JsonInvalid):
        parse_json("[" + ok + "]")
    assert parse_json(r'{"a": "\"[[[["}') == {"a": '"[[[['}


@given(st.binary(max_size=200))
def test_any_bytes_give_a_value_or_json_invalid(raw: bytes) -> None:
    with contextlib.suppress(JsonInvalid):
        parse_json(raw)
