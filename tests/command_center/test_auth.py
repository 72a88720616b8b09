"""Secrets and the sign-in throttle's rules: only hashes stored; waits that double."""

from __future__ import annotations

from command_center.auth import (
    ADDRESS_FREE_ATTEMPTS,
    USER_FREE_ATTEMPTS,
    address_key,
    hash_password,
    login_keys,
    new_session_token,
    new_token,
    throttle_wait,
    token_hash,
    verify_password,
)


def test_a_password_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_password("s3cret"), hash_password("s3cret")
    assert first.startswith("scrypt$") and first != second
    assert "s3cret" not in first
    assert verify_password("s3cret", first)
    assert not verify_password("s3cret!", first)
    assert not verify_password("s3cret", None)
    assert not verify_password("s3cret", "garbage")


def test_tokens_are_random_and_stored_as_sha256() -> None:
    for make in (new_token, new_session_token):
        token = make()
        assert len(token) >= 43 and token != make()
        assert len(token_hash(token)) == 64 and token not in token_hash(token)


def test_free_attempts_then_a_doubling_wait_up_to_the_cap() -> None:
    waits = [throttle_wait(n, 1000.0, 3, 8.0, 1000.0) for n in range(8)]
    assert waits == [0, 0, 0, 1, 2, 4, 8, 8]
    assert throttle_wait(5, 1000.0, 3, 300.0, 1004.0) == 0   # waited long enough
    assert throttle_wait(10**6, 1000.0, 3, 300.0, 1000.0) == 300   # no overflow


def test_one_attempt_counts_per_user_and_address_and_per_address() -> None:
    keys = login_keys("Siti", "10.0.0.1")
    assert [k.free for k in keys] == [USER_FREE_ATTEMPTS, ADDRESS_FREE_ATTEMPTS]
    assert keys[0] == login_keys("siti", "10.0.0.1")[0]          # case does not matter
    assert keys[0] != login_keys("siti", "10.0.0.2")[0]          # another address: its own
    assert keys[1] == login_keys("agus", "10.0.0.1")[1]          # one address, any user
    # A username of any length makes a key of one fixed length.
    assert len(login_keys("x" * 100_000, "10.0.0.1")[0].key) == len(keys[0].key)


def test_an_ipv6_client_counts_by_its_64_and_mapped_ipv4_as_ipv4() -> None:
    assert address_key("2001:db8::1") == address_key("2001:db8::ffff") == "2001:db8::/64"
    assert address_key("::ffff:10.0.0.1") == "10.0.0.1"
    assert address_key("unix-socket") == "unix-socket"
