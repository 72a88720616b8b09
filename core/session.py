"""One commuter's session: what they have entered so far, in plain Python.

The flow replaces the whole `Session` object when a user leaves (idle wipe, *Selesai*),
so nothing typed by one person can survive into the next person's session; *Home*
replaces it too but keeps its `id` (the same person starting over). Values are kept as
typed; validation turns them into a `Report` only at submit.

`id` names the commuter's visit: it is carried in every report (`session`) and in the
`call.started` event of a call made meanwhile, so the command centre can link a report
and a call from the same person.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from core.next_steps import Step, steps_for
from wire import categories
from wire.categories import Group
from wire.identity import email_problem, nik_problem, phone_problem
from wire.report import (
    ITEM_CATEGORIES,
    Incident,
    KioskInfo,
    Report,
    Reporter,
    now_wib,
    rfc3339,
)

# An emergency alert sent with one touch, without speaking or typing (the report
# carries only the category and the kiosk's place); details may follow in a second
# report of the same session flagged `alert_details`.
SILENT_ALERT_FLAG = "silent_alert"
ALERT_DETAILS_FLAG = "alert_details"

MAX_NAME = 100
MAX_WHERE = 200


class When(StrEnum):
    """When it happened: the choices on the where/when screen."""

    NOW = "now"
    MIN_30 = "30m"
    HOURS_2 = "2h"
    HOURS_6 = "6h"
    YESTERDAY = "24h"

    @property
    def ago(self) -> timedelta:
        return {"now": timedelta(0), "30m": timedelta(minutes=30), "2h": timedelta(hours=2),
                "6h": timedelta(hours=6), "24h": timedelta(days=1)}[self.value]


class ContactField(StrEnum):
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    NIK = "nik"


def new_session_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Session:
    """Everything one user has entered. Replaced, never cleared field by field."""

    category: str | None = None
    description: str = ""
    at_kiosk: bool = True
    where_text: str = ""
    when: When = When.NOW
    name: str = ""
    phone: str = ""
    email: str = ""
    nik: str = ""
    lost_items: list[str] = field(default_factory=list)
    alert_details: bool = False   # adding details to an alert already sent
    started_at: float = field(default_factory=time.monotonic)
    id: str = field(default_factory=new_session_id)

    def restart(self) -> Session:
        """An empty draft for the same person (*Home*): same id, nothing typed."""
        return Session(id=self.id)

    @property
    def is_lost_item(self) -> bool:
        return self.category == "lost_item"

    @property
    def lists_items(self) -> bool:
        """The theft/loss journey: an item checklist, description optional."""
        return self.category in ITEM_CATEGORIES

    @property
    def is_emergency(self) -> bool:
        return self.category is not None and \
            categories.get(self.category).group is Group.EMERGENCY

    @property
    def description_required(self) -> bool:
        return not self.lists_items

    @property
    def steps(self) -> tuple[Step, ...]:
        """The tailored next steps (the one rule the receipt prints too)."""
        return steps_for(self.category or "", self.lost_items)

    @property
    def is_empty(self) -> bool:
        return self == Session(started_at=self.started_at, id=self.id)

    def toggle_lost_item(self, code: str) -> None:
        if code not in categories.LOST_ITEMS:
            raise KeyError(code)
        if code in self.lost_items:
            self.lost_items.remove(code)
        else:
            self.lost_items.append(code)

    def contact_problems(self) -> dict[ContactField, str]:
        """Plain-English problems with the optional contact fields (empty = fine)."""
        problems: dict[ContactField, str] = {}
        if len(self.name.strip()) > MAX_NAME:
            problems[ContactField.NAME] = f"must be at most {MAX_NAME} characters"
        elif self.name.strip() and not self.name.strip().isprintable():
            problems[ContactField.NAME] = "contains characters that cannot be printed"
        if self.phone.strip() and (p := phone_problem(self.phone.strip())) is not None:
            problems[ContactField.PHONE] = p
        if self.email.strip() and (p := email_problem(self.email.strip())) is not None:
            problems[ContactField.EMAIL] = p
        if self.nik.strip() and (p := nik_problem(self.nik.strip())) is not None:
            problems[ContactField.NIK] = p
        return problems

    def clear_field(self, which: ContactField) -> None:
        """Forget one optional contact field (an invalid one the user chose to skip)."""
        setattr(self, which.value, "")

    def description_text(self) -> str:
        """The description sent; an item report without text lists the items."""
        text = self.description.strip()
        if text or not self.lists_items:
            return text
        verb = "Lost" if self.is_lost_item else "Stolen"
        return f"{verb}: " + ", ".join(categories.LOST_ITEMS[c]["en"] for c in self.lost_items)

    def incident(self, now: datetime) -> Incident:
        where = "at_kiosk" if self.at_kiosk or not self.where_text.strip() \
            else self.where_text.strip()[:MAX_WHERE]
        when = "now" if self.when is When.NOW else rfc3339(now - self.when.ago)
        return Incident(where=where, when=when)

    def to_report(self, kiosk: KioskInfo, language: str, flags: tuple[str, ...] = (),
                  now: datetime | None = None) -> Report:
        """Validate and build the report (raises kiosk.errors.ReportInvalid)."""
        if self.category is None:
            raise ValueError("no category chosen")
        moment = now or now_wib()
        if self.alert_details:
            flags = (*flags, ALERT_DETAILS_FLAG)
        return Report.create(
            kiosk=kiosk, category=self.category, language=language,
            description=self.description_text(), incident=self.incident(moment),
            reporter=Reporter(name=self.name.strip() or None,
                              phone=self.phone.strip() or None,
                              nik=self.nik.strip() or None,
                              email=self.email.strip() or None),
            flags=flags,
            lost_items=tuple(self.lost_items) if self.lists_items else (),
            session=self.id, now=moment)

    def to_alert(self, kiosk: KioskInfo, language: str, flags: tuple[str, ...] = (),
                 now: datetime | None = None) -> Report:
        """The one-touch emergency alert: category and the kiosk's place, nothing typed
        (whatever was typed stays in the draft for an optional follow-up)."""
        if self.category is None:
            raise ValueError("no category chosen")
        moment = now or now_wib()
        return Report.create(kiosk=kiosk, category=self.category, language=language,
                             description="", incident=Incident(),
                             flags=(SILENT_ALERT_FLAG, *flags), session=self.id,
                             now=moment)
