"""Class 1 of issue 14: one bad record must never break a shared page.

GIVEN hostile values written straight into every column a kiosk or an operator can
reach (bypassing the gate, as a future bug or a hand edit could), WHEN every page is
rendered, THEN none answers a 5xx, every record is still listed, the real open
emergency is still on the inbox's first page, and a damaged report can be closed.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

from command_center.db import DB_FILE
from command_center.model import Status
from wire.ticket import ticket_code

from .conftest import KIOSK_B, Service, make_report, start_service

HOSTILE: list[Any] = [
    None, "", "x" * 20_000, "\x1b[2J\x1b[31mESC", "\u202egnirts\u202c", "\x00nul",
    "<script>alert(1)</script>\"'&", b"\xff\xfe\x00binary", 1e308, -1, 2**62, 3.5,
    "0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59+14:00", "emergency", "received",
]
BODIES = ["not json", "[]", "5", '{"incident": 5, "reporter": [], "flags": 7, '
          '"lost_items": "phone", "description": {"a": 1}, "kiosk": "x"}',
          "[" * 3000 + "]" * 3000, '{"description": "\\ud800 lone", "incident": '
          '{"where": "\\udfff", "when": "0001-01-01T00:00:00+07:00"}}',
          '{"reporter": {"name": {"x": 1}, "nik": 5, "phone": ["1"]}}']
REPORT_COLUMNS = ("id", "ticket", "kiosk_id", "station", "lat", "lon", "category",
                  "priority", "language", "created_at", "received_at", "status",
                  "validity", "updated_at", "flags", "flood", "body")
HEARTBEATS = ["not json", "[1]", '{"devices": 5, "queue": "x", "app_version": {"a": 1}}',
              '{"devices": [{"name": "printer", "details": {"paper": ["out"]}}, 7], '
              '"queue": {"pending": 1e308, "failed": -5, "oldest_pending_s": "soon"}}']


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[tuple[Service, str, list[str]]]:
    server, service = start_service(tmp_path / "cc", inbox_page_size=40)
    try:
        real = make_report(KIOSK_B, category="fire", description="Api di peron")
        assert service.post_report(real, "kiosk-b").status_code == 201
        template = make_report()
        assert service.post_report(template).status_code == 201
        ids = _write_hostile_rows(tmp_path / "cc" / DB_FILE, template.id)
        yield service, real.id, ids
    finally:
        server.stop()
        service.store.close()


def _write_hostile_rows(db_path: Path, template_id: str) -> list[str]:
    """One report per (column, hostile value); returns their rowids' ids as stored."""
    db = sqlite3.connect(db_path, isolation_level=None)
    ids: list[str] = []
    values: list[tuple[str, Any]] = [(c, v) for c in REPORT_COLUMNS if c != "body"
                                     for v in HOSTILE] + [("body", b) for b in BODIES]
    for column, value in values:
        new_id = str(uuid.uuid4())
        db.execute("INSERT INTO reports SELECT ?, ticket, kiosk_id, station, lat, lon, "
                   "category, priority, language, created_at, created_ts, received_at, "
                   "body_sha256, body, status, validity, updated_at, flags, flood "
                   "FROM reports WHERE id=?", (new_id, template_id))
        try:
            db.execute(f"UPDATE reports SET {column}=? WHERE id=?", (value, new_id))
        except sqlite3.IntegrityError:   # NOT NULL: no engine can store it anyway
            db.execute("DELETE FROM reports WHERE id=?", (new_id,))
            continue
        ids.append(new_id if column != "id" else str(value))
    # Not valid UTF-8 in a TEXT column: the default decoder fails the whole query.
    bad_utf8 = str(uuid.uuid4())
    db.execute("INSERT INTO reports SELECT ?, ticket, kiosk_id, CAST(x'ff41fe' AS TEXT), lat, "
               "lon, category, 'emergency', language, created_at, created_ts, received_at, "
               "body_sha256, CAST(x'7b22ff' AS TEXT), 'received', validity, updated_at, "
               "flags, flood FROM reports WHERE id=?", (bad_utf8, template_id))
    ids.append(bad_utf8)
    # The fleet board: a station with a control character, odd heartbeats, a history
    # and events with hostile values.
    db.execute("UPDATE kiosks SET station=?, lat='north', lon=NULL WHERE id='kiosk-a'",
               ("Stasiun\x1b[31m\u202e",))
    for n, beat in enumerate(HEARTBEATS):
        db.execute("INSERT INTO kiosks (id, token_hash, registered_at, last_heartbeat_at, "
                   "heartbeat, station, lat, lon) VALUES (?,?,?,?,?,?,?,?)",
                   (f"odd-{n}", f"hash-{n}", "yesterday", b"\xff", beat, "x" * 5000, 1e308,
                    "west"))
    for column, value in (("action", "teleport"), ("status", "lost"), ("at", "noon"),
                          ("operator", "\u202eop"), ("note", "\x1b]0;title\x07")):
        db.execute("INSERT INTO report_changes (report_id, at, operator, action, status, "
                   "validity, note) VALUES (?, 1.0, 'siti', 'acknowledge', 'acknowledged', "
                   "'unknown', '')", (template_id,))
        db.execute(f"UPDATE report_changes SET {column}=? WHERE seq=last_insert_rowid()",
                   (value,))
    db.execute("INSERT INTO events (id, kiosk_id, type, priority, created_at, received_at, "
               "body_sha256, body) VALUES ('e1', 'kiosk-a', 'maintenance.lockout', 'x', "
               "'0001', 'soon', '', '{]')")
    db.close()
    return ids


