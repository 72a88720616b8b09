"""Class 6 of issue 14: personal data only where it must be.

The free-text "where" counts as personal (people type names, NIKs and phone numbers
into it): out of the default exports, never quoted in a refusal. The database is
private to the service's user. The export with personal data is a POST with the
session's CSRF token and a reason, never reachable through a sign-in's `next`. Token-
like query parameters never reach a log: neither the application's access log nor
the front's.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
import requests

from command_center.db import DB_FILE
from command_center.sqlite import SqliteStore
from wire.report import Incident, Reporter

from .conftest import OPERATOR, OPERATOR_PASSWORD, Fronted, Service, make_report, start_service

NIK, PHONE = "3171011501900003", "081234567890"
WHERE = f"Peron 2, dekat Budi Santoso NIK {NIK} HP {PHONE}"


def test_the_default_exports_leave_out_the_free_text_where(service: Service) -> None:
    report = make_report(incident=Incident(WHERE, "now"),
                         reporter=Reporter("Budi Santoso", PHONE, NIK))
    service.post_report(report)
    s = service.sign_in()
    for path in ("/export.csv", "/export.geojson"):
        text = s.get(f"{service.url}{path}", timeout=30).text
        assert report.id in text
        for value in ("Peron 2", "Budi", NIK, PHONE, "6281234567890"):
            assert value not in text, (path, value)


def test_refusals_never_quote_what_a_person_typed(service: Service) -> None:
    body = make_report().to_dict()
    for where in (WHERE + "x" * 300, WHERE + "\x1b", {"text": WHERE}, [WHERE]):
        bad = body | {"incident": {"where": where, "when": "now"}}
        r = requests.post(f"{service.url}/api/v1/reports", json=bad,
                          headers=service.headers(), timeout=30)
        assert r.status_code == 400
        for value in (NIK, PHONE, "Budi"):
            assert value not in r.text, where
    for field, value in (("description", WHERE + "\u202e"), ("description", WHERE * 40)):
        r = requests.post(f"{service.url}/api/v1/reports", json=body | {field: value},
                          headers=service.headers(), timeout=30)
        assert r.status_code == 400 and NIK not in r.text


def test_the_database_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        data = tmp_path / "cc"
        server, service = start_service(data)
        try:
            service.post_report(make_report())
        finally:
            server.stop()
            service.store.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = [p for p in data.iterdir() if p.name.startswith(DB_FILE)]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files), \
        [(p.name, oct(p.stat().st_mode)) for p in files]
    # An existing data dir readable by others is tightened when opened.
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)
    SqliteStore(loose).close()
    assert stat.S_IMODE(loose.stat().st_mode) & 0o007 == 0


def test_a_sign_in_link_never_leads_to_the_personal_export(service: Service) -> None:
    service.post_report(make_report(reporter=Reporter("Budi Santoso", PHONE, NIK)))
    s = service.session()
    for target in ("/export.csv?include_personal=1", "/export/personal", "//evil.example/",
                   "/export.geojson?include_personal=1", "https://evil.example/inbox"):
        r = s.post(f"{service.url}/login", timeout=30, allow_redirects=False, data={
            "username": OPERATOR, "password": OPERATOR_PASSWORD, "next": target})
        assert r.status_code == 303 and r.headers["location"] == "/inbox", target
    # A GET with the old parameter gives no personal data either.
    r = s.get(f"{service.url}/export.csv?include_personal=1", timeout=30)
    assert NIK not in r.text and "halaman Ekspor" in r.text   # Indonesian first


def test_the_personal_export_needs_the_csrf_token_and_a_reason(
        service: Service, caplog: pytest.LogCaptureFixture) -> None:
    service.post_report(make_report(reporter=Reporter("Budi Santoso", PHONE, NIK)))
    s = service.sign_in()
    url = f"{service.url}/export/personal"
    assert s.post(url, data={"reason": "case 17/2026"}, timeout=30).status_code == 403
    csrf = service.csrf(s, "/export")
    assert s.post(url, data={"csrf": csrf, "reason": ""}, timeout=30).status_code == 400
    with caplog.at_level(logging.INFO):
        r = s.post(url, data={"csrf": csrf, "reason": f"case 17/2026, NIK {NIK}"},
                   timeout=30)
    assert r.status_code == 200 and NIK in r.text
    audit = service.store.audit_log()
    assert audit and audit[0][1] == OPERATOR and "case 17/2026" in audit[0][3]
    assert "case 17/2026" in s.get(f"{service.url}/export", timeout=30).text
    from wire.logs import JsonFormatter
    lines = [JsonFormatter().format(r) for r in caplog.records
             if r.getMessage() == "reports.exported"]
    assert lines and OPERATOR in lines[0] and '"include_personal": true' in lines[0]
    assert all("case 17" not in line and NIK not in line for line in lines)


def test_tokens_in_query_strings_never_reach_a_log(
        tmp_path: Path, fronted: Fronted, caplog: pytest.LogCaptureFixture) -> None:
    secret = "s3cr3t-t0ken-value"
    fronted.service.session().get(
        f"{fronted.service.url}/inbox?access_token={secret}&page=2", timeout=30)
    log = fronted.front.access_log.read_text()
    assert "/inbox" in log and secret not in log
    server, service = start_service(tmp_path / "direct", access_log=True)
    try:
        with caplog.at_level(logging.INFO, logger="uvicorn.access"):
            requests.get(f"{service.url}/t/AAAA-AAAA?token={secret}&page=2&next=/x",
                         timeout=30)
            requests.get(f"{service.url}/api/v1/reports/x/status?access_token={secret}",
                         timeout=30)
        lines = sorted({r.getMessage() for r in caplog.records if r.name == "uvicorn.access"
                        and ("/t/" in r.getMessage() or "/status" in r.getMessage())})
        assert len(lines) == 2 and all(secret not in line for line in lines)
        ticket = next(line for line in lines if "/t/" in line)
        assert "page=2" in ticket and "token=***" in ticket
    finally:
        server.stop()
        service.store.close()
