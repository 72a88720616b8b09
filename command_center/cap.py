"""Reports and call events as OASIS CAP 1.2 alerts (Common Alerting Protocol).

Pure: a `CapReport` (what the centre knows of a report) and its history in, XML bytes
out. CAP is what fire brigades, disaster agencies and ambulance services already read;
docs/api.md ("CAP 1.2") documents the mapping field by field. `command_center.cap_check`
validates the result against the OASIS XSD and the rules the XSD cannot say.

A report is one CAP *message sequence*: the kiosk's Alert (identifier = the report id,
sender = the kiosk's URI, sent = when the kiosk filed it), then one Update per operator
action from the centre (identifier `<report id>.<n>`), each naming every earlier message
in `references`; marking the report invalid (a prank) is a Cancel. Element order below
is the XSD's `<sequence>` order (CAP 1.2 §3.2): it matters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from wire import categories
from wire.errors import ReportInvalid
from wire.report import WIB, parse_time

NS = "urn:oasis:names:tc:emergency:cap:1.2"
# Our own names in <parameter>/<eventCode> (CAP §3.2.2: valueName is "a user-assigned
# string designating the domain of the code").
VALUE_NAME_PREFIX = "kiosk110:"
LANGUAGES = (("id", "id-ID"), ("en", "en-US"))
# areaDesc when the report gives no place at all (a damaged row).
UNKNOWN_PLACE = {"id": "Lokasi tidak diketahui", "en": "Unknown location"}
# The circle around the kiosk, km: the centre's place tolerance (150 m) when it happened
# at the kiosk; a wider one when the commuter said it happened elsewhere nearby.
AT_KIOSK_KM = 0.15
NEARBY_KM = 1.0
# Characters XML 1.0 cannot carry at all (§2.2); a stored value may hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# CAP §3.2.1: identifier and sender "MUST NOT include spaces, commas or restricted
# characters (< and &)".
_BAD_ID_CHARS = re.compile(r"[\s,<&]")


class Status(StrEnum):   # CAP <status>
    ACTUAL = "Actual"
    TEST = "Test"


class MsgType(StrEnum):  # CAP <msgType>
    ALERT = "Alert"
    UPDATE = "Update"
    CANCEL = "Cancel"


@dataclass(frozen=True)
class Meaning:
    """What one of our categories means in CAP terms (CAP §3.2.2)."""

    cap_categories: tuple[str, ...]
    urgency: str     # Immediate | Expected | Future | Past | Unknown
    severity: str    # Extreme | Severe | Moderate | Minor | Unknown
    response: str    # responseType: what the recipient should do


# Every category of wire/categories.py (a test keeps them in step). Emergencies need
# action now; crimes and complaints within the hour; lost items and questions later.
MEANINGS: dict[str, Meaning] = {
    "accident": Meaning(("Rescue", "Transport"), "Immediate", "Severe", "Execute"),
    "fire": Meaning(("Fire",), "Immediate", "Severe", "Execute"),
    "disaster": Meaning(("Geo", "Met"), "Immediate", "Severe", "Execute"),
    "riot": Meaning(("Security",), "Immediate", "Severe", "Execute"),
    "crime_in_progress": Meaning(("Security",), "Immediate", "Severe", "Execute"),
    "medical": Meaning(("Health", "Rescue"), "Immediate", "Severe", "Execute"),
    "theft": Meaning(("Security",), "Expected", "Minor", "Assess"),
    "threat": Meaning(("Security",), "Expected", "Moderate", "Assess"),
    "violence": Meaning(("Security",), "Expected", "Moderate", "Assess"),
    "insult": Meaning(("Security",), "Expected", "Minor", "Assess"),
    "extortion": Meaning(("Security",), "Expected", "Moderate", "Assess"),
    "harassment": Meaning(("Security",), "Expected", "Moderate", "Assess"),
    "lost_item": Meaning(("Other",), "Future", "Minor", "None"),
    "information": Meaning(("Other",), "Future", "Minor", "None"),
}
CALL_MEANING = Meaning(("Rescue", "Security"), "Immediate", "Unknown", "Assess")
# Call events rendered as CAP, and their labels (id, en).
CALL_EVENTS = {
    "call.started": ("Panggilan 110 dari anjungan", "110 call from a kiosk"),
    "maintenance.test_call": ("Panggilan uji teknisi", "Technician's test call"),
}
# A report a technician files to test the kiosk carries this flag: CAP status Test.
TEST_FLAG = "test"


@dataclass(frozen=True)
class CapReport:
    """What the centre knows of one report, as CAP needs it. `description` and
    `where` are None when they are withheld (not decrypted, or not for this reader)."""

    id: str
    kiosk_id: str
    category: str
    created_at: str          # the kiosk's RFC 3339 time
    received_at: float       # our clock
    station: str | None      # the registered place, else what the kiosk claimed
    lat: float | None
    lon: float | None
    ticket: str
    kiosk_flags: tuple[str, ...] = ()
    centre_flags: tuple[str, ...] = ()
    session: str | None = None
    at_kiosk: bool = True
    when: str = "now"
    description: str | None = None
    where: str | None = None
    web: str | None = None   # the public ticket page


@dataclass(frozen=True)
class Step:
    """An operator's action, as an Update (or Cancel) of the alert."""

    at: float
    action: str              # model.Action value
    status: str              # the report's status after it
    validity: str            # unknown | valid | invalid
    note: str = ""


