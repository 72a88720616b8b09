"""Personal fields encrypted at rest, above the store interface.

Before a report reaches `Store.put_report`, its personal fields — the description, the
free-text place and the reporter block — are taken out of the body and put back as one
AES-256-GCM ciphertext (`cryptography`'s AESGCM; a random 96-bit nonce; the report id
as associated data, so a ciphertext cannot be moved to another row). Every engine
(SQLite, PostgreSQL) stores the opaque value and needs no change; a database dump or
backup holds no readable personal data. The key is outside the database
(`command_center.keyring`, at-rest.json). Pages that show personal data call `reveal`.

The stored body is the report with:
    description = ""           reporter = {}
    incident.where = "at_kiosk" when it was at the kiosk, else PROTECTED_WHERE
    personal = {"v": 1, "kid": "<at-rest key id>", "data": "<base64 nonce || ct>"}

The digest that tells a repeat delivery from a conflict stays the SHA-256 of the body
as received (`ingest.canonical`): for a sealed report that is a hash of ciphertext.
(For a report that arrived unsealed — development mode, or a kiosk of an older
version — it is a hash over personal data among the rest; kept so that repeats of
reports stored before this version still compare equal.)
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import replace
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from command_center.keyring import Keyring
from command_center.model import ReportRow
from wire.report import Report

VERSION = 1
PROTECTED_WHERE = "(encrypted)"
PERSONAL_KEYS = ("description", "where", "reporter")


def protect(report: Report, keyring: Keyring) -> dict[str, Any]:
    """The body to store: the report without its personal fields, plus them encrypted."""
    body = report.to_dict()
    personal = {"description": body["description"], "where": body["incident"]["where"],
                "reporter": body["reporter"]}
    keys = keyring.at_rest()
    nonce = secrets.token_bytes(12)
    plain = json.dumps(personal, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    data = nonce + AESGCM(keys.keys[keys.current]).encrypt(nonce, plain,
                                                          report.id.encode("ascii"))
    body["description"] = ""
    body["reporter"] = {}
    if body["incident"]["where"] != "at_kiosk":
        body["incident"] = {**body["incident"], "where": PROTECTED_WHERE}
    body["personal"] = {"v": VERSION, "kid": keys.current,
                        "data": base64.b64encode(data).decode("ascii")}
    return body


class Unreadable(Exception):
    """The stored personal fields cannot be decrypted (key missing, or damaged)."""


def reveal_body(body: dict[str, Any], keyring: Keyring) -> dict[str, Any]:
    """`body` with its personal fields decrypted (a body without them: as it is).
    Raises Unreadable."""
    sealed = body.get("personal")
    if sealed is None:
        return body
    try:
        key = keyring.at_rest().keys.get(str(sealed["kid"]))
        if key is None:
            raise Unreadable(f"at-rest key {str(sealed['kid'])[:20]} is not in the keyring")
        raw = base64.b64decode(sealed["data"], validate=True)
        plain = AESGCM(key).decrypt(raw[:12], raw[12:], str(body.get("id", "")).encode())
        personal = json.loads(plain)
    except (KeyError, TypeError, ValueError, binascii.Error, InvalidTag):
        raise Unreadable("the encrypted personal fields cannot be read") from None
    out = {k: v for k, v in body.items() if k != "personal"}
    out["description"] = personal.get("description", "")
    out["reporter"] = personal.get("reporter", {})
    incident = out.get("incident")
    out["incident"] = {**(incident if isinstance(incident, dict) else {}),
                       "where": personal.get("where", "at_kiosk")}
    return out


def revealed(row: ReportRow, keyring: Keyring) -> tuple[ReportRow, str | None]:
    """The row with its personal fields readable, and None; or the row as stored and
    why it could not be read (shown on the page instead of failing it)."""
    if not isinstance(row.body, dict):
        return row, None
    try:
        return replace(row, body=reveal_body(row.body, keyring)), None
    except Unreadable as exc:
        return row, str(exc)


def nik_of(body: Any) -> str | None:
    reporter = body.get("reporter") if isinstance(body, dict) else None
    nik = reporter.get("nik") if isinstance(reporter, dict) else None
    return nik if isinstance(nik, str) and nik else None


def mask_nik(nik: str) -> str:
    """A NIK as the page shows it until an operator asks (and is audited): only its
    last four digits, which say nothing of the region or birth date it encodes."""
    return "•" * max(0, len(nik) - 4) + nik[-4:]


def nik_masked(row: ReportRow) -> ReportRow:
    nik = nik_of(row.body)
    if nik is None:
        return row
    body = dict(row.body)
    body["reporter"] = {**body["reporter"], "nik": mask_nik(nik)}
    return replace(row, body=body)
