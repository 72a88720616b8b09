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
    (minimal(lost_items=["phone"]), "lost_items", "only a lost_item"),
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


@given(st.text(max_size=2000))
def test_any_description_up_to_the_limit_is_accepted(text: str) -> None:
    report = Report.from_dict(minimal(description=text), kiosk=KIOSK)
    assert json.loads(report.to_json_bytes())["description"] == text
