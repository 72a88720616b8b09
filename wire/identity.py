"""Validation of the reporter's personal data: NIK (KTP number), Indonesian phones, e-mail.

Both checks are structural: they catch typos and nonsense, not fraud. Error messages
never repeat the value (it is personal data and messages reach logs).
"""

from __future__ import annotations

import re
from datetime import date

# Province codes (kode wilayah, Permendagri), including the 2022 Papua provinces.
PROVINCE_CODES = frozenset({
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21,
    31, 32, 33, 34, 35, 36,
    51, 52, 53,
    61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76,
    81, 82,
    91, 92, 93, 94, 95, 96, 97,
})

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
# +62 / 62 / 0, then a mobile (8xx) or a landline area code (2x-7x, 9x), 9-13 digits in all.
_PHONE = re.compile(r"^(?:\+62|62|0)([2-9]\d{7,11})$")


def nik_problem(nik: str) -> str | None:
    """None if `nik` is structurally valid, else a reason in plain English."""
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        return "must be exactly 16 digits"
    if int(nik[0:2]) not in PROVINCE_CODES:
        return "the first two digits are not an Indonesian province code"
    if nik[2:4] == "00" or nik[4:6] == "00":
        return "the regency and district digits (3-6) must not be 00"
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:  # women's NIKs add 40 to the day of birth
        day -= 40
    if not 1 <= month <= 12:
        return "digits 9-10 are not a birth month"
    # The century is not in the NIK: a date valid in either century is accepted.
    if not any(_is_date(century + year, month, day) for century in (1900, 2000)):
        return "digits 7-8 are not a valid day of birth"
    if nik[12:16] == "0000":
        return "the last four digits must not be 0000"
    return None


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def normalize_phone(phone: str) -> str:
    """Drop spaces, dashes, dots and brackets that people type in numbers."""
    return _PHONE_SEPARATORS.sub("", phone)


def phone_problem(phone: str) -> str | None:
    """None if `phone` looks like an Indonesian number, else a reason."""
    if not _PHONE.match(normalize_phone(phone)):
        return "must be an Indonesian number such as 0812 3456 7890 or +62 21 1234 5678"
    return None


# A practical address check (not RFC 5322): one @, a local part of the characters
# people use, a domain of dot-separated labels ending in a 2+ letter top-level domain.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
                    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
MAX_EMAIL = 254


def email_problem(email: str) -> str | None:
    """None if `email` looks like an e-mail address, else a reason (never the value)."""
    if len(email) > MAX_EMAIL or not _EMAIL.match(email) or ".." in email \
            or email.startswith(".") or email.split("@", maxsplit=1)[0].endswith("."):
        return "must be an e-mail address such as nama@contoh.id"
    return None
