"""The key commands (issue 16): keygen makes a current pair and keeps the old one;
add-kiosk --signing-key checks the key before registering; retire-key refuses while a
kiosk's latest heartbeat holds reports sealed to the key (or says nothing)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from command_center.__main__ import main
from command_center.keyring import Keyring
from command_center.sqlite import SqliteStore
from tests.support.keys import kiosk_public_pem


def cc(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def test_keygen_rotation_and_retirement_follow_the_kiosks_backlogs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "cc"
    assert cc(data, "keygen") == 0
    keyring = Keyring(data / "keys")
    first = keyring.current_kid()
    assert first is not None and (data / "keys" / "at-rest.json").stat().st_mode & 0o077 == 0
    pub = tmp_path / "k.pub"
    pub.write_bytes(kiosk_public_pem())
    bad = tmp_path / "bad.pub"
    bad.write_text("not a key")
    assert cc(data, "add-kiosk", "kiosk-x", "--signing-key", str(bad)) == 1
    assert cc(data, "add-kiosk", "kiosk-x", "--signing-key", str(pub)) == 0
    assert keyring.kiosk_seals("kiosk-x")
    assert cc(data, "keygen") == 0
    second = keyring.current_kid()
    assert second is not None and second != first
    assert keyring.centre_kids() == sorted([first, second])
    assert cc(data, "retire-key", second or "") == 1          # the current one: never
    assert cc(data, "retire-key", first) == 1                 # the kiosk has not said
    store = SqliteStore(data)
    try:
        asyncio.run(store.put_heartbeat("kiosk-x", {"kiosk_id": "kiosk-x", "sealing": {
            "sealed": True, "kid": second, "backlog": {first: 3}}}, 1.0))
        assert cc(data, "retire-key", first) == 1             # 3 reports still need it
        assert "kiosk-x" in capsys.readouterr().err
        asyncio.run(store.put_heartbeat("kiosk-x", {"kiosk_id": "kiosk-x", "sealing": {
            "sealed": True, "kid": second, "backlog": {second: 1}}}, 2.0))
    finally:
        store.close()
    assert cc(data, "keys") == 0
    assert cc(data, "retire-key", first) == 0                 # drained: deleted
    assert keyring.centre_kids() == [second]
