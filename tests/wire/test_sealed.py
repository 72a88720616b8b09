"""The sealed-report envelope (wire/sealed.py): what the kiosk writes opens at the
centre to exactly the report filed, and any change, any other key or signer is refused
with a reason that quotes nothing personal."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.support.keys import centre_key, sealer, signing_key
from wire.keys import CentrePublicKey, new_centre_key, new_signing_key
from wire.report import Incident, KioskInfo, Report, Reporter, redact_payload
from wire.sealed import (
    EnvelopeRefused,
    Sealer,
    check_envelope,
    clear_view,
    comparable,
    open_report,
)

KIOSK = KioskInfo("test-kiosk-01", "MRT Bundaran HI", -6.1932, 106.8230)
NIK, PHONE, NAME = "3171234501900001", "081234567890", "Budi Santoso"
SESSION = "6b7c4b1e-3f0a-4c1d-9a53-2f1e8c9d7a10"


def personal() -> Report:
    return Report.create(kiosk=KIOSK, category="lost_item", language="id",
                         description="HP saya dicopet di peron 2",
                         incident=Incident("Peron 2 arah Lebak Bulus", "now"),
                         reporter=Reporter(name=NAME, phone=PHONE, nik=NIK),
                         lost_items=("phone",), session=SESSION)


def open_(data: dict[str, Any], centre: Any = None, kiosk: Any = None) -> Report:
    centre = centre or centre_key()
    kiosk = kiosk or signing_key()
    check_envelope(data)
    return open_report(
        data, private_key=lambda kid: centre.key if kid == centre.kid else None,
        verify_key=lambda _k, kid: kiosk.key.public_key() if kid == kiosk.kid else None,
    ).report


def test_a_sealed_report_keeps_only_routing_metadata_in_clear_and_opens_whole() -> None:
    r = personal()
    payload = sealer().seal(r)
    for secret in (NIK, PHONE, NAME, "dicopet", "Lebak Bulus"):
        assert secret.encode() not in payload
    data = json.loads(payload)
    assert set(data) == {"schema", "id", "created_at", "kiosk", "category", "priority",
                         "language", "flags", "session", "lost_items", "sealed"}
    assert data["sealed"]["kid"] == centre_key().kid
    assert data["sealed"]["signer"] == signing_key().kid
    assert open_(data) == r
    # Sealing is randomised: the same report sealed twice compares by its clear part.
    again = sealer().seal(r)
    assert again != payload and comparable(again) == comparable(payload)


@pytest.mark.parametrize("where", ["data", "id", "category", "kiosk", "kid"])
def test_any_change_to_the_envelope_is_refused(where: str) -> None:
    data = json.loads(sealer().seal(personal()))
    if where == "data":
        raw = bytearray(base64.urlsafe_b64decode(data["sealed"]["data"] + "=="))
        raw[40] ^= 1
        data["sealed"]["data"] = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    elif where == "id":
        data["id"] = personal().id            # the sealed part moved to another report
    elif where == "category":
        data["category"] = "theft"
        data["priority"] = "urgent"
    elif where == "kiosk":
        data["kiosk"]["id"] = "another-kiosk"
    else:
        data["sealed"]["kid"] = "0" * 16
    with pytest.raises(EnvelopeRefused) as refused:
        open_(data)
    assert NIK not in refused.value.reason and NAME not in refused.value.reason
    assert refused.value.retry is (where == "kid")   # a key the centre lacks: later


def test_a_report_signed_by_another_kiosk_key_is_refused() -> None:
    impostor = new_signing_key()
    centre = centre_key()
    forged = Sealer(CentrePublicKey(centre.kid, centre.key.public_key()), impostor)
    data = json.loads(forged.seal(personal()))
    with pytest.raises(EnvelopeRefused, match="not registered"):
        open_(data)
    # The impostor also claims our kiosk's key id: the signature gives it away.
    data["sealed"]["signer"] = signing_key().kid
    with pytest.raises(EnvelopeRefused):
        open_(data)


def test_sealed_to_another_centre_key_does_not_open_with_ours() -> None:
    other = new_centre_key()
    data = json.loads(Sealer(CentrePublicKey(other.kid, other.key.public_key()),
                             signing_key()).seal(personal()))
    data["sealed"]["kid"] = centre_key().kid
    with pytest.raises(EnvelopeRefused, match="does not open"):
        open_(data)
    assert open_(json.loads(Sealer(CentrePublicKey(other.kid, other.key.public_key()),
                                   signing_key()).seal(personal())), centre=other)


def test_the_kiosk_reads_back_only_the_clear_part_and_delivery_drops_the_seal() -> None:
    r = personal()
    payload = sealer().seal(r)
    view = clear_view(json.loads(payload))
    assert view.id == r.id and view.lost_items == ("phone",) and view.session == SESSION
    assert view.reporter.is_empty and view.description == ""
    redacted = redact_payload(payload)
    assert b'"sealed":' not in redacted and json.loads(redacted)["flags"] == ["redacted"]
    assert comparable(redacted) == comparable(payload)


def test_a_clear_report_loses_its_free_text_place_on_delivery_too() -> None:
    data = json.loads(redact_payload(personal().to_json_bytes()))
    assert data["incident"]["where"] == "redacted" and data["reporter"] == {}
