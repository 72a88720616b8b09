"""Class 7 of issue 14, the smaller findings, each as a class: control and bidi
characters in every free-text field, layouts that long values cannot break, security
headers on every response, no trust in the Host header, spreadsheet-safe CSV, and a
public ticket page that cannot be enumerated.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from command_center.exports import FORMULA_START, csv_cell
from command_center.model import Place
from command_center.settings import Settings
from wire.report import Event, Incident, KioskInfo, Reporter
from wire.ticket import ALPHABET, LENGTH

from .conftest import KIOSK_A, Fronted, Service, make_report, start_service
from .test_attack_sessions import from_address

CHROMIUM = Path("/usr/bin/chromium")
HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy",
           "x-frame-options", "cache-control")


@pytest.mark.parametrize("bad", ["\x1b[31m", "\u202e", "\u2066", "\x00", "\x9b", "\ud800"])
def test_control_and_bidi_characters_are_refused_in_every_free_text_field(
        service: Service, bad: str) -> None:
    body = make_report().to_dict()
    variants = [body | {"description": f"a{bad}b"},
                body | {"incident": {"where": f"a{bad}b", "when": "now"}},
                body | {"incident": {"where": "at_kiosk", "when": f"now{bad}"}},
                body | {"reporter": {"name": f"Budi{bad}"}},
                body | {"kiosk": body["kiosk"] | {"station": f"MRT{bad}"}}]
    event = Event.create(kiosk=KIOSK_A, type="call.started").to_dict()
    for data in [*variants, event | {"data": {"note": f"x{bad}"}}]:
        url = f"{service.url}/api/v1/{'events' if 'type' in data else 'reports'}"
        payload = json.dumps(data, ensure_ascii=True).encode()
        r = requests.post(url, data=payload, headers=service.headers(), timeout=30)
        assert r.status_code == 400, (bad, r.text)


def test_security_headers_are_on_every_response(service: Service) -> None:
    report = make_report()
    answers = [service.post_report(report),                                   # 201 JSON
               requests.post(f"{service.url}/api/v1/reports", timeout=30),    # 401
               requests.get(f"{service.url}/nowhere", timeout=30),            # 404
               requests.put(f"{service.url}/inbox", timeout=30),              # 405
               requests.get(f"{service.url}/inbox", allow_redirects=False, timeout=30),
               requests.get(f"{service.url}/static/cc.css", timeout=30),
               requests.get(f"{service.url}/openapi.json", timeout=30),
               requests.get(f"{service.url}/t/{report.id[:8]}", timeout=30),
               requests.post(f"{service.url}/api/v1/kiosks/kiosk-a/heartbeat", data=b"{",
                             headers=service.headers(), timeout=30)]
    for r in answers:
        missing = [h for h in HEADERS if h not in r.headers]
        assert not missing, (r.request.method, r.url, r.status_code, missing)


def test_the_front_adds_hsts_and_keeps_the_applications_headers(fronted: Fronted) -> None:
    r = fronted.service.session().get(f"{fronted.service.url}/login", timeout=30)
    assert r.headers["strict-transport-security"].startswith("max-age=")
    assert all(h in r.headers for h in HEADERS)


def test_the_host_header_is_never_believed(service: Service, fronted: Fronted) -> None:
    report = make_report()
    r = requests.post(f"{service.url}/api/v1/reports", data=report.to_json_bytes(),
                      headers=service.headers() | {"Host": "evil.example"}, timeout=30)
    assert r.json()["status_url"].startswith(service.url + "/t/")
    other = make_report()
    r = fronted.service.session().post(
        f"{fronted.service.url}/api/v1/reports", data=other.to_json_bytes(), timeout=30,
        headers=fronted.service.headers() | {"Host": "evil.example"})
    assert r.json()["status_url"].startswith(fronted.front.url + "/t/")
    # A sign-in posted from "evil.example" is refused even when Host agrees with it.
    r = requests.post(f"{service.url}/login", allow_redirects=False, timeout=30,
                      headers={"Host": "evil.example", "Origin": "http://evil.example"},
                      data={"username": "siti", "password": "x"})
    assert r.status_code == 403


def test_no_cell_a_spreadsheet_would_run_as_a_formula(service: Service) -> None:
    starts = [*FORMULA_START, "=", "\t=", " =", "\n=", "＝", "＋", "－", "＠"]
    for start in starts:
        assert str(csv_cell(f"{start}HYPERLINK(\"http://x\")")).startswith("'"), repr(start)
    assert csv_cell("Peron 2") == "Peron 2" and csv_cell(-6.19) == -6.19
    texts = [f"{s}cmd|' /C calc'!A0" for s in ("=", "+", "-", "@", " ", "\t", "\n=", "＝",
                                               "＠")]
    for text in texts:
        service.post_report(make_report(description=text))
    s = service.sign_in()
    body = s.post(f"{service.url}/export/personal", timeout=30, data={
        "csrf": service.csrf(s, "/export"), "reason": "formula check"}).text
    cells = [row["description"] for row in csv.DictReader(io.StringIO(body))]
    assert len(cells) == len(texts) and all(c.startswith("'") for c in cells), cells


def test_the_public_ticket_page_is_rate_limited_per_address_and_in_total(
        tmp_path: Path) -> None:
    server, service = start_service(tmp_path / "cc", ticket_global_per_s=1.0)
    try:
        url = f"{service.url}/t/AAAA-AAAA"
        codes = [requests.get(url, timeout=30).status_code for _ in range(12)]
        assert codes[:5] == [404] * 5 and codes[-1] == 429
        limited = requests.get(url, timeout=30)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        # Many addresses together are held to the global rate.
        others = [from_address(service, f"127.0.0.{n}").get(url, timeout=30).status_code
                  for n in range(10, 30)]
        assert others.count(429) >= 10
    finally:
        server.stop()
        service.store.close()
    # With the defaults, 100,000 valid codes among 22^8 take hours to hit, not minutes.
    hours = len(ALPHABET) ** LENGTH / 100_000 / Settings(Path()).ticket_global_per_s / 3600
    assert hours > 10


# -- long values in a real browser -------------------------------------------------------


@pytest.fixture
def long_values(tmp_path: Path) -> Iterator[Service]:
    server, service = start_service(tmp_path / "cc")
    long_station = "Stasiun" + "X" * 113
    service.store.set_kiosk_place("kiosk-a", Place(long_station, KIOSK_A.lat, KIOSK_A.lon))
    kiosk = KioskInfo("kiosk-a", long_station, KIOSK_A.lat, KIOSK_A.lon)
    word = "W" * 2000
    report = make_report(kiosk, category="fire", description=word,
                         incident=Incident("P" * 200, "now"), reporter=Reporter("N" * 100))
    service.post_report(report)
    beat = {"kiosk_id": "kiosk-a", "app_version": "v" * 40,
            "uplink": {"last_error": "E" * 5000},
            "devices": [{"name": "printer", "level": "fail", "reason": "R" * 200,
                         "details": {"paper": "Q" * 290}},
                        {"name": "modem", "level": "ok", "details": {"signal": "S" * 290}}]}
    requests.post(f"{service.url}/api/v1/kiosks/kiosk-a/heartbeat", json=beat,
                  headers=service.headers(), timeout=30).raise_for_status()
    service.report_id = report.id  # type: ignore[attr-defined]
    yield service
    server.stop()
    service.store.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_long_unbroken_values_never_push_a_page_wider_than_the_screen(
        long_values: Service, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from .test_browser import ARGS
    service = long_values
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.context.add_cookies([{"name": "cc_session", "url": service.url,
                                   "value": _session_cookie(service)}])
        for path in ("/inbox?refresh=0", f"/reports/{service.report_id}",  # type: ignore[attr-defined]
                     "/fleet"):
            page.goto(service.url + path)
            page.screenshot(path=str(tmp_path / f"{path.strip('/').split('?')[0][:7]}.png"),
                            full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 1280, (path, width)
        browser.close()


def _session_cookie(service: Service) -> str:
    return str(service.sign_in().cookies["cc_session"])
