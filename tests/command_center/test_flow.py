"""The 110 flow's rules."""

from __future__ import annotations

import pytest

from command_center.model import Action, Status, Validity, allowed, apply, available


def test_a_new_report_can_be_judged_acknowledged_dispatched_or_closed() -> None:
    assert available(Status.RECEIVED, Validity.UNKNOWN) == list(Action)


def test_the_usual_path_ends_closed_and_valid() -> None:
    status, validity = Status.RECEIVED, Validity.UNKNOWN
    for action in (Action.ACKNOWLEDGE, Action.MARK_VALID, Action.DISPATCH, Action.CLOSE):
        assert allowed(action, status, validity)
        status, validity = apply(action, status, validity)
    assert (status, validity) == (Status.CLOSED, Validity.VALID)
    assert available(status, validity) == []


def test_a_prank_is_invalid_and_can_only_be_closed() -> None:
    status, validity = apply(Action.MARK_INVALID, Status.ACKNOWLEDGED, Validity.UNKNOWN)
    assert (status, validity) == (Status.INVALID, Validity.INVALID)
    assert available(status, validity) == [Action.CLOSE]


@pytest.mark.parametrize(("action", "status"), [
    (Action.ACKNOWLEDGE, Status.DISPATCHED),
    (Action.DISPATCH, Status.CLOSED),
    (Action.MARK_INVALID, Status.CLOSED),
])
def test_the_flow_does_not_go_backwards(action: Action, status: Status) -> None:
    assert not allowed(action, status, Validity.UNKNOWN)


def test_marking_valid_twice_is_not_offered() -> None:
    assert not allowed(Action.MARK_VALID, Status.RECEIVED, Validity.VALID)
