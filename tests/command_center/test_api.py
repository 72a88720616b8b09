"""The kiosk API's contract (docs/api.md), every status code, over real HTTP."""

from __future__ import annotations

import json

import requests

from wire.report import Report
from wire.ticket import ticket_code

from .conftest import KIOSK_B, Service, make_event, make_report, personal_report


def test_a_new_report_is_201_with_its_id_and_public_status_url(service: Service) -> None:
    report = make_report()
    r = service.post_report(report)
    assert r.status_code == 201
    body = r.json()
    assert body["id"] == report.id
    assert body["status_url"] == f"{service.url}/t/{ticket_code(report.id)}"
    assert requests.get(body["status_url"], timeout=30).status_code == 200


def test_the_same_report_again_is_202_with_the_same_id_and_stored_once(service: Service) -> None:
    report = make_report()
    assert service.post_report(report).status_code == 201
    again = service.post_report(report)
    assert again.status_code == 202
    assert again.json()["id"] == report.id
    assert service.store.inbox().total == 1


def test_the_same_body_with_other_key_order_and_spacing_is_still_202(service: Service) -> None:
    report = make_report()
    service.post_report(report)
    reordered = json.dumps(dict(reversed(list(report.to_dict().items()))), indent=2)
    r = requests.post(f"{service.url}/api/v1/reports", data=reordered.encode(),
                      headers=service.headers(key=report.id), timeout=30)
    assert r.status_code == 202


def test_a_known_id_with_a_different_body_is_422(service: Service) -> None:
    report = make_report()
    service.post_report(report)
    changed = report.to_dict() | {"description": "something else"}
    r = requests.post(f"{service.url}/api/v1/reports", json=changed,
                      headers=service.headers(key=report.id), timeout=30)
    assert r.status_code == 422
    assert "different body" in r.json()["error"]
    assert service.body(report.id)["description"] == report.description


def test_invalid_json_is_400_with_a_reason(service: Service) -> None:
    r = requests.post(f"{service.url}/api/v1/reports", data=b'{"id": ',
                      headers=service.headers(), timeout=30)
    assert r.status_code == 400
    assert r.json()["error"] == "invalid JSON" and r.json()["reasons"]


def test_a_report_failing_the_schema_is_400_naming_the_field(service: Service) -> None:
    bad = make_report().to_dict() | {"priority": "normal"}  # theft is urgent
    r = requests.post(f"{service.url}/api/v1/reports", json=bad, headers=service.headers(),
                      timeout=30)
    assert r.status_code == 400
    assert r.json()["reasons"][0].startswith("priority:")


def test_schema_reasons_never_echo_personal_data(service: Service) -> None:
    bad = personal_report().to_dict()
    bad["reporter"]["nik"] = "31710115019000XX"
    r = requests.post(f"{service.url}/api/v1/reports", json=bad, headers=service.headers(),
                      timeout=30)
    assert r.status_code == 400
    assert "31710115019000XX" not in r.text


def test_nan_and_oversize_bodies_are_400(service: Service) -> None:
    text = make_report().to_json_bytes().replace(b'"lat":-6.1932', b'"lat":NaN')
    r = requests.post(f"{service.url}/api/v1/reports", data=text, headers=service.headers(),
                      timeout=30)
    assert r.status_code == 400
    r = requests.post(f"{service.url}/api/v1/reports", data=b" " * 70_000,
                      headers=service.headers(), timeout=30)
    assert r.status_code == 400 and "KiB" in r.json()["error"]


def test_an_idempotency_key_that_differs_from_the_id_is_400(service: Service) -> None:
    report = make_report()
    r = requests.post(f"{service.url}/api/v1/reports", data=report.to_json_bytes(),
                      headers=service.headers(key=make_report().id), timeout=30)
    assert r.status_code == 400
    assert service.store.report(report.id) is None


def test_a_missing_or_wrong_token_is_401_and_nothing_is_stored(service: Service) -> None:
    report = make_report()
    url = f"{service.url}/api/v1/reports"
    missing = requests.post(url, data=report.to_json_bytes(), timeout=30)
    wrong = requests.post(url, data=report.to_json_bytes(), timeout=30,
                          headers={"Authorization": "Bearer not-a-token"})
    basic = requests.post(url, data=report.to_json_bytes(), timeout=30,
                          headers={"Authorization": f"Basic {service.tokens['kiosk-a']}"})
    assert [missing.status_code, wrong.status_code, basic.status_code] == [401, 401, 401]
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert service.store.report(report.id) is None


def test_a_report_of_another_kiosk_is_422_for_that_item_alone(service: Service) -> None:
    # 401/403 mean "this token is refused" and hold the kiosk's whole queue; a body
    # naming another kiosk is a refusal of that one item (issue 11, item 5).
    report = make_report()  # kiosk-a's report
    r = service.post_report(report, kiosk_id="kiosk-b")
    assert r.status_code == 422
    assert r.json()["reasons"] == ["kiosk.id: this token belongs to kiosk 'kiosk-b'"]
    assert service.store.report(report.id) is None


