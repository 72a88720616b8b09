"""The new journeys of issue 13 through the plain-Python flow: emergency alerts, the
theft/loss journey and its tailored steps, the text channel, *Cek laporan*, reprint."""

from __future__ import annotations

from core.conversation import ASSIST_REQUESTED, TEXT_SENT, Message, Phrase, Sender
from core.flow import LookupState, PrintState, Screen, StoreState
from core.lookup import LookupAnswer, Progress
from core.next_steps import steps_for
from core.ports import CallPhase, CallStatus, EndReason, PrinterState
from core.session import ALERT_DETAILS_FLAG, SILENT_ALERT_FLAG, ContactField, Session
from devtools.standins import (
    MemoryConversation,
    MemoryStore,
    SilentSpeaker,
    StandInPhone,
    StandInPrinter,
)
from tests.kiosk.flow_support import KIOSK, make_flow, submit_report
from tests.support.now import now
from wire.report import Report, redact_payload
from wire.status import OperatorStatus
from wire.ticket import ticket_code


def test_an_emergency_category_offers_the_call_or_a_one_touch_alert() -> None:
    store = MemoryStore()
    flow, view = make_flow(store)
    flow.start_report()
    flow.choose_category("fire")
    assert flow.screen is Screen.EMERGENCY
    flow.send_alert()                       # the second touch: nothing typed
    assert now(lambda: flow.screen) is Screen.DONE
    [alert] = store.reports()
    assert alert.category == "fire" and alert.priority.value == "emergency"
    assert SILENT_ALERT_FLAG in alert.flags and alert.description == ""
    assert alert.incident.where == "at_kiosk" and alert.kiosk == KIOSK
    assert alert.session == flow.session.id
    sub = view.submissions[-1]
    assert sub.is_alert and sub.store is StoreState.STORED and not sub.delivered


def test_details_after_an_alert_are_a_second_report_of_the_same_session() -> None:
    store = MemoryStore()
    flow, _ = make_flow(store)
    flow.start_report()
    flow.choose_category("medical")
    flow.send_alert()
    session = flow.session.id
    flow.add_alert_details()
    assert flow.screen is Screen.DESCRIBE and flow.session.alert_details
    flow.session.description = "Seorang bapak pingsan di peron 2"
    flow.submit()
    alert, details = store.reports()
    assert details.category == "medical" and ALERT_DETAILS_FLAG in details.flags
    assert alert.session == details.session == session


def test_the_theft_journey_asks_what_was_taken_and_tailors_the_steps() -> None:
    store = MemoryStore()
    printer = StandInPrinter()
    flow, _ = make_flow(store, printer=printer)
    flow.start_report()
    flow.choose_category("theft")
    assert flow.screen is Screen.LOST_ITEMS
    flow.session.toggle_lost_item("phone")
    flow.session.toggle_lost_item("ktp")
    for expected in (Screen.WHERE, Screen.WHEN, Screen.DESCRIBE, Screen.CONTACT,
                     Screen.REVIEW):
        flow.next_step()
        assert flow.screen is expected
    flow.session.email = "budi@contoh.id"      # no phone now: another way to reach them
    flow.submit()
    [report] = store.reports()
    assert report.category == "theft" and report.lost_items == ("phone", "ktp")
    assert report.description == "Stolen: Phone, KTP / ID card"   # the story is optional
    assert report.reporter.email == "budi@contoh.id" and report.reporter.phone is None
    [ticket] = printer.printed
    assert ticket.lost_items == ("phone", "ktp") and ticket.category == "theft"
    assert ticket.kiosk_id == KIOSK.id and ticket.has_contact
    # The screen shows the receipt's own rule (core.next_steps), tailored to the items.
    assert flow.submission is not None
    keys = [s.key for s in flow.submission.steps]
    assert keys == [s.key for s in steps_for("theft", ("phone", "ktp"))]
    assert keys == ["sim", "accounts", "phone_lock", "police_report", "ktp"]


