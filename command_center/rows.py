"""Reading stored values without ever raising: shared by every storage engine.

A row that was written by a bug, an older version, a hand edit or an attacker who got
past the gate must still be listed and shown, so an operator can see it and close it.
Each reader returns a usable value and notes the column as damaged (with its raw text)
when the stored value is not what it should be; templates show damaged columns raw.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from command_center.live import ChangeKind, LiveChange
from command_center.model import (
    Action,
    Change,
    EventRow,
    KioskRow,
    Place,
    ReportRow,
    Status,
    Validity,
    known,
)

E = TypeVar("E", bound=StrEnum)
RAW_SHOWN = 2000   # characters of a damaged value kept for the page


class Reader:
    """Reads one row's columns; collects which ones were damaged."""

    def __init__(self, row: Mapping[str, Any]) -> None:
        self.row = row
        self.damaged: list[str] = []
        self.raw: dict[str, str] = {}

    def _damage(self, name: str) -> None:
        if name not in self.damaged:
            self.damaged.append(name)
            self.raw[name] = _raw_text(self.row.get(name))

    def text(self, name: str, default: str = "") -> str:
        value = self.row.get(name)
        if isinstance(value, str):
            return value
        self._damage(name)
        if isinstance(value, bytes | bytearray):
            return bytes(value).decode("utf-8", "replace")
        return default if value is None else str(value)

    def optional_text(self, name: str) -> str | None:
        return None if self.row.get(name) is None else self.text(name)

    def number(self, name: str) -> float | None:
        value = self.row.get(name)
        if isinstance(value, bool):
            self._damage(name)
            return None
        if isinstance(value, int | float) and math.isfinite(value):
            return float(value)
        if value is not None:
            self._damage(name)
        return None

    def required_number(self, name: str) -> float:
        value = self.number(name)
        if value is None:
            self._damage(name)
            return 0.0
        return value

    def enum(self, name: str, cls: type[E], default: E) -> E:
        value = self.row.get(name)
        try:
            return cls(value) if isinstance(value, str) else cls("\0")
        except ValueError:
            self._damage(name)
            return default

    def json_object(self, name: str) -> dict[str, Any]:
        value = self.row.get(name)
        if value is None:
            return {}
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError, RecursionError):
            parsed = None
        if isinstance(parsed, dict):
            return parsed
        self._damage(name)
        return {}

    def words(self, name: str) -> tuple[str, ...]:
        """A space- or comma-separated list of codes."""
        return tuple(w for w in self.text(name).replace(",", " ").split() if w)


