"""The report a commuter files, and the events a kiosk sends: typed, validated, frozen.

`Report.from_dict` is the single gate every report passes (the UI, `enqueue` on the
command line, the command centre): JSON Schema for structure (wire/schemas/), then
the rules a schema cannot say (priority derived from the category, NIK structure,
Indonesian phone numbers, times, what free text may contain: `wire.text`). Errors name
the field and never echo personal data.

Times are checked for form and for a possible clock reading (1970–2099), not against
the checker's own clock: a kiosk whose clock is wrong must still store what its user
submitted, and the command centre judges skew against its own clock and flags it
(it never refuses a report for its time: the user was already told "received").
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from wire import categories
from wire.categories import Priority
from wire.errors import ReportInvalid
from wire.identity import email_problem, nik_problem, normalize_phone, phone_problem
from wire.text import finite_numbers_problem, text_problem

REPORT_SCHEMA_ID = "kiosk110/report@1"
EVENT_SCHEMA_ID = "kiosk110/event@1"
SEALED_REPORT_SCHEMA_ID = "kiosk110/sealed-report@1"   # wire.sealed
MAX_DESCRIPTION = 2000
# An event's `data` is metadata about the kiosk, never a payload: small and flat.
MAX_EVENT_DATA_BYTES = 4096
EARLIEST_YEAR, LATEST_YEAR = 1970, 2099
# A kiosk id becomes part of URLs and of the CAP sender: no spaces, commas or slashes.
KIOSK_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
# Event data fields that may hold what a person typed (the text channel of a call with
# a caller who cannot speak): removed on delivery like a report's description.
PERSONAL_EVENT_FIELDS: dict[str, tuple[str, ...]] = {"call.text": ("text",)}
# Fields whose value is personal: a reason about them never quotes the value.
PERSONAL_PATHS = ("reporter", "description", "incident")
# Categories whose report may list what was taken or lost (`lost_items`).
ITEM_CATEGORIES = ("lost_item", "theft")
# Jakarta keeps WIB (UTC+7) all year; a fixed offset needs no tz database on the kiosk.
WIB = timezone(timedelta(hours=7), "WIB")

if TYPE_CHECKING:
    import jsonschema


def now_wib() -> datetime:
    return datetime.now(WIB)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(WIB).isoformat(timespec="seconds")


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    # Imported here: jsonschema takes ~0.1 s to import, which the kiosk's start-up
    # (time to the home screen) should not pay; `warm_up` builds it after first paint.
    import jsonschema

    schema = json.loads(schema_text(name))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def schema_text(name: str) -> str:
    """The JSON Schema file `name` (report, event or heartbeat .schema.json)."""
    return resources.files("wire.schemas").joinpath(name).read_text(encoding="utf-8")


def warm_up() -> None:
    """Build the schema validators now (imports jsonschema), not at the first submit."""
    _validator("report.schema.json")
    _validator("event.schema.json")
    _validator("sealed-report.schema.json")


def check_schema(name: str, data: Any) -> None:
    """Validate `data` against the JSON Schema file `name`; ReportInvalid says where
    (never quoting a personal field)."""
    _check_schema(name, data)


def _check_schema(name: str, data: Any) -> None:
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator(name).iter_errors(data))
    if error is None:
        return
    path = ".".join(str(p) for p in error.absolute_path)
    # Messages from jsonschema quote the offending instance; for personal fields that
    # would leak the value, so we say what was wrong without it.
    if path.startswith(PERSONAL_PATHS):
        reason = {"maxLength": "is too long", "pattern": "has the wrong format",
                  "type": "has the wrong type"}.get(str(error.validator), "is invalid")
    elif error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "a field"
        path = f"{path}.{missing}" if path else missing
        reason = "is required"
    elif error.validator == "additionalProperties":
        reason = "unknown field: " + error.message.split("(")[-1].rstrip(")")
    else:
        reason = error.message
        if len(reason) > 200:
            reason = reason[:200] + "…"
    raise ReportInvalid(path, reason)


@dataclass(frozen=True)
class KioskInfo:
    id: str
    station: str
    lat: float
    lon: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "station": self.station, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class Incident:
    where: str = "at_kiosk"
    when: str = "now"


@dataclass(frozen=True)
class Reporter:
    """Optional contact details. Personal data: never logged, purged on delivery."""

    name: str | None = None
    phone: str | None = None
    nik: str | None = None
    email: str | None = None

    FIELDS = ("name", "phone", "nik", "email")

    def __repr__(self) -> str:  # keep personal data out of tracebacks and logs
        present = [k for k in self.FIELDS if getattr(self, k)]
        return f"Reporter(<{', '.join(present) or 'anonymous'}>)"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k in self.FIELDS if (v := getattr(self, k))}

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, k) for k in self.FIELDS)


@dataclass(frozen=True)
class Report:
    id: str
    created_at: str
    kiosk: KioskInfo
    category: str
    language: str
    description: str
    incident: Incident = field(default_factory=Incident)
    reporter: Reporter = field(default_factory=Reporter)
    flags: tuple[str, ...] = ()
    lost_items: tuple[str, ...] = ()
    session: str | None = None   # the kiosk session that filed it (links its calls)

    @property
    def priority(self) -> Priority:
        return categories.get(self.category).priority

    @classmethod
    def create(cls, *, kiosk: KioskInfo, category: str, language: str, description: str,
               incident: Incident | None = None, reporter: Reporter | None = None,
               flags: tuple[str, ...] = (), lost_items: tuple[str, ...] = (),
               session: str | None = None, now: datetime | None = None) -> Report:
        """A new report with a fresh UUIDv4 and the current Jakarta time, validated."""
        data = {
            "schema": REPORT_SCHEMA_ID,
            "id": str(uuid.uuid4()),
            "created_at": rfc3339(now or now_wib()),
            "kiosk": kiosk.to_dict(),
            "category": category,
            "priority": categories.get(category).priority.value
            if category in categories.BY_CODE else None,
            "language": language,
            "description": description,
            "incident": {"where": (incident or Incident()).where,
                         "when": (incident or Incident()).when},
            "reporter": (reporter or Reporter()).to_dict(),
            "flags": list(flags),
        }
        if lost_items:
            data["lost_items"] = list(lost_items)
        if session:
            data["session"] = session
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any, *, kiosk: KioskInfo | None = None,
                  now: datetime | None = None) -> Report:
        """Validate `data` and build the report.

        With `kiosk` given (the enqueue command line), a missing `id`, `created_at` or
        `kiosk` is filled in, and a missing `schema`, `priority`, `incident`, `reporter`
        or `flags` gets its default: a line from an integrator may be minimal.
        """
        if not isinstance(data, dict):
            raise ReportInvalid("", f"a report must be a JSON object, not {_json_type(data)}")
        category = data.get("category")
        if not isinstance(category, str) or category not in categories.BY_CODE:
            shown = repr(category)[:40]
            raise ReportInvalid("category", f"unknown category {shown}; expected one of "
                                + ", ".join(categories.BY_CODE))
        if kiosk is not None:
            data = dict(data)
            data.setdefault("schema", REPORT_SCHEMA_ID)
            data.setdefault("id", str(uuid.uuid4()))
            data.setdefault("created_at", rfc3339(now or now_wib()))
            data.setdefault("kiosk", kiosk.to_dict())
            data.setdefault("priority", categories.get(data["category"]).priority.value)
            data.setdefault("incident", {"where": "at_kiosk", "when": "now"})
            data.setdefault("reporter", {})
            data.setdefault("flags", [])
        _check_finite(data)
        _check_schema("report.schema.json", data)
        return cls._from_valid(data)

    @classmethod
    def _from_valid(cls, data: dict[str, Any]) -> Report:
        category = categories.get(data["category"])
        if data["priority"] != category.priority.value:
            raise ReportInvalid("priority", f"must be {category.priority.value!r} for "
                                f"category {category.code!r} (it is derived, not chosen)")
        _check_uuid4(data["id"])
        _parse_time("created_at", data["created_at"])
        if data["incident"]["when"] != "now":
            _parse_time("incident.when", data["incident"]["when"])
        _check_text("description", data["description"], multiline=True)
        _check_text("incident.where", data["incident"]["where"])
        _check_text("incident.when", data["incident"]["when"])
        _check_kiosk(data["kiosk"])
        lost_items = tuple(data.get("lost_items", ()))
        if lost_items and category.code not in ITEM_CATEGORIES:
            raise ReportInvalid("lost_items", "only a lost_item or theft report lists "
                                "lost or stolen items")
        rep = data["reporter"]
        reporter = Reporter(name=_clean(rep.get("name")), phone=_clean(rep.get("phone")),
                            nik=_clean(rep.get("nik")), email=_clean(rep.get("email")))
        if reporter.name is not None:
            _check_text("reporter.name", reporter.name)
        if reporter.phone is not None:
            if (problem := phone_problem(reporter.phone)) is not None:
                raise ReportInvalid("reporter.phone", problem)
            reporter = Reporter(reporter.name, normalize_phone(reporter.phone), reporter.nik,
                                reporter.email)
        if reporter.nik is not None and (problem := nik_problem(reporter.nik)) is not None:
            raise ReportInvalid("reporter.nik", problem)
        if reporter.email is not None and (problem := email_problem(reporter.email)):
            raise ReportInvalid("reporter.email", problem)
        k = data["kiosk"]
        return cls(
            id=data["id"], created_at=data["created_at"],
            kiosk=KioskInfo(k["id"], k["station"], float(k["lat"]), float(k["lon"])),
            category=category.code, language=data["language"],
            description=data["description"],
            incident=Incident(data["incident"]["where"], data["incident"]["when"]),
            reporter=reporter, flags=tuple(data["flags"]), lost_items=lost_items,
            session=data.get("session"),
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": REPORT_SCHEMA_ID,
            "id": self.id,
            "created_at": self.created_at,
            "kiosk": self.kiosk.to_dict(),
            "category": self.category,
            "priority": self.priority.value,
            "language": self.language,
            "description": self.description,
            "incident": {"where": self.incident.where, "when": self.incident.when},
            "reporter": self.reporter.to_dict(),
            "flags": list(self.flags),
        }
        if self.lost_items:
            data["lost_items"] = list(self.lost_items)
        if self.session:
            data["session"] = self.session
        return data

    def to_json_bytes(self) -> bytes:
        """The wire form: compact UTF-8 JSON. Frozen into the outbox at enqueue."""
        return json.dumps(self.to_dict(), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")

    def __repr__(self) -> str:  # the description may hold personal details too
        return (f"Report(id={self.id!r}, category={self.category!r}, "
                f"priority={self.priority.value!r}, kiosk={self.kiosk.id!r})")


@dataclass(frozen=True)
class Event:
    """A kiosk event for the command centre (`POST /events`). No personal data, except
    a caller's typed answers in `call.text` (PERSONAL_EVENT_FIELDS, redacted on
    delivery)."""

    id: str
    created_at: str
    kiosk: KioskInfo
    type: str
    priority: Priority
    data: dict[str, Any]

    @classmethod
    def create(cls, *, kiosk: KioskInfo, type: str, data: dict[str, Any] | None = None,
               priority: Priority = Priority.NORMAL, now: datetime | None = None) -> Event:
        event = cls(id=str(uuid.uuid4()), created_at=rfc3339(now or now_wib()),
                    kiosk=kiosk, type=type, priority=priority, data=dict(data or {}))
        return cls.from_dict(event.to_dict())

    @classmethod
    def from_dict(cls, data: Any) -> Event:
        if not isinstance(data, dict):
            raise ReportInvalid("", f"an event must be a JSON object, not {_json_type(data)}")
        _check_finite(data)
        _check_schema("event.schema.json", data)
        _check_uuid4(data["id"])
        _parse_time("created_at", data["created_at"])
        _check_kiosk(data["kiosk"])
        _check_event_data(data["data"])
        k = data["kiosk"]
        return cls(id=data["id"], created_at=data["created_at"],
                   kiosk=KioskInfo(k["id"], k["station"], float(k["lat"]), float(k["lon"])),
                   type=data["type"], priority=Priority(data["priority"]), data=data["data"])

    def to_dict(self) -> dict[str, Any]:
        return {"schema": EVENT_SCHEMA_ID, "id": self.id, "created_at": self.created_at,
                "kiosk": self.kiosk.to_dict(), "type": self.type,
                "priority": self.priority.value, "data": self.data}

    def to_json_bytes(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")


def redact_payload(payload: bytes) -> bytes:
    """The payload with personal data removed: what a delivered item keeps.

    Reports lose their reporter block, description and free-text place; a sealed report
    (wire.sealed) loses its sealed part, which holds them. Events carry none, except the
    answers a caller typed into the text channel (`call.text`), which lose their text.
    """
    data = json.loads(payload)
    if isinstance(data, dict) and data.get("schema") in (REPORT_SCHEMA_ID,
                                                         SEALED_REPORT_SCHEMA_ID):
        if data["schema"] == SEALED_REPORT_SCHEMA_ID:
            data.pop("sealed", None)
        else:
            data["reporter"] = {}
            data["description"] = ""
            incident = data.get("incident")
            if isinstance(incident, dict) and incident.get("where") != "at_kiosk":
                incident["where"] = "redacted"
        data.setdefault("flags", [])
        if "redacted" not in data["flags"]:
            data["flags"].append("redacted")
    elif isinstance(data, dict) and data.get("schema") == EVENT_SCHEMA_ID \
            and data.get("type") in PERSONAL_EVENT_FIELDS and isinstance(data.get("data"), dict):
        for name in PERSONAL_EVENT_FIELDS[data["type"]]:
            if name in data["data"]:
                data["data"][name] = ""
        data["data"]["redacted"] = True
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _check_uuid4(value: str) -> None:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise ReportInvalid("id", "is not a UUID") from None
    if parsed.version != 4 or str(parsed) != value:
        raise ReportInvalid("id", "must be a lower-case UUIDv4")


def _parse_time(name: str, value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ReportInvalid(name, "is not an RFC 3339 time") from None
    if moment.tzinfo is None:
        raise ReportInvalid(name, "must include a UTC offset, e.g. +07:00")
    try:
        year = moment.astimezone(UTC).year
    except OverflowError:   # 0001-01-01T00:00:00+07:00 is before year 1 in UTC
        year = 0
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ReportInvalid(name, f"is not a plausible time (year {moment.year}; a clock "
                            f"reads {EARLIEST_YEAR}-{LATEST_YEAR})")
    return moment


def parse_time(value: str) -> datetime:
    """A created_at/when value as an aware datetime (raises ReportInvalid)."""
    return _parse_time("time", value)


def _check_text(name: str, value: str, *, multiline: bool = False) -> None:
    if (problem := text_problem(value, multiline=multiline)) is not None:
        raise ReportInvalid(name, problem)


def _check_finite(data: dict[str, Any]) -> None:
    if (found := finite_numbers_problem(data)) is not None:
        raise ReportInvalid(*found)


def _check_kiosk(kiosk: dict[str, Any]) -> None:
    _check_text("kiosk.station", kiosk["station"])


def _check_event_data(data: dict[str, Any]) -> None:
    size = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_EVENT_DATA_BYTES:
        raise ReportInvalid("data", f"is {size} bytes; at most {MAX_EVENT_DATA_BYTES}")
    stack: list[tuple[str, Any]] = [("data", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            _check_text(path, value, multiline=True)
        elif isinstance(value, dict):
            for k, v in value.items():
                _check_text(f"{path} key", k)
                stack.append((f"{path}.{k}", v))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(value))


def _json_type(value: Any) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number",
            bool: "a boolean", type(None): "null"}.get(type(value), type(value).__name__)
