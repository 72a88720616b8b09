"""NIK and phone checks, and the ticket code everyone derives from the report id."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wire.identity import nik_problem, phone_problem
from wire.ticket import ALPHABET, normalize_code, spoken, ticket_code


@pytest.mark.parametrize("nik", ["3171014501900001", "3273120101000123", "9401016512990001"])
def test_structurally_valid_niks(nik: str) -> None:
    assert nik_problem(nik) is None


@pytest.mark.parametrize(("nik", "why"), [
    ("317101450190000", "16 digits"), ("31710145019000a1", "16 digits"),
    ("００71014501900001", "16 digits"), ("2071014501900001", "province"),
    ("3100014501900001", "regency"), ("3171014513900001", "month"),
    ("3171013002900001", "day"), ("3171017202900001", "day"),
    ("3171014501900000", "0000"),
])
def test_invalid_niks_say_why(nik: str, why: str) -> None:
    problem = nik_problem(nik)
    assert problem is not None and why in problem


@pytest.mark.parametrize("phone", ["081234567890", "+62 812-3456-7890", "6281234567",
                                   "(021) 5795 1234", "0274 512345"])
def test_indonesian_phones(phone: str) -> None:
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["12345", "+1 415 555 0100", "0812", "08123456789012345",
                                   "0012345678"])
def test_not_indonesian_phones(phone: str) -> None:
    assert phone_problem(phone) is not None


@given(st.uuids(version=4))
def test_ticket_code_is_stable_readable_and_normalisable(u: uuid.UUID) -> None:
    code = ticket_code(str(u))
    assert code == ticket_code(str(u))
    assert len(code) == 9 and code[4] == "-"
    assert all(ch in ALPHABET for ch in code.replace("-", ""))
    assert normalize_code(code.lower().replace("-", " ")) == code


def test_look_alikes_are_not_in_the_alphabet_and_codes_are_spoken_in_groups() -> None:
    assert not set("01ILO25SZ8BG6") & set(ALPHABET)
    assert normalize_code("OOOO-0000") is None
    assert spoken("KX4M-7HPA") == "K X 4 M, 7 H P A"
