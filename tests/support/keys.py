"""Sealing keys for tests: one centre pair and one kiosk signing pair per test run,
written as PEM files wherever a test needs them (a test config, a centre's key dir)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from wire.keys import (
    CentrePrivateKey,
    SigningKey,
    new_centre_key,
    new_signing_key,
    private_pem,
    public_pem,
    write_new,
)
from wire.keys import CentrePublicKey as CentrePublic
from wire.report import Report
from wire.sealed import Sealer, check_envelope, open_report


@cache
def centre_key() -> CentrePrivateKey:
    return new_centre_key()


@cache
def signing_key() -> SigningKey:
    return new_signing_key()


def sealer() -> Sealer:
    centre = centre_key()
    return Sealer(CentrePublic(centre.kid, centre.key.public_key()), signing_key())


def write_kiosk_keys(directory: Path) -> tuple[Path, Path]:
    """The kiosk's side: (centre public key file, signing key file)."""
    directory.mkdir(parents=True, exist_ok=True)
    centre, signing = directory / "centre.pub", directory / "signing.key"
    if not centre.exists():
        write_new(centre, public_pem(centre_key().key.public_key()), 0o644)
    if not signing.exists():
        write_new(signing, private_pem(signing_key().key), 0o600)
    return centre, signing


def kiosk_public_pem() -> bytes:
    return public_pem(signing_key().key.public_key())


def open_payload(payload: bytes) -> Report:
    """What the centre reads from a sealed payload the tests' kiosk wrote: opened with
    the tests' centre key, signature verified."""
    data = json.loads(payload)
    check_envelope(data)
    centre, kiosk = centre_key(), signing_key()
    return open_report(
        data, private_key=lambda kid: centre.key if kid == centre.kid else None,
        verify_key=lambda _kiosk, kid: kiosk.key.public_key() if kid == kiosk.kid else None,
    ).report


def install_centre_key(keys_dir: Path) -> None:
    """Give a test centre the tests' centre private key (kiosks seal to it)."""
    directory = keys_dir / "centre"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = centre_key()
    path = directory / f"{key.kid}.key"
    if not path.exists():
        write_new(path, private_pem(key.key), 0o600)
        (directory / "current").write_text(key.kid + "\n")
