"""The centre's keys, in one directory outside the database (`--keys-dir`, by default
`<data-dir>/keys`; 0700, every private file 0600):

    centre/<kid>.key, <kid>.pub   X25519 pairs kiosks seal to; `centre/current` names
                                  the one new kiosks get. Old pairs stay until no kiosk
                                  holds reports sealed to them (`retire-key`).
    kiosks/<kiosk>/<kid>.pub      each kiosk's Ed25519 signing keys (`add-kiosk
                                  --signing-key`, `add-kiosk-key`)
    at-rest.json                  AES-256-GCM keys for personal fields in the database
                                  (`command_center.personal`)

A database dump or backup without this directory holds no readable personal data. In
production keep the directory on another volume than the database, or replace the
file-based at-rest key by an HSM/KMS (docs/deploy.md, "Keys"). Lookups that miss read
the directory again, so a key added while the service runs is found at once.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import threading
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from command_center.errors import CommandCenterError
from wire.keys import (
    CentrePrivateKey,
    KeyFileError,
    VerifyKey,
    load_centre_private,
    new_centre_key,
    private_pem,
    public_pem,
    verify_key_from_pem,
    write_new,
)
from wire.report import KIOSK_ID_PATTERN

AT_REST_FILE = "at-rest.json"
_KID = re.compile(r"^[0-9a-f]{16}$")


class KeyringError(CommandCenterError):
    """A key operation that cannot be done (the message says why)."""


@dataclass(frozen=True)
class AtRestKeys:
    """AES-256-GCM keys by id: `current` encrypts, every one decrypts."""

    current: str
    keys: dict[str, bytes] = field(repr=False)


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


class Keyring:
    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)
        self._lock = threading.Lock()
        self._centre: dict[str, X25519PrivateKey] = {}
        self._kiosks: dict[tuple[str, str], Ed25519PublicKey] = {}
        self._at_rest: AtRestKeys | None = None

    # -- centre key pairs ----------------------------------------------------------

    @property
    def centre_dir(self) -> Path:
        return self.dir / "centre"

    def new_centre_key(self) -> CentrePrivateKey:
        """A new pair, made current; the old ones are kept."""
        key = new_centre_key()
        directory = _private_dir(self.centre_dir)
        _private_dir(self.dir)
        write_new(directory / f"{key.kid}.key", private_pem(key.key), 0o600)
        write_new(directory / f"{key.kid}.pub", public_pem(key.key.public_key()), 0o644)
        tmp = directory / "current.tmp"
        tmp.write_text(key.kid + "\n", encoding="ascii")
        os.replace(tmp, directory / "current")
        return key

    def current_kid(self) -> str | None:
        try:
            kid = (self.centre_dir / "current").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return kid if _KID.match(kid) else None

    def centre_kids(self) -> list[str]:
        if not self.centre_dir.is_dir():
            return []
        return sorted(p.stem for p in self.centre_dir.glob("*.key") if _KID.match(p.stem))

    def centre_private(self, kid: str) -> X25519PrivateKey | None:
        if not _KID.match(kid):
            return None
        with self._lock:
            found = self._centre.get(kid)
        if found is not None:
            return found
        path = self.centre_dir / f"{kid}.key"
        if not path.exists():
            return None
        try:
            key = load_centre_private(path)
        except KeyFileError:
            return None
        if key.kid != kid:
            return None
        with self._lock:
            self._centre[kid] = key.key
        return key.key

    def retire_centre_key(self, kid: str) -> None:
        if kid == self.current_kid():
            raise KeyringError(f"centre key {kid} is the current one: make a new one first")
        path = self.centre_dir / f"{kid}.key"
        if not path.exists():
            raise KeyringError(f"no centre key {kid}")
        path.unlink()
        (self.centre_dir / f"{kid}.pub").unlink(missing_ok=True)
        with self._lock:
            self._centre.pop(kid, None)

    # -- kiosk signing keys ----------------------------------------------------------

    def add_kiosk_key(self, kiosk_id: str, pem: bytes) -> VerifyKey:
        if not re.fullmatch(KIOSK_ID_PATTERN, kiosk_id):
            raise KeyringError("not a kiosk id")
        try:
            key = verify_key_from_pem(pem)
        except KeyFileError as exc:
            raise KeyringError(str(exc)) from None
        directory = _private_dir(_private_dir(self.dir / "kiosks") / kiosk_id)
        path = directory / f"{key.kid}.pub"
        if not path.exists():
            write_new(path, public_pem(key.key), 0o600)
        return key

    def kiosk_kids(self, kiosk_id: str) -> list[str]:
        directory = self.dir / "kiosks" / kiosk_id
        if not re.fullmatch(KIOSK_ID_PATTERN, kiosk_id) or not directory.is_dir():
            return []
        return sorted(p.stem for p in directory.glob("*.pub") if _KID.match(p.stem))

    def kiosk_public(self, kiosk_id: str, kid: str) -> Ed25519PublicKey | None:
        if not (_KID.match(kid) and re.fullmatch(KIOSK_ID_PATTERN, kiosk_id)):
            return None
        with self._lock:
            found = self._kiosks.get((kiosk_id, kid))
        if found is not None:
            return found
        path = self.dir / "kiosks" / kiosk_id / f"{kid}.pub"
        try:
            key = verify_key_from_pem(path.read_bytes())
        except (OSError, KeyFileError):
            return None
        if key.kid != kid:
            return None
        with self._lock:
            self._kiosks[(kiosk_id, kid)] = key.key
        return key.key

    def kiosk_seals(self, kiosk_id: str) -> bool:
        """Whether this kiosk registered a signing key: then it must seal its reports
        (an unsealed one from it would be a downgrade)."""
        return bool(self.kiosk_kids(kiosk_id))

    # -- at-rest keys (command_center.personal) ----------------------------------------

    def at_rest(self) -> AtRestKeys:
        """The at-rest keys, made on first use (0600)."""
        with self._lock:
            if self._at_rest is not None:
                return self._at_rest
            path = self.dir / AT_REST_FILE
            if not path.exists():
                _private_dir(self.dir)
                kid = secrets.token_hex(8)
                data = {"current": kid, "keys": {kid: _b64(secrets.token_bytes(32))}}
                # Another process may have made it first: then that one is read.
                with suppress(KeyFileError):
                    write_new(path, json.dumps(data, indent=1).encode("ascii"), 0o600)
            self._at_rest = _read_at_rest(path)
            return self._at_rest

    def rotate_at_rest(self) -> str:
        """A new current at-rest key; the old ones stay to read what they wrote."""
        current = self.at_rest()
        keys = dict(current.keys)
        kid = secrets.token_hex(8)
        keys[kid] = secrets.token_bytes(32)
        data = {"current": kid, "keys": {k: _b64(v) for k, v in keys.items()}}
        path = self.dir / AT_REST_FILE
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        write_new(tmp, json.dumps(data, indent=1).encode("ascii"), 0o600)
        os.replace(tmp, path)
        with self._lock:
            self._at_rest = None
        return kid


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _read_at_rest(path: Path) -> AtRestKeys:
    if path.stat().st_mode & 0o077:
        raise KeyringError(f"{path} is readable by others: chmod 600 it")
    try:
        raw = json.loads(path.read_text(encoding="ascii"))
        keys = {str(k): base64.b64decode(v) for k, v in raw["keys"].items()}
        current = str(raw["current"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyringError(f"{path} is not an at-rest key file ({type(exc).__name__})") from None
    if current not in keys or any(len(v) != 32 for v in keys.values()):
        raise KeyringError(f"{path} is not an at-rest key file (bad keys)")
    return AtRestKeys(current, keys)
