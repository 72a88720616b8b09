"""The technician PIN: the rules a new PIN must pass, and its salted scrypt hash.

The hash is one self-describing string, `scrypt$n=32768$r=8$p=1$<salt b64>$<hash b64>`,
so the cost can be raised later without invalidating stored hashes. n = 2**15 makes
one check take ~100 ms on the 2-core kiosk class of machine (benchmarks/bench_pin.py
measures it): slow for a guesser who stole the config file, quick for a technician.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from itertools import pairwise

from core.errors import KioskError

# ---------------------------------------------------------------- PIN rules

MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12

# Well-known PINs beyond the patterns caught below (repeats, runs, pairs, years).
COMMON_PINS = frozenset({
    "121212", "131313", "112233", "159753", "147258", "258369", "369258", "123321",
    "654321", "102030", "111222", "112211", "123123", "696969", "520520", "100200",
    "789456", "456123", "147852", "159357", "753951", "142536", "110110", "112112",
})


class MaintenanceError(KioskError):
    """Base of maintenance-mode errors."""


class PinRejected(MaintenanceError):
    """A new PIN breaks the rules (too short, not digits, too easy to guess)."""


class PinHashInvalid(MaintenanceError):
    """The stored `maintenance.pin_hash` is not a hash this module wrote."""


def _is_run(pin: str) -> bool:
    """Ascending or descending digits, wrapping round: 123456, 654321, 890123."""
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
    return steps in ({1}, {9})


def _is_periodic(pin: str) -> bool:
    """Made of one short block repeated: 111111, 121212, 123123, 12341234."""
    return any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size)
               for size in range(1, len(pin) // 2 + 1))


def _year(s: str) -> bool:
    return 1940 <= int(s) <= 2039


def _day_month(dd: str, mm: str) -> bool:
    return 1 <= int(dd) <= 31 and 1 <= int(mm) <= 12


def _looks_like_a_date(pin: str) -> bool:
    """A birthday or a month: DDMMYY, MMYYYY, YYYYMM, DDMMYYYY, YYYYMMDD.

    The first things a guesser tries after 123456; Indonesian dates are day-first.
    """
    if len(pin) == 6:
        return (_day_month(pin[:2], pin[2:4])
                or (1 <= int(pin[:2]) <= 12 and _year(pin[2:]))
                or (_year(pin[:4]) and 1 <= int(pin[4:]) <= 12))
    if len(pin) == 8:
        return ((_day_month(pin[:2], pin[2:4]) and _year(pin[4:]))
                or (_year(pin[:4]) and _day_month(pin[6:], pin[4:6])))
    return False


def pin_problem(pin: str) -> str | None:
    """Why `pin` may not be the technician PIN, in words; None when it is acceptable."""
    if not pin.isascii() or not pin.isdigit():
        return "the PIN must be digits only"
    if len(pin) < MIN_PIN_DIGITS:
        return f"the PIN must have at least {MIN_PIN_DIGITS} digits"
    if len(pin) > MAX_PIN_DIGITS:
        return f"the PIN must have at most {MAX_PIN_DIGITS} digits"
    if _is_periodic(pin):
        return "the PIN repeats a short pattern (like 111111 or 121212)"
    if _is_run(pin):
        return "the PIN is a run of digits (like 123456 or 654321)"
    if pin in COMMON_PINS:
        return "the PIN is on the list of common PINs"
    if _looks_like_a_date(pin):
        return "the PIN looks like a date (like a birthday); choose random digits"
    return None


# ---------------------------------------------------------------- hashing

SCRYPT_N = 2 ** 15          # ~100 ms per check here; see benchmarks/bench_pin.py
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
_SCHEME = "scrypt"


def _scrypt(pin: str, salt: bytes, *, n: int, r: int, p: int, dklen: int) -> bytes:
    # 128 * n * r bytes are needed; allow twice that so a larger n still works.
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + 2 ** 20, dklen=dklen)


def hash_pin(pin: str, *, n: int = SCRYPT_N, salt: bytes | None = None) -> str:
    """The self-describing hash string of a PIN that passed `pin_problem`."""
    if (problem := pin_problem(pin)) is not None:
        raise PinRejected(problem)
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    digest = _scrypt(pin, salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES)
    b64 = base64.b64encode
    return (f"{_SCHEME}$n={n}$r={SCRYPT_R}$p={SCRYPT_P}$"
            f"{b64(salt).decode()}${b64(digest).decode()}")


@dataclass(frozen=True)
class PinHash:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> PinHash:
        parts = text.split("$")
        if len(parts) != 6 or parts[0] != _SCHEME:
            raise PinHashInvalid("maintenance.pin_hash: not a scrypt$n=…$r=…$p=…$salt$hash "
                                 "string; run set-pin")
        try:
            params = dict(part.split("=", 1) for part in parts[1:4])
            n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
            salt = base64.b64decode(parts[4], validate=True)
            digest = base64.b64decode(parts[5], validate=True)
        except (KeyError, ValueError) as exc:
            raise PinHashInvalid("maintenance.pin_hash: malformed; run set-pin") from exc
        if n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or len(digest) < 16:
            raise PinHashInvalid("maintenance.pin_hash: parameters out of range; run set-pin")
        return cls(n, r, p, salt, digest)


def verify_pin(pin: str, encoded: str) -> bool:
    """True when `pin` matches the stored hash. Constant-time in the digest compare."""
    stored = PinHash.parse(encoded)
    if not pin.isascii() or not pin.isdigit() or len(pin) > MAX_PIN_DIGITS:
        return False
    candidate = _scrypt(pin, stored.salt, n=stored.n, r=stored.r, p=stored.p,
                        dklen=len(stored.digest))
    return hmac.compare_digest(candidate, stored.digest)