def test_stolen_or_lost_switches_the_category_and_keeps_the_ticks() -> None:
    flow, _ = make_flow()
    flow.start_report()
    flow.choose_category("lost_item")
    flow.session.toggle_lost_item("wallet")
    flow.set_stolen(True)
    assert flow.session.category == "theft" and flow.session.lost_items == ["wallet"]
    report = flow.session.to_report(KIOSK, "id")
    assert report.priority.value == "urgent" and report.lost_items == ("wallet",)


def test_change_on_the_check_screen_returns_to_it() -> None:
    flow, _ = make_flow()
    flow.start_report()
    flow.choose_category("threat")
    flow.session.description = "ancaman"
    for _ in range(4):
        flow.next_step()
    assert flow.screen is Screen.REVIEW
    flow.edit(Screen.WHERE)
    assert now(lambda: flow.screen) is Screen.WHERE
    flow.next_step()
    assert flow.screen is Screen.REVIEW


def test_an_invalid_optional_field_can_be_cleared_and_skipped() -> None:
    s = Session(category="threat", description="x", phone="12345", email="budi@")
    assert set(s.contact_problems()) == {ContactField.PHONE, ContactField.EMAIL}
    s.clear_field(ContactField.PHONE)
    s.clear_field(ContactField.EMAIL)
    assert not s.contact_problems()
    assert s.to_report(KIOSK, "id").reporter.is_empty


def test_the_text_channel_flags_the_call_speaks_who_and_where_and_sends_answers() -> None:
    store, replies = MemoryStore(), MemoryConversation()
    flow, view = make_flow(store, messages=lambda: replies)
    flow.call_button()
    flow.call_status(CallStatus(CallPhase.ACTIVE, number="110"))
    flow.request_assist()
    [flag] = store.events(ASSIST_REQUESTED)
    assert flag.data["session"] == flow.session.id and flag.priority.value == "emergency"
    assert flag.data["replies_shown"] is True
    speaker = flow.speaker
    assert isinstance(speaker, SilentSpeaker)
    said, language = speaker.said[-1]
    assert language == "id" and KIOSK.station in said and KIOSK.id in said
    flow.assist.send_phrase(Phrase.IN_DANGER, "Saya dalam bahaya", "id")
    assert flow.assist.send_text("  ada  dua orang \t", "id") is None
    assert flow.assist.send_text("\x1b[2J", "id") == "invalid"
    texts = store.events(TEXT_SENT)
    assert [e.data["text"] for e in texts] == ["Saya dalam bahaya", "ada dua orang"]
    assert texts[0].data["phrase"] == "in_danger"
    # Typed words are personal data: they leave the outbox when delivered.
    assert b"ada dua orang" not in redact_payload(texts[1].to_json_bytes())
    replies.replies.append((flow.session.id, Message(Sender.OPERATOR, "Petugas menuju", 1)))
    replies.replies.append(("another-session", Message(Sender.OPERATOR, "bukan untuk Anda", 2)))
    flow.assist.poll()
    flow.assist.poll()   # nothing new: nothing shown twice
    assert [m.text for m in flow.assist.lines] == ["Saya dalam bahaya", "ada dua orang",
                                                  "Petugas menuju"]
    assert view.conversations >= 4
    flow.request_assist()   # said again, flagged once
    assert len(store.events(ASSIST_REQUESTED)) == 1


def test_without_a_reply_source_the_kiosk_says_replies_cannot_be_shown() -> None:
    store = MemoryStore()
    flow, _ = make_flow(store)
    flow.call_button()
    flow.request_assist()
    assert not flow.assist.replies_available
    assert store.events(ASSIST_REQUESTED)[0].data["replies_shown"] is False


class RemoteLookups:
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answers: dict[str, LookupAnswer] = {}

    def ask(self, code: str) -> str:
        self.asked.append(code)
        return f"lookup-{code}"

    def answer(self, lookup_id: str) -> LookupAnswer | None:
        return self.answers.get(lookup_id.removeprefix("lookup-"))


