"""Secrets and their rules: kiosk tokens, operator passwords, session tokens, and how
long a sign-in must wait after wrong passwords.

Only hashes are stored. Kiosk and session tokens are 32 random bytes, so a plain
SHA-256 is enough (nobody brute-forces 256 bits); operator passwords are chosen by
machines today but may be changed by people tomorrow, so they get a salted scrypt hash.
A session lives in the store (`Store.session`): the cookie is only its random token, so
signing out, an idle timeout or disabling the operator ends it on the server.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from command_center.store import ThrottleKey

TOKEN_BYTES = 32
# scrypt cost: n=2^14, r=8 takes ~50 ms and 16 MiB here — slow for a guesser, quick
# enough for a sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


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


def new_session_token() -> str:
    """The value of a session cookie: random, meaningless without the server's table
    (which keeps only its hash), so signing out or disabling an operator ends it."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


# -- the sign-in throttle's rules (the store keeps the counters) ----------------------

# Per username *and* address: a guesser elsewhere can never keep an operator out.
USER_FREE_ATTEMPTS = 3
# Per address alone, for guessers trying many usernames; generous, because a control
# room's operators may share one address.
ADDRESS_FREE_ATTEMPTS = 20
MAX_DELAY_S = 300.0
FORGET_AFTER_S = 3600.0
MAX_USERNAME = 64


def throttle_wait(failures: int, last_at: float, free: int, max_delay_s: float,
                  now: float) -> float:
    """Seconds left to wait after `failures` failed sign-ins, the last at `last_at`:
    the first `free` cost nothing, then 1 s, 2 s, 4 s … up to `max_delay_s`."""
    if failures < free:
        return 0.0
    delay = min(max_delay_s, 2.0 ** min(failures - free, 32))
    return max(0.0, last_at + delay - now)


def address_key(address: str) -> str:
    """An IPv6 client counts by its /64 (one host usually has a whole /64)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def login_keys(username: str, address: str) -> list[ThrottleKey]:
    """The counters one sign-in attempt touches, user+address first. Keys have a fixed
    length whatever the username's (hashed), so the table's size is bounded by count."""
    addr = address_key(address)
    user = hashlib.sha256(username[:MAX_USERNAME].casefold().encode("utf-8", "replace")
                          + b"\0" + addr.encode()).hexdigest()[:32]
    return [ThrottleKey(f"ua:{user}", USER_FREE_ATTEMPTS, MAX_DELAY_S),
            ThrottleKey(f"a:{addr}", ADDRESS_FREE_ATTEMPTS, MAX_DELAY_S)]
