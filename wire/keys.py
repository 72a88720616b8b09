"""The keys that seal personal data from the kiosk's disk to the command centre.

Two pairs, both standard and both from `cryptography`:
- the **centre's** X25519 pair (HPKE, RFC 9180): kiosks seal to its public key; only
  the centre holds the private key. It may rotate: every envelope names the key it was
  sealed to (`kid`), and the centre keeps old private keys until no kiosk holds items
  sealed to them (docs/deploy.md, "Keys").
- each **kiosk's** Ed25519 pair: the kiosk signs what it seals, the centre verifies it
  with the public key registered by `add-kiosk --signing-key`.

Files are PEM (PKCS #8 for private keys, SubjectPublicKeyInfo for public ones), so
`openssl pkey -in FILE -text` reads them. A key's id is the first 16 hex digits of the
SHA-256 of its raw 32-byte public key. Private key files are written 0600 and never
replaced in place.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

KID_HEX = 16
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)
K = TypeVar("K", X25519PublicKey, X25519PrivateKey, Ed25519PrivateKey, Ed25519PublicKey)


class KeyFileError(Exception):
    """A key file is missing, unreadable, or not a key of the expected kind."""


def key_id(public: X25519PublicKey | Ed25519PublicKey) -> str:
    return hashlib.sha256(public.public_bytes(*_RAW)).hexdigest()[:KID_HEX]


@dataclass(frozen=True)
class _Keyed(Generic[K]):
    """A key and its id; the key itself is never in a repr (logs, tracebacks)."""

    kid: str
    key: K = field(repr=False)


class CentrePublicKey(_Keyed[X25519PublicKey]):
    """What kiosks seal to."""


class CentrePrivateKey(_Keyed[X25519PrivateKey]):
    """What only the centre holds, to open what was sealed."""


class SigningKey(_Keyed[Ed25519PrivateKey]):
    """A kiosk's: it signs what it seals."""


class VerifyKey(_Keyed[Ed25519PublicKey]):
    """A kiosk's public key, registered at the centre to verify its signatures."""


def _read(path: Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise KeyFileError(f"{what} {path} does not exist") from None
    except OSError as exc:
        raise KeyFileError(f"cannot read {what} {path}: {exc.strerror}") from exc


def _public(data: bytes, what: str) -> object:
    try:
        return serialization.load_pem_public_key(data)
    except ValueError:
        raise KeyFileError(f"{what} is not a PEM public key") from None


def _private(data: bytes, what: str) -> object:
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyFileError(f"{what} is not an unencrypted PEM private key") from None


def centre_public_from_pem(data: bytes, what: str = "the centre key") -> CentrePublicKey:
    key = _public(data, what)
    if not isinstance(key, X25519PublicKey):
        raise KeyFileError(f"{what} is not an X25519 public key (make one with "
                           "`python -m command_center keygen`)")
    return CentrePublicKey(key_id(key), key)


def load_centre_public(path: Path) -> CentrePublicKey:
    return centre_public_from_pem(_read(path, "centre public key"), f"centre key {path}")


def load_centre_private(path: Path) -> CentrePrivateKey:
    key = _private(_read(path, "centre private key"), f"centre key {path}")
    if not isinstance(key, X25519PrivateKey):
        raise KeyFileError(f"centre key {path} is not an X25519 private key")
    return CentrePrivateKey(key_id(key.public_key()), key)


def load_signing_key(path: Path) -> SigningKey:
    key = _private(_read(path, "kiosk signing key"), f"signing key {path}")
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"signing key {path} is not an Ed25519 private key (make one "
                           "with `python -m offline_queue keygen`)")
    return SigningKey(key_id(key.public_key()), key)


def verify_key_from_pem(data: bytes, what: str = "the kiosk's public key") -> VerifyKey:
    key = _public(data, what)
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{what} is not an Ed25519 public key")
    return VerifyKey(key_id(key), key)


def public_pem(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def private_pem(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def new_centre_key() -> CentrePrivateKey:
    key = X25519PrivateKey.generate()
    return CentrePrivateKey(key_id(key.public_key()), key)


def new_signing_key() -> SigningKey:
    key = Ed25519PrivateKey.generate()
    return SigningKey(key_id(key.public_key()), key)


def write_new(path: Path, data: bytes, mode: int) -> None:
    """Write `data` to a new file `path` with `mode` (refusing to overwrite: a key that
    is replaced by mistake cannot be had back), durably."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise KeyFileError(f"{path} already exists; not overwritten") from None
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, mode)   # whatever the umask took away
