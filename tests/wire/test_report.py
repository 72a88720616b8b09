"""The report model: one validation gate with plain reasons and no personal data leaks."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wire import categories
from wire.errors import ReportInvalid
from wire.report import Event, Incident, KioskInfo, Report, Reporter, redact_payload
from wire.text import BIDI_CONTROLS

KIOSK = KioskInfo("k1", "MRT Bundaran HI", -6.1932, 106.823)
GOOD_NIK = "3171014501900001"   # DKI Jakarta, woman born 05-01-1990


def minimal(**over: object) -> dict[str, object]:
    data: dict[str, object] = {"category": "theft", "language": "id",
                               "description": "Dompet saya dicopet di peron."}
    data.update(over)
    return data


def test_created_report_is_valid_and_round_trips() -> None:
    report = Report.create(kiosk=KIOSK, category="fire", language="en",
                           description="Smoke near gate 2",
                           reporter=Reporter(name="Budi", phone="0812-3456-7890", nik=GOOD_NIK))
    assert uuid.UUID(report.id).version == 4
    assert report.created_at.endswith("+07:00")
    assert report.priority is categories.Priority.EMERGENCY
    assert report.reporter.phone == "081234567890"
    again = Report.from_dict(json.loads(report.to_json_bytes()))
    assert again == report


def test_minimal_line_is_filled_from_the_kiosk() -> None:
    report = Report.from_dict(minimal(), kiosk=KIOSK)
    assert report.kiosk == KIOSK
    assert report.incident == Incident("at_kiosk", "now")
    assert report.priority is categories.Priority.URGENT


@pytest.mark.parametrize(("data", "field", "reason"), [
    (minimal(category="alien"), "category", "unknown category"),
    (minimal(description="x" * 2001), "description", "too long"),
    (minimal(language="fr"), "language", "is not one of"),
    (minimal(reporter={"nik": "1234"}), "reporter.nik", "wrong format"),
    (minimal(reporter={"nik": "9971014501900001"}), "reporter.nik", "province"),
    (minimal(reporter={"nik": "3171010513900001"}), "reporter.nik", "birth month"),
    (minimal(reporter={"nik": "3171013102900001"}), "reporter.nik", "day of birth"),
    (minimal(reporter={"phone": "12345"}), "reporter.phone", "Indonesian number"),
    (minimal(priority="emergency"), "priority", "derived"),
    (minimal(id="not-a-uuid"), "id", ""),
    (minimal(incident={"where": "at_kiosk", "when": "yesterday"}), "incident.when", "RFC 3339"),
    (minimal(extra=1), "", "unknown field"),
    (minimal(category="information", lost_items=["phone"]), "lost_items", "only a lost_item"),
    (minimal(reporter={"email": "budi@"}), "reporter.email", "e-mail address"),
    (minimal(session="not-a-session"), "session", "does not match"),
])
def test_invalid_reports_name_the_field(data: dict[str, object], field: str,
                                        reason: str) -> None:
    with pytest.raises(ReportInvalid) as err:
        Report.from_dict(data, kiosk=KIOSK)
    assert err.value.field == field
    assert reason in err.value.reason


def test_reasons_never_repeat_personal_values() -> None:
    for rep in ({"nik": "9971014501900001"}, {"phone": "555-SECRET-42"},
                {"name": "x" * 300}):
        with pytest.raises(ReportInvalid) as err:
            Report.from_dict(minimal(reporter=rep), kiosk=KIOSK)
        for value in rep.values():
            assert value not in str(err.value)


def test_non_object_is_refused_plainly() -> None:
    with pytest.raises(ReportInvalid, match="JSON object, not an array"):
        Report.from_dict([1, 2], kiosk=KIOSK)


def test_repr_hides_personal_data() -> None:
    report = Report.create(kiosk=KIOSK, category="threat", language="id",
                           description="Ancaman dari Budi 081234567890",
                           reporter=Reporter(name="Budi", phone="081234567890", nik=GOOD_NIK))
    text = repr(report) + repr(report.reporter)
    assert "Budi" not in text and "0812" not in text and GOOD_NIK not in text


def test_redacted_payload_keeps_no_personal_data() -> None:
    report = Report.create(kiosk=KIOSK, category="lost_item", language="id",
                           description="HP saya hilang, nomor 081234567890",
                           reporter=Reporter(name="Sari", nik=GOOD_NIK),
                           lost_items=("phone", "ktp"))
    redacted = json.loads(redact_payload(report.to_json_bytes()))
    assert redacted["reporter"] == {} and redacted["description"] == ""
    assert redacted["id"] == report.id and redacted["lost_items"] == ["phone", "ktp"]
    assert "redacted" in redacted["flags"]


def test_event_round_trip_and_type_rule() -> None:
    event = Event.create(kiosk=KIOSK, type="call.started", data={"number_index": 0},
                         priority=categories.Priority.EMERGENCY)
    assert Event.from_dict(json.loads(event.to_json_bytes())) == event
    with pytest.raises(ReportInvalid):
        Event.create(kiosk=KIOSK, type="Call Started")


# Text a person can type: anything but control characters (newline and tab are fine in
# a description), bidi overrides and lone surrogates.
TYPABLE = st.characters(blacklist_categories=("Cc", "Cs"),
                        blacklist_characters="".join(BIDI_CONTROLS) + "\ufffe\uffff") \
    | st.sampled_from("\n\t")


@given(st.text(TYPABLE, max_size=2000))
def test_any_typable_description_up_to_the_limit_is_accepted(text: str) -> None:
    report = Report.from_dict(minimal(description=text), kiosk=KIOSK)
    assert json.loads(report.to_json_bytes())["description"] == text


@pytest.mark.parametrize("bad", ["\x1b[2J", "a\x00b", "\u202egnirts", "\u2066x\u2069",
                                 "\ud800", "\x85", "x\x7f"])
@pytest.mark.parametrize("field", ["description", "where", "name", "station"])
def test_control_bidi_and_surrogate_characters_are_refused_in_every_free_text_field(
        field: str, bad: str) -> None:
    secret = "Budi " + bad + " Santoso"
    data = minimal(description="ok")
    path = {"description": "description", "where": "incident.where",
            "name": "reporter.name", "station": "kiosk.station"}[field]
    if field == "description":
        data["description"] = secret
    elif field == "where":
        data["incident"] = {"where": secret, "when": "now"}
    elif field == "name":
        data["reporter"] = {"name": secret}
    else:
        data["kiosk"] = {**KIOSK.to_dict(), "station": secret}
    with pytest.raises(ReportInvalid) as err:
        Report.from_dict(data, kiosk=KIOSK)
    assert err.value.field == path
    assert "Budi" not in str(err.value)


def test_a_newline_is_fine_in_a_description_but_not_in_a_name() -> None:
    assert Report.from_dict(minimal(description="line 1\nline 2"), kiosk=KIOSK)
    with pytest.raises(ReportInvalid, match=r"reporter\.name"):
        Report.from_dict({**minimal(), "reporter": {"name": "Budi\nSantoso"}}, kiosk=KIOSK)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_coordinates_are_refused(bad: float) -> None:
    data = {**minimal(), "kiosk": {**KIOSK.to_dict(), "lat": bad}}
    with pytest.raises(ReportInvalid, match=r"kiosk\.lat: must be a finite number"):
        Report.from_dict(data, kiosk=KIOSK)


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+07:00", "1969-12-31T23:59:59+00:00",
                                  "2100-01-01T00:00:00+00:00", "9999-12-31T23:59:59+07:00"])
def test_times_no_clock_could_read_are_refused(when: str) -> None:
    with pytest.raises(ReportInvalid, match="created_at: is not a plausible time"):
        Report.from_dict({**minimal(), "created_at": when}, kiosk=KIOSK)


def test_a_time_far_ahead_of_this_clock_is_stored_for_the_centre_to_judge() -> None:
    # The kiosk's clock may be wrong; refusing would lose what its user submitted.
    report = Report.from_dict({**minimal(), "created_at": "2031-05-01T10:00:00+07:00"},
                              kiosk=KIOSK)
    assert report.created_at == "2031-05-01T10:00:00+07:00"


def test_event_data_is_small_and_clean() -> None:
    with pytest.raises(ReportInvalid, match=r"data: is .* bytes; at most 4096"):
        Event.create(kiosk=KIOSK, type="call.started", data={"x": "a" * 5000})
    with pytest.raises(ReportInvalid, match=r"data\.x: contains control characters"):
        Event.create(kiosk=KIOSK, type="call.started", data={"x": "\x1b[31m"})
    with pytest.raises(ReportInvalid, match="data"):
        Event.create(kiosk=KIOSK, type="call.started", data={f"k{i}": i for i in range(40)})


@pytest.mark.parametrize("kiosk_id", ["a b", "a,b", "a/b", "-a", "", "x" * 65])
def test_kiosk_ids_are_url_and_cap_safe(kiosk_id: str) -> None:
    with pytest.raises(ReportInvalid, match=r"kiosk\.id"):
        Report.from_dict({**minimal(), "kiosk": {**KIOSK.to_dict(), "id": kiosk_id}},
                         kiosk=KIOSK)


def test_email_is_personal_data_never_echoed_and_redacted_on_delivery() -> None:
    for bad in ("budi@", "budi@@contoh.id", "budi santoso@contoh.id", ".budi@contoh.id",
                "budi@contoh", "x" * 250 + "@contoh.id"):
        with pytest.raises(ReportInvalid) as err:
            Report.from_dict(minimal(reporter={"email": bad}), kiosk=KIOSK)
        assert bad not in str(err.value)
    report = Report.create(kiosk=KIOSK, category="theft", language="id", description="",
                           reporter=Reporter(email="budi.santoso@contoh.id"),
                           lost_items=("phone",))
    assert "budi" not in repr(report.reporter) and "email" in repr(report.reporter)
    assert json.loads(redact_payload(report.to_json_bytes()))["reporter"] == {}


def test_the_email_never_reaches_a_log_line() -> None:
    from wire.logs import mask_pii

    assert mask_pii("contact budi.santoso@contoh.id now") == "contact [EMAIL] now"
