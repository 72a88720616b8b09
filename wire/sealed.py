"""Sealed reports: personal data leaves the kiosk's memory only sealed to the centre.

The wire form `kiosk110/sealed-report@1` (wire/schemas/sealed-report.schema.json) keeps
in clear only what the outbox and the uploader route by — id, kiosk, category, priority,
language, created_at, flags, session, lost_items — and carries everything else in
`sealed`:

    sealed.data = base64url( HPKE.Seal(pk_centre, info, sig || report) )
    report      = the whole report as `kiosk110/report@1` bytes (Report.to_json_bytes)
    sig         = Ed25519(sk_kiosk, SIGNATURE_CONTEXT || report)        (64 bytes)
    info        = INFO_CONTEXT || id || 0x00 || kiosk.id || 0x00 || kid || 0x00 || signer

HPKE is RFC 9180 base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
ChaCha20-Poly1305, from `cryptography` (no crypto of our own). `info` binds the
ciphertext to this report id, this kiosk and these two keys, so a sealed part cannot be
moved to another report. The signature inside the seal tells the centre which kiosk
wrote the report (a stolen token alone cannot forge one), and signs the exact bytes, so
nothing needs canonical JSON. The centre opens it (`open_report`), verifies the
signature with the kiosk's registered key, checks that the clear copy says exactly what
the sealed report says, and passes the report through the same gate as any other
(`Report.from_dict`). Every refusal says why, without quoting personal data.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from wire.errors import ReportInvalid
from wire.keys import CentrePublicKey, SigningKey
from wire.report import (
    REPORT_SCHEMA_ID,
    SEALED_REPORT_SCHEMA_ID,
    Incident,
    KioskInfo,
    Report,
    Reporter,
    check_schema,
)

SEALED_SCHEMA_ID = SEALED_REPORT_SCHEMA_ID
VERSION = 1
SUITE_NAME = "X25519-HKDF-SHA256/HKDF-SHA256/ChaCha20Poly1305"
INFO_CONTEXT = b"kiosk110/sealed-report@1 info\x00"
SIGNATURE_CONTEXT = b"kiosk110/sealed-report@1 signature\x00"
SIGNATURE_BYTES = 64
# What stays in clear (routing metadata); everything else of the report is sealed.
CLEAR_FIELDS = ("schema", "id", "created_at", "kiosk", "category", "priority", "language",
                "flags", "session", "lost_items")
SEALED_FIELDS = ("description", "incident", "reporter")
REDACTED_FLAG = "redacted"


def _suite() -> hpke.Suite:
    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def info_for(report_id: str, kiosk_id: str, kid: str, signer: str) -> bytes:
    return INFO_CONTEXT + b"\x00".join(
        part.encode("utf-8") for part in (report_id, kiosk_id, kid, signer))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Sealer:
    """The kiosk's side: seals each report to the centre's key, signed with ours."""

    def __init__(self, centre: CentrePublicKey, signer: SigningKey) -> None:
        self.centre = centre
        self.signer = signer
        self._suite = _suite()

    @property
    def sealed(self) -> bool:
        return True

    def seal(self, report: Report) -> bytes:
        """The report's wire bytes with its personal data sealed: the only form that
        is ever written to the outbox."""
        inner = report.to_json_bytes()
        signature = self.signer.key.sign(SIGNATURE_CONTEXT + inner)
        info = info_for(report.id, report.kiosk.id, self.centre.kid, self.signer.kid)
        data = self._suite.encrypt(signature + inner, self.centre.key, info=info)
        full = report.to_dict()
        clear = {k: full[k] for k in CLEAR_FIELDS if k in full}
        clear["schema"] = SEALED_SCHEMA_ID
        clear["sealed"] = {"v": VERSION, "suite": SUITE_NAME, "kid": self.centre.kid,
                           "signer": self.signer.kid, "data": _b64(data)}
        return _dumps(clear)


class Unsealed:
    """The explicit development mode: reports are stored as they are (in clear). Only
    ever chosen by configuration (`[sealing] unsealed = true`), and logged."""

    @property
    def sealed(self) -> bool:
        return False

    def seal(self, report: Report) -> bytes:
        return report.to_json_bytes()


class EnvelopeRefused(Exception):
    """The centre cannot accept this sealed report. `retry` is True when the fault is
    the centre's (it lacks the private key the report is sealed to): the kiosk should
    keep the item and try again; otherwise the item itself is refused for good."""

    def __init__(self, reason: str, *, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True)
class Opened:
    report: Report
    kid: str       # the centre key it was sealed to
    signer: str    # the kiosk key that signed it


def is_sealed(data: Any) -> bool:
    return isinstance(data, dict) and data.get("schema") == SEALED_SCHEMA_ID


def check_envelope(data: Any) -> None:
    """The clear part's shape (JSON Schema); raises ReportInvalid."""
    check_schema("sealed-report.schema.json", data)


