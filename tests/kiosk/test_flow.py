"""The public flow in plain Python: navigation, the call, submit, abuse rules, wipe."""

from __future__ import annotations

from core.abuse import REPEAT_FLAG, CallAbuseGuard, RepeatDetector
from core.flow import Flow, PrintState, Screen, StoreState
from core.ports import CallPhase, CallStatus, EndReason, PrinterState, PrintResult, Ticket
from core.session import ContactField, Session, When
from devtools.standins import (
    MemoryStore,
    SilentSpeaker,
    StandInHook,
    StandInPhone,
    StandInPrinter,
)
from tests.kiosk.flow_support import make_flow
from tests.support.clock import FakeClock
from tests.support.now import now
from wire.report import Event, Report
from wire.ticket import ticket_code


def _fill_report(flow: Flow, text: str = "Tas saya dicopet di peron") -> None:
    flow.start_report()
    flow.choose_category("threat")
    flow.session.description = text


def test_submit_stores_before_saying_received_then_prints_the_ticket_with_its_code() -> None:
    store = MemoryStore()
    printer = StandInPrinter()
    flow, view = make_flow(store, printer=printer)
    _fill_report(flow)
    flow.submit()
    states = [s.store for s in view.submissions]
    assert states[0] is StoreState.SAVING and StoreState.STORED in states
    report = store.items[0]
    assert isinstance(report, Report) and report.category == "threat"
    assert view.submissions[-1].printing is PrintState.PRINTED
    assert printer.printed[0].code == ticket_code(report.id)


def test_a_store_failure_never_says_received() -> None:
    flow, view = make_flow(MemoryStore(fail=True))
    _fill_report(flow)
    flow.submit()
    assert view.submissions[-1].store is StoreState.FAILED
    assert all(s.store is not StoreState.STORED for s in view.submissions)


def test_a_printer_failure_keeps_the_report_and_names_the_problem() -> None:
    class PaperOut(StandInPrinter):
        def print_ticket(self, ticket: Ticket) -> PrintResult:
            return PrintResult(False, PrinterState.PAPER_OUT, "paper out")

    store = MemoryStore()
    flow, view = make_flow(store, printer=PaperOut())
    _fill_report(flow)
    flow.submit()
    last = view.submissions[-1]
    assert last.store is StoreState.STORED and last.printing is PrintState.FAILED
    assert last.print_problem is PrinterState.PAPER_OUT and len(store.items) == 1


def test_delivery_and_the_operator_are_polled_from_the_outbox_never_assumed() -> None:
    store = MemoryStore()
    flow, view = make_flow(store)
    _fill_report(flow)
    flow.submit()
    flow.poll_operator_status()
    assert not view.submissions[-1].delivered and not view.submissions[-1].acknowledged
    store.delivered.add(store.reports()[0].id)   # the uploader got a 201
    flow.poll_operator_status()
    assert view.submissions[-1].delivered and not view.submissions[-1].acknowledged
    store.status = "acknowledged"
    flow.poll_operator_status()
    assert view.submissions[-1].acknowledged


def test_lifting_the_handset_calls_from_mid_report_and_returns_to_the_report_after() -> None:
    phone, hook = StandInPhone(), StandInHook()
    store = MemoryStore()
    flow, _ = make_flow(store, phone=phone, hook=hook)
    _fill_report(flow)
    assert flow.screen is Screen.DESCRIBE
    hook.set(True)
    assert phone.emergency_calls == 1 and now(lambda: flow.screen) is Screen.CALL
    event = store.items[0]
    assert isinstance(event, Event) and event.type == "call.started"
    assert event.priority.value == "emergency" and event.kiosk.id == "test-kiosk-01"
    assert event.data["session"] == flow.session.id
    flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.REMOTE_HANGUP))
    flow.leave_call_screen()
    assert flow.screen is Screen.DESCRIBE
    assert flow.session.description == "Tas saya dicopet di peron"


def test_the_handset_is_ignored_during_a_technician_test_call() -> None:
    phone, hook = StandInPhone(), StandInHook()
    flow, _ = make_flow(phone=phone, hook=hook)
    flow.begin_technician_call()
    hook.set(True)
    hook.set(False)
    assert phone.emergency_calls == 0
    flow.end_technician_call()
    hook.set(True)
    assert phone.emergency_calls == 1


def test_a_call_in_progress_after_a_crash_opens_the_call_screen() -> None:
    phone = StandInPhone()
    phone.current = CallStatus(CallPhase.ACTIVE, number="110")
    flow, view = make_flow(phone=phone)
    assert flow.screen is Screen.CALL and flow.in_call and view.calls[-1].phase is CallPhase.ACTIVE


def test_three_quick_abandoned_calls_need_a_hold_but_the_handset_still_calls() -> None:
    clock = FakeClock()
    phone, hook = StandInPhone(), StandInHook()
    flow, _ = make_flow(phone=phone, hook=hook, clock=clock, abuse=CallAbuseGuard(clock))
    for _ in range(3):
        flow.call_button()
        clock.advance(2)
        flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.LOCAL_HANGUP))
    assert flow.hold_to_call
    hook.set(True)
    assert phone.emergency_calls == 4
    clock.advance(601)
    assert not flow.hold_to_call


