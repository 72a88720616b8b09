"""One commuter's session: what they have entered so far, in plain Python.

The flow replaces the whole `Session` object when a user leaves (idle wipe, home), so
nothing typed by one person can survive into the next person's session. Values are
kept as typed; validation turns them into a `Report` only at submit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from wire import categories
from wire.identity import nik_problem, phone_problem
from wire.report import Incident, KioskInfo, Report, Reporter, now_wib, rfc3339

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
    NIK = "nik"


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
    nik: str = ""
    lost_items: list[str] = field(default_factory=list)
    started_at: float = field(default_factory=time.monotonic)

    @property
    def is_lost_item(self) -> bool:
        return self.category == "lost_item"

    @property
    def is_empty(self) -> bool:
        return self == Session(started_at=self.started_at)

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
        if self.nik.strip() and (p := nik_problem(self.nik.strip())) is not None:
            problems[ContactField.NIK] = p
        return problems

    def description_text(self) -> str:
        """The description sent; a lost-item report without text lists the items."""
        text = self.description.strip()
        if text or not self.is_lost_item:
            return text
        return "Lost: " + ", ".join(categories.LOST_ITEMS[c]["en"] for c in self.lost_items)

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
        return Report.create(
            kiosk=kiosk, category=self.category, language=language,
            description=self.description_text(), incident=self.incident(moment),
            reporter=Reporter(name=self.name.strip() or None,
                              phone=self.phone.strip() or None,
                              nik=self.nik.strip() or None),
            flags=flags,
            lost_items=tuple(self.lost_items) if self.is_lost_item else (),
            now=moment)
