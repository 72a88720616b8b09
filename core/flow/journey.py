"""The order of a report's steps, which depends on what is being reported.

- An emergency category: first the choice between calling 110 and a one-touch alert
  (`EMERGENCY`); details, if the user wants to add them, follow as a report.
- Theft and loss (one journey, "Ponsel / dompet dicuri atau hilang"): what was taken,
  where and when, an optional story, contact, check.
- Everything else: what happened, where, when, contact, check.

From the check screen each row's *Ubah* opens its step; that step's *Next* comes back
to the check screen instead of walking the rest of the journey again.
"""

from __future__ import annotations

from core.flow.navigation import Screen
from core.session import Session

ITEM_STEPS = (Screen.LOST_ITEMS, Screen.WHERE, Screen.WHEN, Screen.DESCRIBE,
              Screen.CONTACT, Screen.REVIEW)
TEXT_STEPS = (Screen.DESCRIBE, Screen.WHERE, Screen.WHEN, Screen.CONTACT, Screen.REVIEW)


def steps(session: Session) -> tuple[Screen, ...]:
    """The steps of this session's report after the category, in order."""
    return ITEM_STEPS if session.lists_items else TEXT_STEPS


def first_step(session: Session) -> Screen:
    if session.is_emergency and not session.alert_details:
        return Screen.EMERGENCY
    return steps(session)[0]


def next_step(session: Session, current: Screen, *, editing: bool) -> Screen:
    """Where *Next* on `current` goes."""
    if editing:
        return Screen.REVIEW
    order = steps(session)
    if current not in order:
        return order[0]
    index = order.index(current)
    return order[min(index + 1, len(order) - 1)]