def test_calls_that_last_or_fail_are_not_abandoned() -> None:
    clock = FakeClock()
    guard = CallAbuseGuard(clock)
    for reason, seconds in ((EndReason.LOCAL_HANGUP, 30), (EndReason.BUSY, 1),
                            (EndReason.REMOTE_HANGUP, 1)) * 2:
        start = clock()
        clock.advance(seconds)
        guard.call_ended(start, CallStatus(CallPhase.ENDED, reason=reason))
    assert not guard.hold_required


def test_a_repeated_report_within_two_minutes_is_flagged_not_refused() -> None:
    clock = FakeClock()
    store = MemoryStore()
    flow, _ = make_flow(store, clock=clock, repeats=RepeatDetector(clock))
    for text in ("Tas saya dicopet di peron", "tas saya  dicopet di peron!"):
        _fill_report(flow, text)
        flow.submit()
        flow.home()
    clock.advance(121)
    _fill_report(flow)
    flow.submit()
    flags = [r.flags for r in store.items if isinstance(r, Report)]
    assert flags == [(), (REPEAT_FLAG,), ()]


def test_a_different_category_or_text_is_not_a_repeat() -> None:
    clock = FakeClock()
    detector = RepeatDetector(clock)
    assert not detector.check_and_record("theft", "my bag was taken")
    assert not detector.check_and_record("threat", "my bag was taken")
    assert not detector.check_and_record("theft", "a man is shouting at people")


def test_home_discards_the_report_but_keeps_the_language_and_the_visit() -> None:
    flow, view = make_flow()
    _fill_report(flow)
    flow.set_language("en")
    flow.toggle_large_text()
    old = flow.session
    assert flow.home_needs_confirmation
    flow.home()
    assert flow.session is not old and flow.session.is_empty
    assert flow.session.id == old.id   # the same person: calls and reports stay linked
    assert flow.language == "en" and flow.settings.large_text
    assert view.resets == 1 and flow.screen is Screen.HOME
    assert not flow.home_needs_confirmation


def test_the_end_of_a_visit_forgets_everything_and_starts_a_new_session() -> None:
    flow, _view = make_flow()
    _fill_report(flow)
    flow.set_language("en")
    flow.cycle_volume()
    old = flow.session
    flow.end_session()
    assert flow.session.id != old.id and flow.session.is_empty
    assert flow.language == "id" and flow.settings == flow.navigation.defaults
    speaker = flow.speaker
    assert isinstance(speaker, SilentSpeaker) and speaker.volume == 1.0


def test_idle_wipe_waits_for_a_live_call_but_not_for_a_handset_left_off_the_hook() -> None:
    hook = StandInHook()
    flow, _ = make_flow(hook=hook)
    flow.call_button()
    assert not flow.idle_allowed
    flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.LOCAL_HANGUP))
    assert flow.idle_allowed
    hook.set(True)
    assert not flow.idle_allowed   # the lift dialled: a live call
    flow.call_status(CallStatus(CallPhase.ENDED, reason=EndReason.BUSY))
    # The handset hangs off the hook after a failed call: the next person must not
    # find the previous one's name and NIK (issue 11 item 7).
    assert flow.off_hook and flow.idle_allowed and flow.can_redial


def test_session_builds_a_valid_lost_item_report_and_an_earlier_time() -> None:
    s = Session(category="lost_item", lost_items=["phone", "ktp"], when=When.HOURS_2,
                phone="0812 3456 7890")
    report = s.to_report(make_flow()[0].kiosk, "id")
    assert report.lost_items == ("phone", "ktp") and report.description.startswith("Lost:")
    assert report.incident.when != "now" and report.reporter.phone == "081234567890"


def test_contact_problems_are_plain_and_name_the_field() -> None:
    s = Session(phone="12345", nik="1234")
    problems = s.contact_problems()
    assert set(problems) == {"phone", "nik"}
    assert "16 digits" in problems[ContactField.NIK]


def test_a_lift_during_a_live_call_does_not_dial_over_it() -> None:
    phone, hook = StandInPhone(), StandInHook()
    phone.current = CallStatus(CallPhase.ACTIVE, number="110")
    flow, _ = make_flow(phone=phone, hook=hook)
    hook.set(True)
    assert phone.emergency_calls == 0 and flow.screen is Screen.CALL


def test_a_call_status_arriving_before_the_lift_still_shows_the_call() -> None:
    # The modem thread and the hook thread race to the UI thread: either may win.
    store, hook = MemoryStore(), StandInHook()
    flow, view = make_flow(store, hook=hook)
    flow.call_status(CallStatus(CallPhase.DIALLING, number="110"))
    assert flow.screen is Screen.CALL and view.calls[-1].phase is CallPhase.DIALLING
    flow.hook_changed(True)   # the lift that dialled reaches the UI thread second
    started = [e for e in store.items if isinstance(e, Event) and e.type == "call.started"]
    assert len(started) == 1 and flow.screen is Screen.CALL
