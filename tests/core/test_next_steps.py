"""The next steps after a loss or a theft follow the ticked items, most urgent first."""

from __future__ import annotations

import pytest

from core.next_steps import (
    ACCOUNTS,
    BANK_CARDS,
    KTP,
    LOSS_CERTIFICATE,
    PHONE_LOCK,
    POLICE_REPORT,
    SIM,
    STEPS,
    steps_for,
)
from wire.categories import CATEGORIES, LOST_ITEMS


@pytest.mark.parametrize(("category", "items", "expected"), [
    ("lost_item", ("phone",), (SIM, ACCOUNTS, PHONE_LOCK, LOSS_CERTIFICATE)),
    ("lost_item", ("wallet", "bank_cards"), (BANK_CARDS, LOSS_CERTIFICATE)),
    ("lost_item", ("ktp",), (LOSS_CERTIFICATE, KTP)),
    ("lost_item", ("sim",), (SIM, LOSS_CERTIFICATE)),
    ("lost_item", ("other",), (LOSS_CERTIFICATE,)),
    ("lost_item", (), (LOSS_CERTIFICATE,)),
    ("theft", ("phone", "ktp"), (SIM, ACCOUNTS, PHONE_LOCK, POLICE_REPORT, KTP)),
    ("theft", (), (POLICE_REPORT,)),
    ("crime_in_progress", ("wallet",), (BANK_CARDS, POLICE_REPORT)),
    ("not_a_category", ("wallet",), (BANK_CARDS, LOSS_CERTIFICATE)),
    ("fire", (), ()),
    ("information", (), ()),
])
def test_steps_follow_the_items_and_the_kind_of_report(category: str, items: tuple[str, ...],
                                                       expected: tuple[object, ...]) -> None:
    assert steps_for(category, items) == expected


def test_every_item_and_category_gives_steps_in_urgency_order_without_repeats() -> None:
    for category in CATEGORIES:
        steps = steps_for(category.code, [*LOST_ITEMS, *LOST_ITEMS])
        assert len(set(steps)) == len(steps)
        assert [STEPS.index(s) for s in steps] == sorted(STEPS.index(s) for s in steps)
        assert (LOSS_CERTIFICATE in steps) != (POLICE_REPORT in steps)


def test_every_step_is_written_in_both_languages() -> None:
    for step in STEPS:
        assert step.text("id") != step.text("en")
        assert step.text("id") == step.text_id and step.text("fr") == step.text_en
