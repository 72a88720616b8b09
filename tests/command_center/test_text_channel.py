"""The text channel and *Cek laporan* at the centre (issue 15): the kiosk endpoints,
the operator's conversation page, and what another kiosk can never see."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from wire.report import Event, KioskInfo
from wire.ticket import ticket_code

from .conftest import KIOSK_A, KIOSK_B, Service, make_report, running_service

SESSION = str(uuid.uuid4())


def post_event(svc: Service, type: str, data: dict[str, Any],
               kiosk: KioskInfo = KIOSK_A) -> None:
    event = Event.create(kiosk=kiosk, type=type, data=data)
    r = svc.session().post(f"{svc.url}/api/v1/events", data=event.to_json_bytes(),
                           headers=svc.headers(kiosk.id, event.id), timeout=30)
    assert r.status_code == 201, r.text


def assist_requested(svc: Service) -> None:
    """Kiosk A's caller in SESSION cannot speak or hear: the call is flagged."""
    post_event(svc, "call.assist_requested",
               {"session": SESSION, "number": "110", "station": KIOSK_A.station,
                "replies_shown": True})


def page_url(svc: Service, kiosk: str = "kiosk-a", session: str = SESSION) -> str:
    return f"{svc.url}/conversations/{kiosk}/{session}"


def reply(svc: Service, s: requests.Session, text: str, kiosk: str = "kiosk-a",
          session: str = SESSION) -> requests.Response:
    url = page_url(svc, kiosk, session)
    csrf = svc.csrf(s, url.removeprefix(svc.url))
    return s.post(f"{url}/reply", data={"csrf": csrf, "text": text}, timeout=30,
                  allow_redirects=False)


def messages(svc: Service, kiosk: str = "kiosk-a", after: Any = 0,
             token_of: str | None = None) -> requests.Response:
    return svc.session().get(f"{svc.url}/api/v1/kiosks/{kiosk}/messages",
                             params={"after": after},
                             headers=svc.headers(token_of or kiosk), timeout=30)


def ack(svc: Service, up_to: Any, kiosk: str = "kiosk-a",
        token_of: str | None = None) -> requests.Response:
    return svc.session().post(f"{svc.url}/api/v1/kiosks/{kiosk}/messages/ack",
                              json={"up_to": up_to}, headers=svc.headers(token_of or kiosk),
                              timeout=30)


def test_the_operator_sees_the_flag_and_answers_replies_and_sees_delivery(
        service: Service) -> None:
    assist_requested(service)
    post_event(service, "call.text", {"session": SESSION, "text": "Saya dalam bahaya",
                                      "language": "id", "phrase": "in_danger"})
    s = service.sign_in()
    listing = s.get(f"{service.url}/conversations", timeout=30).text
    assert f"/conversations/kiosk-a/{SESSION}" in listing
    page = s.get(page_url(service), timeout=30).text
    assert 'id="assist"' in page and "Saya dalam bahaya" in page and "in_danger" in page
    assert reply(service, s, "  Petugas   menuju anjungan Anda. ").status_code == 303
    page = s.get(page_url(service), timeout=30).text
    assert "Petugas menuju anjungan Anda." in page and "menunggu anjungan" in page
    got = messages(service).json()
    assert got["next_after"] == 1
    [m] = got["messages"]
    assert (m["seq"], m["session"], m["text"]) == (1, SESSION, "Petugas menuju anjungan Anda.")
    assert m["at"].endswith("+07:00")
    assert messages(service, after=1).json() == {"messages": [], "next_after": 1}
    assert ack(service, 1).json() == {"up_to": 1, "delivered": 1}
    page = s.get(page_url(service), timeout=30).text
    assert "sudah sampai di anjungan" in page and "menunggu anjungan" not in page
    audit = service.store.audit_log(5)
    assert audit[0][1:3] == ("siti", "conversation.reply")
    assert "Petugas" not in audit[0][3]   # who wrote to which session, never the words


@pytest.mark.parametrize("text", ["", "   ", "x" * 281, "ESC \x1b[2J", "abc\u202egnp.exe"])
def test_a_reply_that_breaks_the_text_rules_is_refused_and_nothing_is_stored(
        service: Service, text: str) -> None:
    s = service.sign_in()
    r = reply(service, s, text)
    assert r.status_code == 400 and 'id="reply-problem"' in r.text
    assert service.store.session_messages("kiosk-a", SESSION) == []


def test_a_reply_needs_the_sessions_csrf_token(service: Service) -> None:
    s = service.sign_in()
    r = s.post(f"{page_url(service)}/reply", data={"csrf": "forged", "text": "hai"},
               timeout=30, allow_redirects=False)
    assert r.status_code == 403
    anonymous = service.session().post(f"{page_url(service)}/reply",
                                       data={"text": "hai"}, timeout=30,
                                       allow_redirects=False)
    assert anonymous.status_code in (303, 401, 403)
    assert service.store.session_messages("kiosk-a", SESSION) == []