@dataclass(frozen=True)
class Sender:
    """Who speaks: the kiosks (the Alert) and the centre (its Updates). `prefix` is a
    URI prefix owned by the operator of the network, e.g. `urn:kiosk110:`."""

    prefix: str = "urn:kiosk110:"
    centre: str = "centre"

    def kiosk(self, kiosk_id: str) -> str:
        return f"{self.prefix}kiosk:{kiosk_id}"

    @property
    def centre_uri(self) -> str:
        return f"{self.prefix}{self.centre}"


@dataclass(frozen=True)
class Message:
    """One CAP message of a sequence: its reference triple and the XML."""

    sender: str
    identifier: str
    sent: str
    msg_type: MsgType
    xml: bytes = field(repr=False)

    @property
    def reference(self) -> str:
        return f"{self.sender},{self.identifier},{self.sent}"


def cap_time(moment: datetime) -> str:
    """CAP's dateTime: Jakarta time, `+07:00`, no fractional seconds (the XSD pattern
    refuses `Z` and fractions)."""
    return moment.astimezone(WIB).strftime("%Y-%m-%dT%H:%M:%S+07:00")


def epoch_time(epoch: float) -> str:
    return cap_time(datetime.fromtimestamp(epoch, WIB))


def report_sent(report: CapReport) -> str:
    """When the kiosk filed it; our receive time when its clock is known to be wrong
    (flagged clock_skew) or the stored time cannot be read."""
    if "clock_skew" not in report.centre_flags:
        try:
            return cap_time(parse_time(report.created_at))
        except (ReportInvalid, AttributeError, OverflowError, ValueError):
            pass
    return epoch_time(report.received_at)


def report_messages(report: CapReport, steps: list[Step], *, addresses: str,
                    sender: Sender | None = None) -> list[Message]:
    """The whole sequence: the Alert, then one Update/Cancel per step."""
    sender = sender or Sender()
    first = Message(sender.kiosk(report.kiosk_id), report.id, report_sent(report),
                    MsgType.ALERT, b"")
    messages = [_report_message(report, first, [], None, addresses)]
    for n, step in enumerate(steps, start=1):
        msg_type = MsgType.CANCEL if step.validity == "invalid" else MsgType.UPDATE
        head = Message(sender.centre_uri, f"{report.id}.{n}", epoch_time(step.at),
                       msg_type, b"")
        messages.append(_report_message(report, head, messages, step, addresses))
    return messages


def _report_message(report: CapReport, head: Message, earlier: list[Message],
                    step: Step | None, addresses: str) -> Message:
    meaning = MEANINGS.get(report.category, MEANINGS["information"])
    test = TEST_FLAG in report.kiosk_flags
    alert = _alert_head(head, Status.TEST if test else Status.ACTUAL, addresses,
                        note=_note(report, step), references=earlier,
                        incidents=report.session)
    certainty = _certainty(step)
    for lang, cap_lang in LANGUAGES:
        cat = categories.BY_CODE.get(report.category)
        event = cat.label(lang) if cat is not None else report.category
        info = _info(alert, cap_lang, meaning, event, certainty=certainty,
                     response="AllClear" if step is not None and step.status == "closed"
                     else meaning.response)
        if (onset := _onset(report.when)) is not None:
            _sub(info, "onset", onset)
        _sub(info, "senderName", _sender_name(report.station, lang))
        _sub(info, "headline", _headline(event, report.station, lang))
        if report.description:
            _sub(info, "description", report.description)
        if report.web:
            _sub(info, "web", report.web)
        for name, value in (("ticket", report.ticket), ("category", report.category),
                            ("kiosk", report.kiosk_id)):
            _parameter(info, name, value)
        _area(info, report, lang)
    return Message(head.sender, head.identifier, head.sent, head.msg_type, _bytes(alert))


def call_message(*, event_id: str, kiosk_id: str, type: str, created_at: str,
                 received_at: float, station: str | None, lat: float | None,
                 lon: float | None, session: str | None, addresses: str,
                 sender: Sender | None = None) -> Message:
    """A call event (`call.started`, or a technician's `maintenance.test_call`) as a
    CAP Alert: the operator who picks up the 110 call knows where the caller stands."""
    if type not in CALL_EVENTS:
        raise ValueError(f"no CAP form for event type {type!r}")
    sender = sender or Sender()
    try:
        sent = cap_time(parse_time(created_at))
    except (ReportInvalid, AttributeError, OverflowError, ValueError):
        sent = epoch_time(received_at)
    head = Message(sender.kiosk(kiosk_id), event_id, sent, MsgType.ALERT, b"")
    test = type == "maintenance.test_call"
    alert = _alert_head(head, Status.TEST if test else Status.ACTUAL, addresses,
                        note=None, references=[], incidents=session)
    place = CapReport(id=event_id, kiosk_id=kiosk_id, category="", created_at=created_at,
                      received_at=received_at, station=station, lat=lat, lon=lon,
                      ticket="")
    for (lang, cap_lang), label in zip(LANGUAGES, CALL_EVENTS[type], strict=True):
        info = _info(alert, cap_lang, CALL_MEANING, label, certainty="Unknown",
                     response=CALL_MEANING.response)
        _sub(info, "senderName", _sender_name(station, lang))
        _sub(info, "headline", _headline(label, station, lang))
        _parameter(info, "kiosk", kiosk_id)
        _area(info, place, lang)
    return Message(head.sender, head.identifier, head.sent, head.msg_type, _bytes(alert))


