"""Secrets: kiosk tokens, operator passwords, signed session cookies, login throttling.

Only hashes are stored. Kiosk tokens are 32 random bytes, so a plain SHA-256 is enough
(nobody brute-forces 256 bits); operator passwords are chosen by machines today but may
be changed by people tomorrow, so they get a salted scrypt hash. Sessions are a signed
cookie (HMAC-SHA256 with a key kept in the data dir) carrying the operator's name, an
expiry and the CSRF token that every form must echo back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

TOKEN_BYTES = 32
# scrypt cost: n=2^14, r=8 takes ~50 ms and 16 MiB here — slow for a guesser, quick
# enough for a sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SESSION_TTL_S = 12 * 3600


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_password() -> str:
    # 16 characters from the URL-safe alphabet: ~96 bits, still typeable.
    return secrets.token_urlsafe(12)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when `password` matches `stored`. With `stored` None (unknown user) the same
    work is done, so the answer's timing does not tell which usernames exist."""
    if stored is None:
        hash_password(password)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt),
                                  n=int(n), r=int(r), p=int(p), dklen=len(digest) // 2)
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


@dataclass(frozen=True)
class Session:
    operator: str
    expires_at: float
    csrf: str


class SessionSigner:
    """Makes and checks the session cookie value: base64(JSON) "." base64(HMAC)."""

    def __init__(self, key: bytes, clock: Callable[[], float] = time.time,
                 ttl_s: float = SESSION_TTL_S) -> None:
        self._key = key
        self._clock = clock
        self._ttl_s = ttl_s

    def issue(self, operator: str) -> tuple[str, Session]:
        session = Session(operator, self._clock() + self._ttl_s, secrets.token_urlsafe(24))
        body = json.dumps({"op": session.operator, "exp": session.expires_at,
                           "csrf": session.csrf}, separators=(",", ":")).encode()
        payload = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return f"{payload}.{self._sign(payload)}", session

    def check(self, cookie: str | None) -> Session | None:
        if not cookie or "." not in cookie:
            return None
        payload, _, signature = cookie.partition(".")
        if not hmac.compare_digest(self._sign(payload), signature):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            session = Session(str(data["op"]), float(data["exp"]), str(data["csrf"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires_at > self._clock() else None

    def _sign(self, payload: str) -> str:
        mac = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")


@dataclass
class _Failures:
    count: int
    last_at: float


class LoginThrottle:
    """Growing delay after repeated wrong passwords, per username and per client address.

    The first `free_attempts` failures cost nothing; after that each failure doubles the
    wait (1 s, 2 s, 4 s … capped at `max_delay_s`). During the wait the sign-in is
    refused at once with the time left (the caller answers 429 + Retry-After) instead of
    sleeping, so an attacker cannot tie up the server's workers.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, free_attempts: int = 3,
                 max_delay_s: float = 300.0, forget_after_s: float = 3600.0) -> None:
        self._clock = clock
        self._free = free_attempts
        self._max = max_delay_s
        self._forget = forget_after_s
        self._failures: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def wait_s(self, *keys: str) -> int:
        """Whole seconds the caller must still wait before trying these keys; 0 = go."""
        now = self._clock()
        with self._lock:
            left = max((self._left(key, now) for key in keys), default=0.0)
        return math.ceil(left) if left > 0 else 0

    def failed(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > 10_000:  # bound memory under a spray of usernames
                self._failures = {k: f for k, f in self._failures.items()
                                  if now - f.last_at < self._forget}
            for key in keys:
                entry = self._failures.get(key)
                if entry is None or now - entry.last_at > self._forget:
                    entry = self._failures[key] = _Failures(0, now)
                entry.count += 1
                entry.last_at = now

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _left(self, key: str, now: float) -> float:
        entry = self._failures.get(key)
        if entry is None or entry.count < self._free:
            return 0.0
        delay = min(self._max, 2.0 ** (entry.count - self._free))
        return entry.last_at + delay - now