def open_report(data: dict[str, Any], *,
                private_key: Callable[[str], X25519PrivateKey | None],
                verify_key: Callable[[str, str], Ed25519PublicKey | None]) -> Opened:
    """Open a sealed report the gate has shape-checked (`check_envelope`).

    `private_key(kid)` is the centre's key with that id (None: not here);
    `verify_key(kiosk_id, signer)` the kiosk's registered public key with that id.
    Raises EnvelopeRefused (why, never quoting the content) or ReportInvalid (the
    report inside fails the gate).
    """
    envelope = data["sealed"]
    kid, signer, kiosk_id = envelope["kid"], envelope["signer"], data["kiosk"]["id"]
    key = private_key(kid)
    if key is None:
        raise EnvelopeRefused(f"sealed to centre key {kid}, which this centre does not "
                              "have (yet, or any more)", retry=True)
    public = verify_key(kiosk_id, signer)
    if public is None:
        raise EnvelopeRefused(f"signed with key {signer}, which is not registered for "
                              f"kiosk {kiosk_id!r} (add-kiosk --signing-key)")
    try:
        plain = _suite().decrypt(_unb64(envelope["data"]), key,
                                 info=info_for(data["id"], kiosk_id, kid, signer))
    except (InvalidTag, ValueError, binascii.Error, TypeError):
        # Decryption failures are one exception whatever went wrong (a changed byte, a
        # changed id, kiosk or key id, another key): that is the point of an AEAD.
        raise EnvelopeRefused("the sealed part does not open: it was changed, or sealed "
                              f"for another report, kiosk or key than it says "
                              f"(centre key {kid})") from None
    signature, inner = plain[:SIGNATURE_BYTES], plain[SIGNATURE_BYTES:]
    try:
        public.verify(signature, SIGNATURE_CONTEXT + inner)
    except InvalidSignature:
        raise EnvelopeRefused(f"the kiosk's signature (key {signer}) does not verify: "
                              "the sealed report was not written by this kiosk") from None
    try:
        body = json.loads(inner)
    except (ValueError, UnicodeDecodeError):
        raise EnvelopeRefused("the sealed report is not JSON") from None
    if not isinstance(body, dict) or body.get("schema") != REPORT_SCHEMA_ID:
        raise EnvelopeRefused(f"the sealed report is not a {REPORT_SCHEMA_ID}")
    report = Report.from_dict(body)
    differ = [k for k in CLEAR_FIELDS if k != "schema" and data.get(k) != body.get(k)]
    if differ:
        raise EnvelopeRefused("the clear fields differ from the sealed report: "
                              + ", ".join(differ))
    return Opened(report, kid, signer)


# -- what the kiosk itself may read back of its own sealed items ------------------------


def clear_view(data: dict[str, Any]) -> Report:
    """A stored report (sealed, redacted, or clear in development mode) with what the
    kiosk may still know of it: routing metadata, never personal data. For the
    receipt's reprint and the done screen."""
    if not is_sealed(data):
        report = Report.from_dict(data)
        return Report(id=report.id, created_at=report.created_at, kiosk=report.kiosk,
                      category=report.category, language=report.language,
                      description="", flags=report.flags, lost_items=report.lost_items,
                      session=report.session)
    k = data["kiosk"]
    return Report(id=data["id"], created_at=data["created_at"],
                  kiosk=KioskInfo(k["id"], k["station"], float(k["lat"]), float(k["lon"])),
                  category=data["category"], language=data["language"], description="",
                  incident=Incident(), reporter=Reporter(), flags=tuple(data["flags"]),
                  lost_items=tuple(data.get("lost_items", ())),
                  session=data.get("session"))


def redact_sealed(data: dict[str, Any]) -> dict[str, Any]:
    """A delivered sealed report keeps no sealed part either (it is personal data, if
    encrypted): the clear metadata, flagged redacted."""
    data = dict(data)
    data.pop("sealed", None)
    flags = list(data.get("flags", []))
    if REDACTED_FLAG not in flags:
        flags.append(REDACTED_FLAG)
    data["flags"] = flags
    return data


def comparable(payload: bytes) -> bytes:
    """What two enqueues of one sealed id must agree on: its clear metadata. (The same
    report sealed twice gives other bytes: HPKE is randomised, and nothing on the
    kiosk's disk may let anyone tell what is sealed.) Other payloads compare whole."""
    try:
        data = json.loads(payload)
    except ValueError:
        return payload
    if not is_sealed(data):
        return payload
    clear = redact_sealed(data)
    clear["flags"] = [f for f in clear["flags"] if f != REDACTED_FLAG]
    return json.dumps(clear, sort_keys=True, ensure_ascii=False).encode("utf-8")


def problem_text(exc: ReportInvalid | EnvelopeRefused) -> str:
    return str(exc) if isinstance(exc, ReportInvalid) else exc.reason
