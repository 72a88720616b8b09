"""Class 5 of issue 14: a kiosk token is trusted only as far as its kiosk.

A token binds the kiosk's id *and* its registered place: a report claiming another
place is flagged and shown at the registered one (the fleet board too). A token has a
rate and a storage quota, answered 429 + Retry-After (which the kiosk's uploader
honours: checked against its own `classify`); event data is bounded by the gate.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from command_center.flags import Flag
from offline_queue.delivery import Verdict, classify
from wire.report import Event, KioskInfo

from .conftest import KIOSK_A, KIOSK_B, Service, make_event, make_report, start_service


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[Service]:
    server, svc = start_service(tmp_path / "cc", kiosk_rate_per_s=2.0, kiosk_burst=5,
                                kiosk_quota_mib=0.02)   # ~20 KB a day
    yield svc
    server.stop()
    svc.store.close()


def test_a_report_from_another_place_is_flagged_and_shown_at_the_registered_one(
        service: Service) -> None:
    elsewhere = KioskInfo(KIOSK_A.id, KIOSK_B.station, KIOSK_B.lat, KIOSK_B.lon)
    report = make_report(elsewhere, category="fire")
    assert service.post_report(report).status_code == 201
    stored = service.store.report(report.id)
    assert stored is not None and Flag.PLACE_MISMATCH in stored.flags
    assert (stored.station, stored.lat, stored.lon) == (KIOSK_A.station, KIOSK_A.lat,
                                                        KIOSK_A.lon)
    s = service.sign_in()
    detail = s.get(f"{service.url}/reports/{report.id}", timeout=30).text
    assert "Menurut anjungan" in detail and KIOSK_B.station in detail
    fleet = s.get(f"{service.url}/fleet", timeout=30).text
    row = fleet[fleet.index('data-kiosk="kiosk-a"'):]
    row = row[:row.index("</tr>")]
    assert KIOSK_A.station in row and KIOSK_B.station not in row   # not relabelled
    # A few metres off (GPS, a config typo in the last digit) is not a mismatch.
    near = KioskInfo(KIOSK_A.id, KIOSK_A.station, KIOSK_A.lat + 0.0003, KIOSK_A.lon)
    close_by = make_report(near)
    service.post_report(close_by)
    stored = service.store.report(close_by.id)
    assert stored is not None and stored.flags == ()


def test_a_token_over_its_rate_gets_429_with_retry_after(strict: Service) -> None:
    codes, answers = [], []
    for _ in range(12):
        r = strict.post_report(make_report())
        codes.append(r.status_code)
        answers.append(r)
    assert codes[:5] == [201] * 5 and 429 in codes[5:]
    refused = next(r for r in answers if r.status_code == 429)
    assert int(refused.headers["Retry-After"]) >= 1
    # The kiosk's uploader reads this as "retry after", never as a dead letter.
    outcome = classify("x", 429, refused.headers, refused.content, time.time())
    assert outcome.verdict is Verdict.BUSY and outcome.retry_after_s is not None
    # Another kiosk is not slowed by it.
    assert strict.post_report(make_report(KIOSK_B), "kiosk-b").status_code == 201


def test_a_kiosk_over_its_storage_quota_is_told_to_retry_later(strict: Service) -> None:
    url = f"{strict.url}/api/v1/events"
    big = {f"k{n}": "x" * 110 for n in range(32)}   # ~4 KB, the most the gate takes
    codes = []
    for _ in range(8):
        event = Event.create(kiosk=KIOSK_A, type="maintenance.test_print", data=big)
        r = requests.post(url, data=event.to_json_bytes(), headers=strict.headers(),
                          timeout=30)
        codes.append(r.status_code)
        if r.status_code == 429:
            assert "quota" in r.json()["error"] and int(r.headers["Retry-After"]) >= 1
            break
        time.sleep(0.6)   # stay within the rate: this is about the quota
    assert codes[-1] == 429 and codes.count(201) <= 5
    assert strict.store.usage_bytes(KIOSK_A.id, 0) <= 0.02 * 1024 * 1024
    other = make_event(KIOSK_B)
    assert requests.post(url, data=other.to_json_bytes(), headers=strict.headers("kiosk-b"),
                         timeout=30).status_code == 201


def test_event_data_and_type_are_bounded(service: Service) -> None:
    url = f"{service.url}/api/v1/events"
    good = make_event().to_dict()
    for bad in ({"data": {"blob": "x" * 5000}}, {"data": {f"k{n}": n for n in range(40)}},
                {"data": {"nested": {"esc": "\x1b[2J"}}}, {"type": "a." + "b" * 70_000},
                {"type": "call.started", "data": {"\u202ekey": 1}}):
        r = requests.post(url, json=good | bad, headers=service.headers(), timeout=30)
        assert r.status_code == 400, bad.keys()


def test_another_kiosks_item_is_refused_alone_not_as_a_token_problem(
        service: Service) -> None:
    r = service.post_report(make_report(KIOSK_B), "kiosk-a")
    assert r.status_code == 422
    outcome = classify("x", r.status_code, r.headers, r.content, time.time())
    assert outcome.verdict is Verdict.FAILED   # this item only; the queue goes on
    assert service.post_report(make_report(KIOSK_A)).status_code == 201