def test_cek_laporan_answers_a_report_filed_here_from_the_outbox() -> None:
    store = MemoryStore()
    remote = RemoteLookups()
    flow, view = make_flow(store, remote_lookup=lambda: remote)
    submit_report(flow, "threat", "ancaman")
    code = ticket_code(store.reports()[0].id)
    store.status = "dispatched"
    flow.end_session()
    flow.start_lookup()
    flow.lookups.check(code.replace("-", "").lower())
    answer = view.lookups[-1].answer
    assert answer is not None and answer.progress is Progress.IN_HAND
    assert answer.status is OperatorStatus.DISPATCHED and answer.category == "threat"
    assert remote.asked == []   # never asked the centre for a code it holds itself


def test_cek_laporan_asks_the_centre_for_other_codes_and_polls_for_the_answer() -> None:
    remote = RemoteLookups()
    flow, view = make_flow(remote_lookup=lambda: remote)
    flow.start_lookup()
    flow.lookups.check("kx4m 7hpa")
    assert remote.asked == ["KX4M-7HPA"] and view.lookups[-1].state is LookupState.ASKING
    flow.lookups.poll()
    assert view.lookups[-1].state is LookupState.ASKING
    remote.answers["KX4M-7HPA"] = LookupAnswer("KX4M-7HPA", Progress.NOT_FOUND)
    flow.lookups.poll()
    assert view.lookups[-1].answer == LookupAnswer("KX4M-7HPA", Progress.NOT_FOUND)


def test_cek_laporan_without_the_centre_never_says_not_found() -> None:
    flow, view = make_flow()
    flow.start_lookup()
    flow.lookups.check("KX4M-7HP")
    assert view.lookups[-1].state is LookupState.BAD_CODE
    flow.lookups.check("KX4M-7HPA")
    answer = view.lookups[-1].answer
    assert answer is not None and answer.progress is Progress.UNAVAILABLE


def test_cek_laporan_gives_up_asking_after_the_timeout() -> None:
    from tests.support.clock import FakeClock

    clock = FakeClock()
    remote = RemoteLookups()
    flow, view = make_flow(remote_lookup=lambda: remote, clock=clock)
    flow.start_lookup()
    flow.lookups.check("KX4M-7HPA")
    clock.advance(61)
    flow.lookups.poll()
    answer = view.lookups[-1].answer
    assert answer is not None and answer.progress is Progress.UNAVAILABLE


def test_print_again_appears_once_the_printer_is_ready_and_prints_the_same_receipt() -> None:
    store, printer = MemoryStore(), StandInPrinter(PrinterState.PAPER_OUT)
    flow, view = make_flow(store, printer=printer)
    flow.start_report()
    flow.choose_category("theft")
    flow.session.toggle_lost_item("wallet")
    flow.submit()
    assert view.submissions[-1].printing is PrintState.FAILED
    flow.poll_printer()
    assert not view.submissions[-1].printer_ready
    printer.paper = PrinterState.ONLINE   # a technician refilled the paper
    flow.poll_printer()
    assert view.submissions[-1].printer_ready
    flow.reprint()
    assert view.submissions[-1].printing is PrintState.PRINTED
    [ticket] = printer.printed
    assert ticket.code == ticket_code(store.reports()[0].id)
    assert ticket.lost_items == ("wallet",)
    assert [s.key for s in flow.submission.steps] == ["bank_cards", "police_report"]


def test_every_report_carries_its_session_and_old_lines_without_one_are_valid() -> None:
    flow, _ = make_flow()
    flow.start_report()
    flow.choose_category("threat")
    flow.session.description = "x"
    report = flow.session.to_report(KIOSK, "id")
    assert report.session == flow.session.id
    data = report.to_dict()
    assert Report.from_dict(data).session == flow.session.id
    del data["session"]
    assert Report.from_dict(data).session is None


def test_the_ended_call_with_the_handset_up_can_redial_with_one_touch() -> None:
    from devtools.standins import StandInHook

    hook = StandInHook()
    flow, _ = make_flow(hook=hook)
    hook.set(True)
    flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.NO_NETWORK))
    assert flow.can_redial
    phone = flow.phone
    assert isinstance(phone, StandInPhone)
    dialled = phone.emergency_calls
    flow.call_button()
    assert phone.emergency_calls == dialled + 1