# -- building blocks ---------------------------------------------------------------------


def _alert_head(head: Message, status: Status, addresses: str, *, note: str | None,
                references: list[Message], incidents: str | None) -> ET.Element:
    alert = ET.Element(f"{{{NS}}}alert")
    _sub(alert, "identifier", head.identifier)
    _sub(alert, "sender", head.sender)
    _sub(alert, "sent", head.sent)
    _sub(alert, "status", status.value)
    _sub(alert, "msgType", head.msg_type.value)
    _sub(alert, "scope", "Private")
    _sub(alert, "addresses", addresses)
    if note:
        _sub(alert, "note", note)
    if references:
        _sub(alert, "references", " ".join(m.reference for m in references))
    if incidents:
        _sub(alert, "incidents", incidents)
    return alert


def _info(alert: ET.Element, language: str, meaning: Meaning, event: str, *,
          certainty: str, response: str) -> ET.Element:
    info = _sub(alert, "info")
    _sub(info, "language", language)
    for cat in meaning.cap_categories:
        _sub(info, "category", cat)
    _sub(info, "event", event)
    _sub(info, "responseType", response)
    _sub(info, "urgency", meaning.urgency)
    _sub(info, "severity", meaning.severity)
    _sub(info, "certainty", certainty)
    return info


def _certainty(step: Step | None) -> str:
    """A commuter's report is likely until an operator judged it."""
    if step is None or step.validity == "unknown":
        return "Likely"
    return "Observed" if step.validity == "valid" else "Unlikely"


def _onset(when: str) -> str | None:
    """The time the commuter said it happened, if they gave one (else it is now)."""
    if when == "now":
        return None
    try:
        return cap_time(parse_time(when))
    except (ReportInvalid, AttributeError, OverflowError, ValueError):
        return None


def _note(report: CapReport, step: Step | None) -> str | None:
    parts = []
    if step is not None:
        parts.append(f"110 operator: {step.action} (status {step.status})"
                     + (f": {step.note}" if step.note else ""))
    if report.centre_flags:
        parts.append("centre flags: " + " ".join(report.centre_flags))
    return "; ".join(parts) or None


def _sender_name(station: str | None, lang: str) -> str:
    place = station or UNKNOWN_PLACE[lang]
    return f"Anjungan 110 {place}" if lang == "id" else f"Kiosk 110 at {place}"


def _headline(event: str, station: str | None, lang: str) -> str:
    place = station or UNKNOWN_PLACE[lang]
    return f"{event} – {place}"


def _area(info: ET.Element, report: CapReport, lang: str) -> None:
    area = _sub(info, "area")
    desc = report.station or UNKNOWN_PLACE[lang]
    if not report.at_kiosk:
        near = "dekat" if lang == "id" else "near"
        desc = f"{report.where} ({near} {desc})" if report.where else f"{near} {desc}"
    _sub(area, "areaDesc", desc)
    if report.lat is not None and report.lon is not None \
            and -90 <= report.lat <= 90 and -180 <= report.lon <= 180:
        radius = AT_KIOSK_KM if report.at_kiosk else NEARBY_KM
        _sub(area, "circle", f"{report.lat:.6f},{report.lon:.6f} {radius}")


def _parameter(info: ET.Element, name: str, value: str) -> None:
    if value:
        param = _sub(info, "parameter")
        _sub(param, "valueName", VALUE_NAME_PREFIX + name)
        _sub(param, "value", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        child.text = xml_text(text)
    return child


def xml_text(value: object) -> str:
    """`value` as text XML can carry: a stored value may hold characters XML 1.0 has
    no form for (NUL, other controls, a lone surrogate); each becomes U+FFFD."""
    text = value if isinstance(value, str) else str(value)
    text = text.encode("utf-8", "replace").decode("utf-8")   # lone surrogates → "?"
    return _NOT_XML.sub("\ufffd", text)


def identifier_problem(value: str) -> str | None:
    if not value:
        return "is empty"
    if _BAD_ID_CHARS.search(value):
        return "contains a space, a comma, '<' or '&'"
    return None


def _bytes(alert: ET.Element) -> bytes:
    ET.register_namespace("", NS)
    data: bytes = ET.tostring(alert, encoding="utf-8", xml_declaration=True)
    return data
