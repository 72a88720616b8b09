"""The operator inbox over real HTTP: sign-in, sessions, CSRF, the 110 flow, exports."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import requests

from command_center.model import Action, Status, Validity

from .conftest import OPERATOR, OPERATOR_PASSWORD, Service, make_report, personal_report

PERSONAL = ("Budi Santoso", "6281234567890", "081234567890", "3171011501900003")


def test_every_inbox_page_needs_a_signed_in_operator(service: Service) -> None:
    for path in ("/inbox", "/fleet", "/export", "/export.csv", "/export.geojson",
                 "/reports/x"):
        r = requests.get(f"{service.url}{path}", allow_redirects=False, timeout=30)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next=")
    r = requests.post(f"{service.url}/reports/x/action", data={"action": "close"},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 303


def test_sign_in_sets_a_signed_httponly_strict_cookie(service: Service) -> None:
    s = requests.Session()
    r = s.post(f"{service.url}/login", timeout=30, allow_redirects=False,
               data={"username": OPERATOR, "password": OPERATOR_PASSWORD, "next": "/fleet"})
    assert r.status_code == 303 and r.headers["location"] == "/fleet"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert s.get(f"{service.url}/fleet", timeout=30).status_code == 200
    # A tampered cookie is no session.
    value = s.cookies["cc_session"]
    s.cookies.set("cc_session", value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    r = s.get(f"{service.url}/inbox", allow_redirects=False, timeout=30)
    assert r.status_code == 303


def test_sign_in_never_redirects_to_another_site(service: Service) -> None:
    r = requests.post(f"{service.url}/login", allow_redirects=False, timeout=30,
                      data={"username": OPERATOR, "password": OPERATOR_PASSWORD,
                            "next": "//evil.example/x"})
    assert r.headers["location"] == "/inbox"


def test_wrong_passwords_are_refused_then_slowed_down(service: Service) -> None:
    url = f"{service.url}/login"
    codes = [requests.post(url, data={"username": OPERATOR, "password": "nope"},
                           timeout=30).status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    # The fourth attempt, even with the right password, must wait.
    r = requests.post(url, data={"username": OPERATOR, "password": OPERATOR_PASSWORD},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) >= 1
    assert "Coba lagi" in r.text   # "Try again": Indonesian first


def test_unknown_users_get_the_same_answer_as_wrong_passwords(service: Service) -> None:
    r = requests.post(f"{service.url}/login", data={"username": "nobody", "password": "x"},
                      timeout=30)
    assert r.status_code == 401 and "Nama pengguna atau kata sandi salah" in r.text


def test_a_sign_in_posted_from_another_site_is_refused(service: Service) -> None:
    r = requests.post(f"{service.url}/login", allow_redirects=False, timeout=30,
                      headers={"Origin": "https://evil.example"},
                      data={"username": OPERATOR, "password": OPERATOR_PASSWORD})
    assert r.status_code == 403 and "set-cookie" not in r.headers


def test_the_inbox_lists_open_emergencies_first_then_newest(service: Service) -> None:
    now = datetime.now(UTC)
    old_fire = make_report(category="fire", now=now - timedelta(minutes=10))
    theft = make_report(category="theft", now=now - timedelta(minutes=5))
    info = make_report(category="information", now=now)
    for report in (old_fire, theft, info):
        assert service.post_report(report).status_code == 201
    s = service.sign_in()
    html = s.get(f"{service.url}/inbox", timeout=30).text
    positions = [html.index(r.id) for r in (old_fire, info, theft)]
    assert positions == sorted(positions)
    assert 'http-equiv="refresh"' in html
    assert "Budi" not in html


def test_an_operator_works_a_report_through_the_110_flow(service: Service) -> None:
    report = personal_report()
    service.post_report(report)
    s = service.sign_in()
    page = f"/reports/{report.id}"
    detail = s.get(f"{service.url}{page}", timeout=30).text
    for value in ("Budi Santoso", "MRT Bundaran HI", "-6.19320",
                  "openstreetmap.org/?mlat=-6.1932", "Tas saya dicuri"):
        assert value in detail
    # The NIK is masked (everywhere on the page, the raw JSON too) until asked for,
    # and asking is recorded.
    assert "3171011501900003" not in detail and "0003" in detail
    shown = s.post(f"{service.url}{page}/nik", data={"csrf": service.csrf(s, page)},
                   timeout=30)
    assert shown.status_code == 200 and "3171011501900003" in shown.text
    assert service.store.audit_log(5)[0][1:3] == ("siti", "report.nik_shown")
    refused = s.post(f"{service.url}{page}/nik", data={"csrf": "wrong"}, timeout=30)
    assert refused.status_code == 403 and "3171011501900003" not in refused.text
    for action in ("mark_valid", "acknowledge", "dispatch", "close"):
        r = s.post(f"{service.url}{page}/action", timeout=30,
                   data={"action": action, "csrf": service.csrf(s, page), "note": action})
        assert r.status_code == 200 and r.url.endswith(page)
    stored = service.store.report(report.id)
    assert stored is not None
    assert (stored.status, stored.validity) == (Status.CLOSED, Validity.VALID)
    history = service.store.changes(report.id)
    assert [str(c.action) for c in history] == ["mark_valid", "acknowledge", "dispatch",
                                                  "close"]
    assert all(c.operator == OPERATOR and c.at > 0 for c in history)


def test_an_action_the_flow_forbids_is_409_and_changes_nothing(service: Service) -> None:
    report = make_report()
    service.post_report(report)
    service.store.act(report.id, Action.CLOSE, "x")
    s = service.sign_in()
    page = f"/reports/{report.id}"
    r = s.post(f"{service.url}{page}/action", timeout=30,
               data={"action": "dispatch", "csrf": service.csrf(s, "/inbox")})
    assert r.status_code == 409
    assert len(service.store.changes(report.id)) == 1


def test_a_form_without_the_sessions_csrf_token_is_refused(service: Service) -> None:
    report = make_report()
    service.post_report(report)
    s = service.sign_in()
    for data in ({"action": "acknowledge"}, {"action": "acknowledge", "csrf": "forged"}):
        r = s.post(f"{service.url}/reports/{report.id}/action", data=data, timeout=30)
        assert r.status_code == 403
    stored = service.store.report(report.id)
    assert stored is not None and stored.status is Status.RECEIVED


def test_marking_a_prank_shows_as_invalid(service: Service) -> None:
    report = make_report()
    service.post_report(report)
    s = service.sign_in()
    page = f"/reports/{report.id}"
    unconfirmed = s.post(f"{service.url}{page}/action", timeout=30,
                         data={"action": "mark_invalid", "csrf": service.csrf(s, page)})
    assert unconfirmed.status_code == 400   # a prank is never one click away
    stored = service.store.report(report.id)
    assert stored is not None and stored.status is Status.RECEIVED
    s.post(f"{service.url}{page}/action", timeout=30,
           data={"action": "mark_invalid", "confirm": "prank", "csrf": service.csrf(s, page)})
    stored = service.store.report(report.id)
    assert stored is not None and stored.status is Status.INVALID


def test_the_public_ticket_page_shows_status_but_no_personal_data(service: Service) -> None:
    report = personal_report()
    status_url = service.post_report(report).json()["status_url"]
    r = requests.get(status_url, timeout=30)
    assert r.status_code == 200
    assert "Received, waiting for an operator" in r.text
    for value in (*PERSONAL, report.description):
        assert value not in r.text
    lower = status_url.rsplit("/", 1)[0] + "/" + status_url.rsplit("/", 1)[1].lower()
    assert requests.get(lower, timeout=30).status_code == 200
    assert requests.get(f"{service.url}/t/AAAA-AAAA", timeout=30).status_code == 404
    assert requests.get(f"{service.url}/t/not-a-code", timeout=30).status_code == 404


def test_exports_leave_out_personal_data_unless_asked(service: Service) -> None:
    report = personal_report()
    service.post_report(report)
    s = service.sign_in()
    plain_csv = s.get(f"{service.url}/export.csv", timeout=30).text
    plain_geo = s.get(f"{service.url}/export.geojson", timeout=30).text
    for text in (plain_csv, plain_geo):
        assert report.id in text
        for value in (*PERSONAL, report.description):
            assert value not in text
    rows = list(csv.DictReader(io.StringIO(plain_csv)))
    assert rows[0]["station"] == "MRT Bundaran HI" and rows[0]["category"] == "theft"
    feature = json.loads(plain_geo)["features"][0]
    assert feature["geometry"]["coordinates"] == [106.8230, -6.1932]
    full = s.post(f"{service.url}/export/personal", timeout=30, data={
        "csrf": service.csrf(s, "/export"), "reason": "case 110/2026/17", "format": "csv"}).text
    assert "Budi Santoso" in full and "3171011501900003" in full and "Peron 2" in full


def test_pages_load_nothing_from_elsewhere(service: Service) -> None:
    service.post_report(make_report())
    s = service.sign_in()
    r = s.get(f"{service.url}/inbox", timeout=30)
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["Cache-Control"] == "no-store"
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
    for tag in ("src=\"http", "href=\"http", "<script>", "onclick", "javascript:"):
        assert tag not in r.text
    # The one script is the centre's own file; nothing inline.
    assert re.findall(r"<script[^>]*>", r.text) == ['<script src="/static/live.js" defer>']