def test_a_kiosk_never_reads_or_acknowledges_another_kiosks_messages(
        service: Service) -> None:
    s = service.sign_in()
    assert reply(service, s, "untuk kios A").status_code == 303
    assert messages(service, "kiosk-a", token_of="kiosk-b").status_code == 403
    assert ack(service, 99, "kiosk-a", token_of="kiosk-b").status_code == 403
    assert messages(service, "kiosk-b").json() == {"messages": [], "next_after": 0}
    assert ack(service, 99, "kiosk-b").json()["delivered"] == 0
    [kept] = service.store.session_messages("kiosk-a", SESSION)
    assert not kept.delivered
    no_token = service.session().get(f"{service.url}/api/v1/kiosks/kiosk-a/messages",
                                     timeout=30)
    assert no_token.status_code == 401


@pytest.mark.parametrize("after", ["-1", "abc", "1e3", "99999999999999999999", "１"])
def test_a_cursor_that_is_not_a_whole_number_is_400(service: Service, after: str) -> None:
    assert messages(service, after=after).status_code == 400


@pytest.mark.parametrize("body", [b"", b"[]", b'{"up_to": "1"}', b'{"up_to": -1}',
                                  b'{"up_to": true}', b'{"up_to": 1.5}', b"{" * 40])
def test_an_ack_that_is_not_up_to_a_seq_is_400(service: Service, body: bytes) -> None:
    r = service.session().post(f"{service.url}/api/v1/kiosks/kiosk-a/messages/ack",
                               data=body, headers=service.headers("kiosk-a"), timeout=30)
    assert r.status_code == 400


def test_a_code_from_another_kiosk_answers_only_how_far_it_has_got(
        service: Service) -> None:
    secret = "Tas saya dicuri oleh pria berjaket merah"
    report = make_report(KIOSK_A, description=secret)
    assert service.post_report(report).status_code == 201
    code = ticket_code(report.id)
    r = service.session().get(f"{service.url}/api/v1/reports/by-code/{code.lower()}",
                              headers=service.headers("kiosk-b"), timeout=30)
    body = r.json()
    assert set(body) == {"code", "found", "category", "status", "updated_at"}
    assert (body["code"], body["found"], body["category"], body["status"]) == \
        (code, True, "theft", "received")
    assert secret not in r.text and "kiosk-a" not in r.text and report.id not in r.text
    unknown = service.session().get(f"{service.url}/api/v1/reports/by-code/KXKX-KXKX",
                                    headers=service.headers("kiosk-b"), timeout=30)
    assert unknown.json() == {"code": "KXKX-KXKX", "found": False}
    bad = service.session().get(f"{service.url}/api/v1/reports/by-code/not-a-code",
                                headers=service.headers("kiosk-b"), timeout=30)
    assert bad.status_code == 400


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[Service]:
    with running_service(tmp_path / "cc", lookup_per_kiosk_per_min=6.0) as svc:
        yield svc


def test_lookups_are_rate_limited_per_kiosk_with_retry_after(strict: Service) -> None:
    def ask(kiosk: str) -> requests.Response:
        return strict.session().get(f"{strict.url}/api/v1/reports/by-code/KXKX-KXKX",
                                    headers=strict.headers(kiosk), timeout=30)
    answers = [ask("kiosk-a") for _ in range(4)]
    assert [a.status_code for a in answers[:1]] == [200]
    limited = [a for a in answers if a.status_code == 429]
    assert limited and int(limited[0].headers["Retry-After"]) >= 1
    assert ask("kiosk-b").status_code == 200   # another kiosk has its own bucket
    assert KIOSK_B.id == "kiosk-b"


def test_another_kiosks_words_never_appear_on_a_sessions_page_even_with_its_session_id(
        service: Service) -> None:
    assist_requested(service)
    post_event(service, "call.text", {"session": SESSION, "text": "Kata dari kios B",
                                      "language": "id"}, kiosk=KIOSK_B)
    post_event(service, "call.text", {"session": str(uuid.uuid4()), "text": "Sesi lain",
                                      "language": "id"})
    s = service.sign_in()
    page = s.get(page_url(service), timeout=30).text
    assert 'id="assist"' in page
    assert "Kata dari kios B" not in page and "Sesi lain" not in page
    assert s.get(page_url(service, "kiosk-zz"), timeout=30).status_code == 404
    assert s.get(page_url(service, session="x" * 65), timeout=30).status_code == 404