def test_events_follow_the_same_rules(service: Service) -> None:
    url = f"{service.url}/api/v1/events"
    event = make_event()
    body = event.to_json_bytes()
    assert requests.post(url, data=body, headers=service.headers(), timeout=30).status_code == 201
    again = requests.post(url, data=body, headers=service.headers(), timeout=30)
    assert again.status_code == 202 and again.json()["id"] == event.id
    changed = event.to_dict() | {"type": "call.ended"}
    assert requests.post(url, json=changed, headers=service.headers(),
                         timeout=30).status_code == 422
    assert requests.post(url, data=b"[1,", headers=service.headers(),
                         timeout=30).status_code == 400
    assert requests.post(url, json=event.to_dict() | {"type": "Bad Type"},
                         headers=service.headers(), timeout=30).status_code == 400
    assert requests.post(url, data=body, timeout=30).status_code == 401
    other = make_event(KIOSK_B).to_json_bytes()
    assert requests.post(url, data=other, headers=service.headers("kiosk-a"),
                         timeout=30).status_code == 422


def heartbeat(kiosk_id: str = "kiosk-a") -> dict[str, object]:
    return {"kiosk_id": kiosk_id, "sent_at": "2026-11-23T10:00:00+07:00",
            "app_version": "0.1.0",
            "queue": {"pending": 3, "delivered": 10, "failed": 1, "oldest_pending_s": 42.5},
            "uplink": {"last_success": None, "last_error": "timeout"},
            "devices": [{"name": "printer", "level": "fail", "reason": "paper out",
                         "details": {"paper": "out"}, "checked_at": 1.0}]}


def test_a_heartbeat_is_recorded_and_answered_204(service: Service) -> None:
    url = f"{service.url}/api/v1/kiosks/kiosk-a/heartbeat"
    r = requests.post(url, json=heartbeat(), headers=service.headers(), timeout=30)
    assert r.status_code == 204
    kiosk = next(k for k in service.store.kiosks() if k.id == "kiosk-a")
    assert kiosk.heartbeat is not None and kiosk.heartbeat["queue"]["pending"] == 3


def test_heartbeat_refusals(service: Service) -> None:
    url = f"{service.url}/api/v1/kiosks/kiosk-a/heartbeat"
    assert requests.post(url, json=heartbeat(), timeout=30).status_code == 401
    assert requests.post(url, json=heartbeat(), headers=service.headers("kiosk-b"),
                         timeout=30).status_code == 403
    assert requests.post(url, data=b"{", headers=service.headers(),
                         timeout=30).status_code == 400
    bad = heartbeat() | {"queue": {"pending": "many"}}
    r = requests.post(url, json=bad, headers=service.headers(), timeout=30)
    assert r.status_code == 400 and r.json()["reasons"][0].startswith("queue.pending")
    assert requests.post(url, json=heartbeat("kiosk-b"), headers=service.headers(),
                         timeout=30).status_code == 400


def test_status_says_when_an_operator_has_acknowledged(service: Service) -> None:
    from command_center.model import Action
    report = make_report()
    service.post_report(report)
    url = f"{service.url}/api/v1/reports/{report.id}/status"
    before = requests.get(url, headers=service.headers(), timeout=30).json()
    assert before == {"id": report.id, "ticket": ticket_code(report.id), "status": "received",
                      "acknowledged": False, "updated_at": before["updated_at"]}
    service.store.act(report.id, Action.ACKNOWLEDGE, "siti")
    after = requests.get(url, headers=service.headers(), timeout=30).json()
    assert after["status"] == "acknowledged" and after["acknowledged"] is True


def test_status_needs_the_reports_own_kiosk(service: Service) -> None:
    report = make_report()
    service.post_report(report)
    url = f"{service.url}/api/v1/reports/{report.id}/status"
    assert requests.get(url, timeout=30).status_code == 401
    assert requests.get(url, headers=service.headers("kiosk-b"), timeout=30).status_code == 404
    unknown = f"{service.url}/api/v1/reports/{make_report().id}/status"
    assert requests.get(unknown, headers=service.headers(), timeout=30).status_code == 404


def test_the_stored_report_keeps_everything_the_kiosk_sent(service: Service) -> None:
    report = personal_report()
    service.post_report(report)
    stored = service.store.report(report.id)
    assert stored is not None
    # At rest the personal fields are encrypted (command_center.personal) ...
    assert "Budi" not in json.dumps(stored.body) and stored.body["reporter"] == {}
    assert stored.body["description"] == "" and "personal" in stored.body
    # ... and decrypted they are everything the kiosk sent.
    assert Report.from_dict(service.body(report.id)) == report
