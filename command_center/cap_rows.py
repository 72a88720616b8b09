"""From what the store keeps to CAP (`command_center.cap`): a stored report (its body
already revealed or not) and its history as a `CapReport` and `Step`s."""

from __future__ import annotations

from typing import Any

from command_center.cap import CapReport, Message, Sender, Step, report_messages
from command_center.model import Change, ReportRow
from command_center.rows import details

# Who a CAP message of the centre is addressed to (scope Private): the 110 network.
CENTRE_ADDRESSES = "polri-110"


def cap_report(row: ReportRow, body: dict[str, Any], *, include_personal: bool,
               web: str | None = None) -> CapReport:
    """`body` is the row's body, revealed when `include_personal` (the description and
    the free-text place go into CAP; the reporter's name, phone and NIK never do)."""
    d = details(body)
    session = body.get("session")
    return CapReport(
        id=row.id, kiosk_id=row.kiosk_id, category=row.category, created_at=row.created_at,
        received_at=row.received_at, station=row.station, lat=row.lat, lon=row.lon,
        ticket=row.ticket, kiosk_flags=d.kiosk_flags, centre_flags=row.flags,
        session=session if isinstance(session, str) else None,
        at_kiosk=d.where == "at_kiosk", when=d.when,
        description=d.description if include_personal and d.description else None,
        where=d.where if include_personal and d.where != "at_kiosk" else None, web=web)


def steps(changes: list[Change]) -> list[Step]:
    return [Step(at=c.at, action=str(getattr(c.action, "value", c.action)),
                 status=c.status.value, validity=c.validity.value, note=c.note)
            for c in changes]


def messages(row: ReportRow, body: dict[str, Any], changes: list[Change], *,
             include_personal: bool, sender: Sender, addresses: str = CENTRE_ADDRESSES,
             web: str | None = None) -> list[Message]:
    return report_messages(cap_report(row, body, include_personal=include_personal, web=web),
                           steps(changes), addresses=addresses, sender=sender)
