"""CAP 1.2 (issue 16): every report and call event renders as an alert that passes the
OASIS XSD and the rules the XSD does not enforce; an Update (or Cancel) follows each
operator action; `GET /reports/{id}.cap` serves it to operators, audited."""

from __future__ import annotations

import re
from itertools import product

import pytest
from lxml import etree

from command_center.cap import (
    MEANINGS,
    CapReport,
    Step,
    call_message,
    report_messages,
)
from command_center.cap_check import problems, rule_problems, xsd_problems
from devtools.centre_screens import seed
from tests.command_center.conftest import Service, personal_report
from wire import categories

NS = {"c": "urn:oasis:names:tc:emergency:cap:1.2"}
SESSION = "6b7c4b1e-3f0a-4c1d-9a53-2f1e8c9d7a10"
ID = "0b7c4b1e-3f0a-4c1d-9a53-2f1e8c9d7a10"


def cap_report(**kw: object) -> CapReport:
    base: dict[str, object] = dict(
        id=ID, kiosk_id="mrt-bundaran-hi-01", category="fire",
        created_at="2026-12-01T03:00:00.123456Z", received_at=1_796_000_000.5,
        station="MRT Bundaran HI", lat=-6.1932, lon=106.823, ticket="KX4M-7HPA")
    base.update(kw)
    return CapReport(**base)  # type: ignore[arg-type]


def field(xml: bytes, path: str) -> list[str]:
    return [e.text or "" for e in etree.fromstring(xml).findall(path, NS)]


def test_every_category_has_a_cap_meaning() -> None:
    assert set(MEANINGS) == set(categories.BY_CODE)


FLOWS: tuple[list[Step], ...] = (
    [], [Step(1_796_000_060.0, "acknowledge", "acknowledged", "unknown")],
    [Step(1_796_000_060.0, "mark_valid", "received", "valid"),
     Step(1_796_000_090.0, "dispatch", "dispatched", "valid", "Damkar Jakpus"),
     Step(1_796_000_900.0, "close", "closed", "valid")],
    [Step(1_796_000_060.0, "mark_invalid", "invalid", "invalid", "prank")])


@pytest.mark.parametrize("category", sorted(categories.BY_CODE))
def test_every_category_and_flow_renders_valid_cap(category: str) -> None:
    for steps, at_kiosk, session, test in product(FLOWS, (True, False), (None, SESSION),
                                                  (False, True)):
        report = cap_report(category=category, at_kiosk=at_kiosk, session=session,
                            where=None if at_kiosk else "Peron 2", description="Asap",
                            kiosk_flags=("test",) if test else ())
        messages = report_messages(report, steps, addresses="polri-110")
        assert len(messages) == 1 + len(steps)
        for n, msg in enumerate(messages):
            assert problems(msg.xml) == [], (category, n, msg.xml)
            assert field(msg.xml, "c:status") == ["Test" if test else "Actual"]
            assert field(msg.xml, "c:scope") == ["Private"]
            assert field(msg.xml, "c:addresses") == ["polri-110"]
            assert field(msg.xml, "c:incidents") == ([session] if session else [])
            assert field(msg.xml, "c:info/c:language") == ["id-ID", "en-US"]
            circle = field(msg.xml, "c:info/c:area/c:circle")
            assert circle == [f"-6.193200,106.823000 {0.15 if at_kiosk else 1.0}"] * 2
            if n == 0:
                assert field(msg.xml, "c:msgType") == ["Alert"]
                assert field(msg.xml, "c:identifier") == [ID]
                assert field(msg.xml, "c:sender") == ["urn:kiosk110:kiosk:mrt-bundaran-hi-01"]
                assert field(msg.xml, "c:references") == []
            else:
                kind = "Cancel" if steps[n - 1].validity == "invalid" else "Update"
                assert field(msg.xml, "c:msgType") == [kind]
                refs = field(msg.xml, "c:references")[0].split()
                assert refs == [m.reference for m in messages[:n]]


def test_sent_is_jakarta_time_without_fractions_even_from_a_utc_kiosk_clock() -> None:
    (alert,) = report_messages(cap_report(), [], addresses="polri-110")
    (sent,) = field(alert.xml, "c:sent")
    assert sent == "2026-12-01T10:00:00+07:00"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", sent)
    # A kiosk clock the centre flagged as wrong: our receive time instead.
    (skewed,) = report_messages(cap_report(centre_flags=("clock_skew",)), [],
                                addresses="polri-110")
    assert field(skewed.xml, "c:sent")[0].endswith("+07:00")
    assert field(skewed.xml, "c:sent") != [sent]


