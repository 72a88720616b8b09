"""Sealed reports at the centre's door (issue 16): opened and verified at ingest,
stored with personal fields encrypted; a tampered or wrongly signed envelope is refused
for that item alone (422, with the reason), and the kiosk keeps it as a dead letter for
a technician — nothing is lost."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from command_center.keyring import Keyring
from command_center.sqlite import SqliteStore
from core.config import load_config
from offline_queue.items import State
from offline_queue.outbox import Outbox
from tests.command_center.conftest import KIOSK_A, Service, personal_report, start_service
from tests.offline_queue.cli_support import run_cli
from tests.offline_queue.helpers import KIOSK, make_config_path
from tests.support.keys import centre_key, install_centre_key, kiosk_public_pem, sealer
from wire.keys import CentrePublicKey, new_signing_key
from wire.report import Report, Reporter
from wire.sealed import Sealer

NIK = "3171011501900003"


@pytest.fixture
def sealed_service(tmp_path: Path) -> Iterator[Service]:
    server, svc = start_service(tmp_path / "cc")
    assert svc.keys_dir is not None
    install_centre_key(svc.keys_dir)
    Keyring(svc.keys_dir).add_kiosk_key(KIOSK_A.id, kiosk_public_pem())
    yield svc
    server.stop()
    svc.store.close()


def post(service: Service, body: bytes, report_id: str) -> requests.Response:
    return service.session().post(f"{service.url}/api/v1/reports", data=body,
                                  headers=service.headers("kiosk-a", report_id), timeout=30)


def test_a_sealed_report_is_opened_and_stored_with_personal_fields_encrypted(
        sealed_service: Service) -> None:
    report = personal_report()
    payload = sealer().seal(report)
    assert post(sealed_service, payload, report.id).status_code == 201
    assert post(sealed_service, payload, report.id).status_code == 202   # a repeat
    stored = sealed_service.store.report(report.id)
    assert stored is not None
    raw = json.dumps(stored.body)
    for secret in (NIK, "Budi Santoso", "081234567890", "Tas saya dicuri", "Peron 2"):
        assert secret not in raw
    assert Report.from_dict(sealed_service.body(report.id)) == report
    # The database file itself holds none of it either (nor its -wal).
    assert isinstance(sealed_service.store, SqliteStore)
    db = sealed_service.store.db.path
    for path in (db, db.with_name(db.name + "-wal")):
        assert NIK.encode() not in (path.read_bytes() if path.exists() else b"")


def _tamper(payload: bytes) -> bytes:
    data = json.loads(payload)
    raw = bytearray(base64.urlsafe_b64decode(data["sealed"]["data"] + "=="))
    raw[-5] ^= 0x20
    data["sealed"]["data"] = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    return json.dumps(data).encode()


def _impostor() -> Sealer:
    centre = centre_key()
    return Sealer(CentrePublicKey(centre.kid, centre.key.public_key()), new_signing_key())


@pytest.mark.parametrize("how", ["tampered", "wrongly_signed", "unsealed"])
def test_a_bad_envelope_is_refused_422_with_its_reason(sealed_service: Service,
                                                       how: str) -> None:
    report = personal_report()
    body = {"tampered": lambda: _tamper(sealer().seal(report)),
            "wrongly_signed": lambda: _impostor().seal(report),
            "unsealed": report.to_json_bytes}[how]()
    r = post(sealed_service, body, report.id)
    assert r.status_code == 422, r.text
    reasons = " ".join(r.json()["reasons"])
    assert {"tampered": "does not open", "wrongly_signed": "not registered",
            "unsealed": "seals its reports"}[how] in reasons
    assert NIK not in r.text and "Budi" not in r.text
    assert sealed_service.store.report(report.id) is None


def test_a_report_sealed_to_a_key_the_centre_lacks_waits_503(sealed_service: Service,
                                                             tmp_path: Path) -> None:
    report = personal_report()
    data = json.loads(sealer().seal(report))
    assert sealed_service.keys_dir is not None
    (sealed_service.keys_dir / "centre" / f"{data['sealed']['kid']}.key").unlink()
    r = post(sealed_service, json.dumps(data).encode(), report.id)
    assert r.status_code == 503 and r.headers["Retry-After"] == "300"
    install_centre_key(sealed_service.keys_dir)   # the key comes back: then it opens
    # (the running service reads the directory again on a miss: no restart)
    assert post(sealed_service, json.dumps(data).encode(), report.id).status_code == 201


def test_the_kiosk_dead_letters_a_refused_envelope_and_delivers_the_rest(
        sealed_service: Service, tmp_path: Path) -> None:
    """The real uploader: a report signed with a key the centre does not know is
    refused (422); it stays on the kiosk as a failed item with the reason, and the
    other report goes through."""
    token = sealed_service.store.add_kiosk(KIOSK.id, None)
    Keyring(sealed_service.keys_dir or tmp_path).add_kiosk_key(KIOSK.id, kiosk_public_pem())
    (tmp_path / "kiosk").mkdir()
    config = make_config_path(tmp_path / "kiosk", url=f"{sealed_service.url}/api/v1",
                              server=f'token = "{token}"')
    cfg = load_config(config)
    good = Report.create(kiosk=KIOSK, category="theft", language="id",
                         description="Dompet saya dicuri",
                         reporter=Reporter(nik=NIK))
    bad = Report.create(kiosk=KIOSK, category="fire", language="id",
                        description="Ada asap di peron", reporter=Reporter(nik=NIK))
    with Outbox.for_config(cfg) as box:
        box.enqueue_report(good)
    with Outbox(cfg.outbox_path, kiosk_id=KIOSK.id, sealer=_impostor()) as box:
        box.enqueue_report(bad)   # this kiosk's disk, another signing key
    drained = run_cli(config, "run", "--until-empty")
    assert drained.returncode == 1, drained.stderr[-2000:]   # a dead letter remains
    with Outbox.for_config(cfg) as box:
        items = {i.id: i for i in box.list_items()}
    assert items[good.id].state is State.DELIVERED
    assert items[bad.id].state is State.FAILED
    assert "not registered" in (items[bad.id].last_error or "")
    assert sealed_service.store.report(good.id) is not None
    assert sealed_service.store.report(bad.id) is None