def _raw_text(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        text = bytes(value).decode("utf-8", "replace")
    else:
        text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= RAW_SHOWN else text[:RAW_SHOWN] + "…"


def report_row(row: Mapping[str, Any]) -> ReportRow:
    r = Reader(row)
    result = ReportRow(
        id=r.text("id"), ticket=r.text("ticket"), kiosk_id=r.text("kiosk_id"),
        station=r.text("station"), lat=r.number("lat"), lon=r.number("lon"),
        category=r.text("category"), priority=r.text("priority"),
        language=r.text("language"), created_at=r.text("created_at"),
        received_at=r.required_number("received_at"),
        # An unreadable status is treated as still open, so the report stays in view
        # and an operator can act on it (and close it).
        status=r.enum("status", Status, Status.RECEIVED),
        validity=r.enum("validity", Validity, Validity.UNKNOWN),
        updated_at=r.required_number("updated_at"), body=r.json_object("body"),
        flags=r.words("flags"))
    if r.damaged:
        return ReportRow(**{**result.__dict__, "damaged": tuple(r.damaged), "raw": r.raw})
    return result


def event_row(row: Mapping[str, Any]) -> EventRow:
    r = Reader(row)
    body = r.json_object("body")
    data = body.get("data")
    return EventRow(id=r.text("id"), kiosk_id=r.text("kiosk_id"), type=r.text("type"),
                    priority=r.text("priority"), created_at=r.text("created_at"),
                    received_at=r.required_number("received_at"),
                    data=data if isinstance(data, dict) else {}, flags=r.words("flags"))


def change_row(row: Mapping[str, Any]) -> Change:
    r = Reader(row)
    return Change(report_id=r.text("report_id"), at=r.required_number("at"),
                  operator=r.text("operator"), action=known(Action, r.text("action")),
                  status=r.enum("status", Status, Status.RECEIVED),
                  validity=r.enum("validity", Validity, Validity.UNKNOWN),
                  note=r.text("note"))


def live_change_row(row: Mapping[str, Any]) -> LiveChange:
    r = Reader(row)
    seq = r.number("seq")
    return LiveChange(seq=int(seq) if seq is not None else 0,
                      kind=known(ChangeKind, r.text("kind")), ref=r.text("ref"),
                      at=r.required_number("at"), priority=r.text("priority"))


def kiosk_row(row: Mapping[str, Any], claimed: Place | None) -> KioskRow:
    """A kiosk; `claimed` is the place its latest report or event named (used only when
    the kiosk has no registered place)."""
    r = Reader(row)
    place = _place(r, "station", "lat", "lon")
    heartbeat = r.json_object("heartbeat") if row.get("heartbeat") is not None else None
    shown = place or claimed
    return KioskRow(id=r.text("id"), registered_at=r.required_number("registered_at"),
                    station=shown.station if shown else None,
                    lat=shown.lat if shown else None, lon=shown.lon if shown else None,
                    last_heartbeat_at=r.number("last_heartbeat_at"), heartbeat=heartbeat,
                    place=place, place_claimed=place is None and claimed is not None)


def _place(r: Reader, station: str, lat: str, lon: str) -> Place | None:
    if r.row.get(station) is None:
        return None
    name, la, lo = r.text(station), r.number(lat), r.number(lon)
    if la is None or lo is None:
        return None
    return Place(name, la, lo)


def claimed_place(body_text: Any) -> Place | None:
    """The `kiosk` place named in a stored report or event body, if readable."""
    r = Reader({"body": body_text})
    kiosk = r.json_object("body").get("kiosk")
    if not isinstance(kiosk, dict):
        return None
    k = Reader(kiosk)
    return _place(k, "station", "lat", "lon")


@dataclass(frozen=True)
class Details:
    """What the kiosk sent, read from a report's body for the pages: strings only."""

    description: str = ""
    where: str = "at_kiosk"
    when: str = "now"
    lost_items: tuple[str, ...] = ()
    kiosk_flags: tuple[str, ...] = ()
    language: str = ""
    name: str = ""
    phone: str = ""
    nik: str = ""
    claimed: Place | None = None
    unreadable: tuple[str, ...] = field(default=())

    @property
    def anonymous(self) -> bool:
        return not (self.name or self.phone or self.nik)


def details(body: Mapping[str, Any]) -> Details:
    """`body` (a stored report) as page-ready strings; a field of the wrong shape is
    shown as its JSON text and named in `unreadable`."""
    bad: list[str] = []

    def text(value: Any, name: str, default: str = "") -> str:
        if value is None:
            return default
        if isinstance(value, str):
            return value
        bad.append(name)
        return json.dumps(value, ensure_ascii=True, default=str)[:RAW_SHOWN]

    def items(value: Any, name: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, list):
            return tuple(text(v, name) for v in value)
        return (text(value, name),)

    incident = body.get("incident")
    reporter = body.get("reporter")
    incident = incident if isinstance(incident, dict) else {}
    reporter = reporter if isinstance(reporter, dict) else {}
    kiosk = body.get("kiosk")
    claimed = _place(Reader(kiosk), "station", "lat", "lon") if isinstance(kiosk, dict) else None
    return Details(
        description=text(body.get("description"), "description"),
        where=text(incident.get("where"), "where", "at_kiosk"),
        when=text(incident.get("when"), "when", "now"),
        lost_items=items(body.get("lost_items"), "lost_items"),
        kiosk_flags=items(body.get("flags"), "flags"),
        language=text(body.get("language"), "language"),
        name=text(reporter.get("name"), "name"), phone=text(reporter.get("phone"), "phone"),
        nik=text(reporter.get("nik"), "nik"), claimed=claimed, unreadable=tuple(bad))
