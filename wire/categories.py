"""Report categories: codes stable on the wire, labels in Bahasa Indonesia and English.

The priority is derived from the category's group, never chosen by the user: every
emergency category is `emergency`, crimes and complaints are `urgent`, lost items and
information requests are `normal`. The outbox sends emergency items first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Priority(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    NORMAL = "normal"

    @property
    def rank(self) -> int:
        """Lower sends first."""
        return {"emergency": 0, "urgent": 1, "normal": 2}[self.value]


class Group(StrEnum):
    EMERGENCY = "emergency"
    CRIME = "crime"
    LOST_ITEM = "lost_item"
    INFORMATION = "information"


GROUP_PRIORITY = {
    Group.EMERGENCY: Priority.EMERGENCY,
    Group.CRIME: Priority.URGENT,
    Group.LOST_ITEM: Priority.NORMAL,
    Group.INFORMATION: Priority.NORMAL,
}

GROUP_LABELS = {
    Group.EMERGENCY: {"id": "Darurat", "en": "Emergency"},
    Group.CRIME: {"id": "Kejahatan & Pengaduan", "en": "Crime & complaints"},
    Group.LOST_ITEM: {"id": "Barang Hilang", "en": "Lost item"},
    Group.INFORMATION: {"id": "Informasi", "en": "Information"},
}


@dataclass(frozen=True)
class Category:
    code: str
    group: Group
    label_id: str
    label_en: str

    @property
    def priority(self) -> Priority:
        return GROUP_PRIORITY[self.group]

    def label(self, language: str) -> str:
        return self.label_id if language == "id" else self.label_en


CATEGORIES: tuple[Category, ...] = (
    Category("accident", Group.EMERGENCY, "Kecelakaan", "Accident"),
    Category("fire", Group.EMERGENCY, "Kebakaran", "Fire"),
    Category("disaster", Group.EMERGENCY, "Bencana", "Disaster"),
    Category("riot", Group.EMERGENCY, "Kerusuhan", "Riot"),
    Category("crime_in_progress", Group.EMERGENCY, "Kejahatan sedang terjadi",
             "Crime in progress"),
    Category("medical", Group.EMERGENCY, "Darurat medis", "Medical emergency"),
    Category("theft", Group.CRIME, "Pencurian", "Theft"),
    Category("threat", Group.CRIME, "Ancaman", "Threat"),
    Category("violence", Group.CRIME, "Kekerasan", "Violence"),
    Category("insult", Group.CRIME, "Penghinaan", "Insult"),
    Category("extortion", Group.CRIME, "Pemerasan", "Extortion"),
    Category("harassment", Group.CRIME, "Pelecehan", "Harassment"),
    Category("lost_item", Group.LOST_ITEM, "Barang hilang", "Lost item"),
    Category("information", Group.INFORMATION, "Permintaan informasi", "Information request"),
)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}


def get(code: str) -> Category:
    """The category with this wire code; KeyError if there is none."""
    return BY_CODE[code]


def in_group(group: Group) -> list[Category]:
    return [c for c in CATEGORIES if c.group is group]


# What a commuter may have lost; codes are on the wire in a lost-item report's
# `lost_items`, labels are shown and printed.
LOST_ITEMS: dict[str, dict[str, str]] = {
    "phone": {"id": "Ponsel", "en": "Phone"},
    "wallet": {"id": "Dompet", "en": "Wallet"},
    "ktp": {"id": "KTP / kartu identitas", "en": "KTP / ID card"},
    "bank_cards": {"id": "Kartu bank", "en": "Bank cards"},
    "sim": {"id": "Kartu SIM", "en": "SIM card"},
    "other": {"id": "Lainnya", "en": "Other"},
}
