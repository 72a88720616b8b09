"""Issue 15, end to end: a caller who cannot speak or hear talks to an operator in text,
and *Cek laporan* at one kiosk answers a code filed at another — a real centre, the
real uploader loop, the real outbox file, the kiosk's real flow."""

from __future__ import annotations

from pathlib import Path

import requests

from command_center.model import Action
from core.conversation import ASSIST_REQUESTED, TEXT_SENT, Sender
from core.flow import LookupState
from core.lookup import Progress
from core.ports import CallPhase, CallStatus
from tests.command_center.conftest import KIOSK_B, Service, make_report
from tests.kiosk.flow_support import KIOSK
from wire.status import OperatorStatus
from wire.ticket import ticket_code

from .support import centre, eventually, make_kiosk, uploading


def _page(svc: Service, s: requests.Session, session: str) -> str:
    return s.get(f"{svc.url}/conversations/{KIOSK.id}/{session}", timeout=30).text


def _page_with(svc: Service, s: requests.Session, session: str, text: str) -> str | None:
    page = _page(svc, s, session)
    return page if text in page else None


def _reply(svc: Service, s: requests.Session, session: str, text: str) -> None:
    path = f"/conversations/{KIOSK.id}/{session}"
    r = s.post(f"{svc.url}{path}/reply", data={"csrf": svc.csrf(s, path), "text": text},
               timeout=30, allow_redirects=False)
    assert r.status_code == 303


def test_a_text_conversation_goes_both_ways_with_delivery_confirmed(tmp_path: Path) -> None:
    with centre(tmp_path) as (svc, token):
        kiosk = make_kiosk(tmp_path, f"{svc.url}/api/v1", token)
        flow = kiosk.flow
        flow.call_button()
        flow.call_status(CallStatus(CallPhase.ACTIVE, number="110"))
        flow.request_assist()
        session = flow.session.id
        assert flow.assist.send_text("Ada dua orang mengikuti saya", "id") is None
        with uploading(kiosk.cfg):
            s = svc.sign_in()
            # The operator sees the flag and the caller's words.
            page = eventually(lambda: _page_with(svc, s, session,
                                                 "Ada dua orang mengikuti saya"))
            assert 'id="assist"' in page
            _reply(svc, s, session, "Petugas menuju anjungan Anda.")

            def reply_shown() -> bool:
                flow.assist.poll()   # the call screen's timer
                return any(m.sender is Sender.OPERATOR for m in flow.assist.lines)
            eventually(reply_shown)
            [shown] = [m for m in flow.assist.lines if m.sender is Sender.OPERATOR]
            assert (shown.text, shown.seq) == ("Petugas menuju anjungan Anda.", 1)
            assert shown.at.endswith("+07:00")
            # The kiosk acknowledged it: the operator's page says so.
            eventually(lambda: "sudah sampai di anjungan" in _page(svc, s, session))
            # The visitor leaves: the uploader stops polling, the messages are gone.
            flow.end_session()
            assert kiosk.outbox.inbound.active_sessions() == []
            assert kiosk.outbox.inbound.operator_messages(session, 0) == []
        stored = svc.store.events(KIOSK.id, [ASSIST_REQUESTED, TEXT_SENT])
        assert {e.type for e in stored} == {ASSIST_REQUESTED, TEXT_SENT}
        kiosk.outbox.close()


def test_cek_laporan_asks_the_centre_for_another_kiosks_code(tmp_path: Path) -> None:
    with centre(tmp_path) as (svc, token):
        elsewhere = make_report(KIOSK_B, category="theft")
        assert svc.post_report(elsewhere, "kiosk-b").status_code == 201
        svc.store.act(elsewhere.id, Action.ACKNOWLEDGE, "siti")
        kiosk = make_kiosk(tmp_path, f"{svc.url}/api/v1", token)
        flow, view = kiosk.flow, kiosk.view
        answers = []
        with uploading(kiosk.cfg):
            for code, progress in ((ticket_code(elsewhere.id), Progress.IN_HAND),
                                   ("KXKX-KXKX", Progress.NOT_FOUND)):
                flow.start_lookup()
                flow.lookups.check(code)

                def answered() -> bool:
                    flow.lookups.poll()   # the lookup screen's timer
                    return view.lookups[-1].state is LookupState.ANSWERED
                eventually(answered)
                answer = view.lookups[-1].answer
                assert answer is not None and answer.progress is progress, code
                answers.append(answer)
        assert answers[0].status is OperatorStatus.ACKNOWLEDGED
        assert answers[0].category == "theft" and answers[0].updated_at
        kiosk.outbox.close()


def test_no_answer_within_60_s_is_cannot_ask_never_not_found(tmp_path: Path) -> None:
    # The centre is not there (a closed port): the lookup waits in the outbox.
    kiosk = make_kiosk(tmp_path, "http://127.0.0.1:9/api/v1", "t")
    flow, view = kiosk.flow, kiosk.view
    flow.start_lookup()
    flow.lookups.check("KX4M-7HPA")
    flow.lookups.poll()
    assert view.lookups[-1].state is LookupState.ASKING
    assert [c for _, c in kiosk.outbox.inbound.lookups_due()] == ["KX4M-7HPA"]
    kiosk.clock.advance(61)
    flow.lookups.poll()
    answer = view.lookups[-1].answer
    assert answer is not None and answer.progress is Progress.UNAVAILABLE
    kiosk.outbox.close()
