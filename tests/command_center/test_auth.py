"""Secrets: only hashes stored; cookies signed and expiring; sign-in throttled."""

from __future__ import annotations

from command_center.auth import (
    LoginThrottle,
    SessionSigner,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)
from tests.support.clock import FakeClock


def test_a_password_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_password("s3cret"), hash_password("s3cret")
    assert first.startswith("scrypt$") and first != second
    assert "s3cret" not in first
    assert verify_password("s3cret", first)
    assert not verify_password("s3cret!", first)
    assert not verify_password("s3cret", None)
    assert not verify_password("s3cret", "garbage")


def test_tokens_are_random_and_stored_as_sha256() -> None:
    token = new_token()
    assert len(token) >= 43 and token != new_token()
    assert len(token_hash(token)) == 64 and token not in token_hash(token)


def test_a_session_cookie_is_signed_and_expires() -> None:
    clock = FakeClock()
    signer = SessionSigner(b"k" * 32, clock=clock, ttl_s=60)
    cookie, session = signer.issue("siti")
    assert signer.check(cookie) == session
    assert SessionSigner(b"x" * 32, clock=clock).check(cookie) is None
    payload, _, sig = cookie.partition(".")
    assert signer.check(payload[:-1] + "A" + "." + sig) is None
    assert signer.check(None) is None and signer.check("junk") is None
    clock.now += 61
    assert signer.check(cookie) is None


def test_three_free_attempts_then_a_doubling_wait() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(clock=clock, max_delay_s=8)
    waits = []
    for _ in range(7):
        waits.append(throttle.wait_s("user:siti"))
        throttle.failed("user:siti", "ip:1.2.3.4")
    assert waits == [0, 0, 0, 1, 2, 4, 8]
    assert throttle.wait_s("ip:1.2.3.4") == 8
    clock.now += 8
    assert throttle.wait_s("user:siti") == 0


def test_a_success_clears_the_usernames_wait() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(5):
        throttle.failed("user:siti")
    assert throttle.wait_s("user:siti") > 0
    throttle.succeeded("user:siti")
    assert throttle.wait_s("user:siti") == 0


def test_another_user_is_not_slowed_by_someone_elses_failures() -> None:
    throttle = LoginThrottle(clock=FakeClock())
    for _ in range(5):
        throttle.failed("user:siti", "ip:10.0.0.1")
    assert throttle.wait_s("user:agus", "ip:10.0.0.2") == 0
    assert throttle.wait_s("user:agus", "ip:10.0.0.1") > 0