def test_hostile_stored_text_still_renders_valid_xml() -> None:
    report = cap_report(description="a\x00b\x1bc <&> \ud800 ]]>", station="St\x07ation",
                        at_kiosk=False, where="\ufffe<script>")
    (alert,) = report_messages(report, [], addresses="polri-110")
    assert problems(alert.xml) == []


def test_the_rules_the_xsd_does_not_enforce_are_checked() -> None:
    (alert,) = report_messages(cap_report(), [], addresses="polri-110")
    xml = alert.xml.decode()
    cases = {
        "needs addresses": xml.replace("<addresses>polri-110</addresses>", ""),
        "identifier contains": xml.replace(f"<identifier>{ID}</identifier>",
                                           "<identifier>a b,c</identifier>"),
        "sender contains": xml.replace("urn:kiosk110:kiosk:mrt-bundaran-hi-01",
                                       "kiosk 110, Bundaran HI"),
        "needs references": xml.replace("<msgType>Alert</msgType>",
                                        "<msgType>Update</msgType>"),
        "circle": xml.replace("-6.193200,106.823000 0.15", "-96.1,106.8 0.15"),
    }
    for words, bad in cases.items():
        assert xsd_problems(bad.encode()) == [], words   # the XSD lets them through
        assert any(words in p for p in rule_problems(bad.encode())), words
    assert xsd_problems(xml.replace("+07:00</sent>", "Z</sent>").encode())
    assert xsd_problems(xml.replace("<status>Actual", "<status>Real").encode())


def test_call_events_render_as_alerts_and_a_test_call_as_test() -> None:
    for type_, status in (("call.started", "Actual"), ("maintenance.test_call", "Test")):
        msg = call_message(event_id=ID, kiosk_id="mrt-01", type=type_,
                           created_at="2026-12-01T10:00:00+07:00", received_at=1.79e9,
                           station="MRT Bundaran HI", lat=-6.19, lon=106.82,
                           session=SESSION, addresses="polri-110")
        assert problems(msg.xml) == []
        assert field(msg.xml, "c:status") == [status]
        assert field(msg.xml, "c:incidents") == [SESSION]   # links it to the report
    with pytest.raises(ValueError):
        call_message(event_id=ID, kiosk_id="k", type="maintenance.entered",
                     created_at="", received_at=0.0, station=None, lat=None, lon=None,
                     session=None, addresses="x")


def test_every_demo_report_is_served_as_valid_cap_with_an_update_per_action(
        service: Service) -> None:
    shown = seed(service.url, service.store, "siti")
    s = service.sign_in()
    reports = list(service.store.all_reports())
    assert len(reports) >= 7
    for row in reports:
        changes = service.store.changes(row.id)
        for n in range(1 + len(changes)):
            r = s.get(f"{service.url}/reports/{row.id}.cap?message={n}", timeout=30)
            assert r.status_code == 200, r.text
            assert r.headers["content-type"] == "application/cap+xml"
            assert problems(r.content) == [], (row.category, n)
            kinds = field(r.content, "c:msgType")
            assert kinds == (["Alert"] if n == 0 else
                             ["Cancel" if changes[n - 1].validity.value == "invalid"
                              else "Update"])
    latest = s.get(f"{service.url}/reports/{shown.id}.cap", timeout=30).content
    assert field(latest, "c:identifier") == [f"{shown.id}.3"]   # after three actions


def test_the_cap_endpoint_is_for_operators_and_reading_the_description_is_audited(
        service: Service) -> None:
    report = personal_report()
    service.post_report(report)
    anonymous = service.session().get(f"{service.url}/reports/{report.id}.cap",
                                      timeout=30, allow_redirects=False)
    assert anonymous.status_code == 303
    s = service.sign_in()
    plain = s.get(f"{service.url}/reports/{report.id}.cap?personal=0", timeout=30).content
    assert b"Tas saya dicuri" not in plain and b"Peron 2" not in plain
    assert not [a for a in service.store.audit_log() if a[2] == "report.cap"]
    full = s.get(f"{service.url}/reports/{report.id}.cap", timeout=30).content
    assert b"Tas saya dicuri" in full and b"Peron 2" in full
    for never in (b"3171011501900003", b"Budi", b"081234567890"):
        assert never not in full and never not in plain   # no reporter data in CAP
    assert [a[1:3] for a in service.store.audit_log() if a[2] == "report.cap"] == \
        [("siti", "report.cap")]
    assert s.get(f"{service.url}/reports/nope.cap", timeout=30).status_code == 404