def _get(session: requests.Session, url: str) -> requests.Response:
    r = session.get(url, timeout=60, allow_redirects=False)
    assert r.status_code < 500, (url, r.status_code, r.text[:300])
    return r


def test_every_page_renders_whatever_is_stored(hostile: tuple[Service, str, list[str]]
                                               ) -> None:
    service, real_id, ids = hostile
    s = service.sign_in()
    first = _get(s, f"{service.url}/inbox")
    assert first.status_code == 200
    # The real open emergency is not pushed off the first page by the damaged rows.
    assert f'data-id="{real_id}"' in first.text
    listed, page = "", 1
    while True:
        r = _get(s, f"{service.url}/inbox?page={page}&refresh=0")
        listed += r.text
        if "Lebih lama →" not in r.text:   # "Older →"
            break
        page += 1
    rows = listed.count("data-id=") + listed.count('<tr class="damaged">')
    assert rows == len(ids) + 2, "a stored row disappeared from every inbox page"
    assert _get(s, f"{service.url}/inbox?only_open=1").status_code == 200
    for report_id in ids:
        r = _get(s, f"{service.url}/reports/{quote(report_id, safe='')}")
        # 431: an id of 20,000 characters makes a URL longer than any request may be.
        assert r.status_code in (200, 404) or (r.status_code == 431 and len(report_id) > 8000)
    for path in ("/fleet", "/export", "/export.csv", "/export.geojson", "/inbox/live",
                 "/inbox/live?page=2&only_open=1"):
        assert _get(s, f"{service.url}{path}").status_code == 200
    # In English too: the other catalogue renders the same stored values.
    s.cookies.set("cc_lang", "en")
    english = _get(s, f"{service.url}/inbox/live")
    assert english.status_code == 200 and f'data-id="{real_id}"' in english.text
    personal = s.post(f"{service.url}/export/personal", timeout=60, data={
        "csrf": service.csrf(s, "/export"), "reason": "audit of damaged rows"})
    assert personal.status_code == 200
    tickets = {row.ticket for row in service.store.all_reports() if len(row.ticket) < 8000}
    for ticket in list(tickets)[:40]:
        assert _get(requests.Session(), f"{service.url}/t/{quote(ticket)}"
                    ).status_code in (200, 404, 429)


def test_a_damaged_report_can_still_be_worked_to_its_end(
        hostile: tuple[Service, str, list[str]]) -> None:
    service, _, ids = hostile
    s = service.sign_in()
    for report_id in ids[-8:]:   # the bodies that are not JSON objects, and bad UTF-8
        page = f"/reports/{report_id}"
        html = _get(s, f"{service.url}{page}").text
        assert 'value="close"' in html, report_id
        r = s.post(f"{service.url}{page}/action", timeout=60,
                   data={"action": "close", "csrf": service.csrf(s, page)})
        assert r.status_code == 200
        stored = service.store.report(report_id)
        assert stored is not None and stored.status is Status.CLOSED


def test_the_audits_examples_year_one_and_a_control_character_in_a_station(
        tmp_path: Path) -> None:
    server, service = start_service(tmp_path / "cc")
    try:
        report = make_report(category="fire")
        service.post_report(report)
        db = sqlite3.connect(tmp_path / "cc" / DB_FILE, isolation_level=None)
        db.execute("UPDATE reports SET created_at='0001-01-01T00:00:00+07:00', "
                   "created_ts=-62135596800")
        # The kiosk's station, as reports name it and as it is registered.
        db.execute("UPDATE reports SET station='Halte\x1b[5m'")
        db.execute("UPDATE kiosks SET station='Halte\x1b[5m'")
        db.close()
        s = service.sign_in()
        for path in ("/inbox", f"/reports/{report.id}", f"/t/{ticket_code(report.id)}",
                     "/fleet"):
            r = s.get(f"{service.url}{path}", timeout=30)
            assert r.status_code == 200, path
    finally:
        server.stop()
        service.store.close()
