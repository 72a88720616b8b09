"""The operator-status vocabulary: how far the command centre has got with a report.

One list, used by the centre (its 110 flow), the kiosk's outbox (which statuses end
the polling) and the done screen (which statuses mean "a person has it").
"""

from __future__ import annotations

from enum import StrEnum


class OperatorStatus(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    DISPATCHED = "dispatched"
    CLOSED = "closed"
    INVALID = "invalid"

    @property
    def is_open(self) -> bool:
        """Still being worked on at the centre."""
        return self in (OperatorStatus.RECEIVED, OperatorStatus.ACKNOWLEDGED,
                        OperatorStatus.DISPATCHED)

    @property
    def in_hand(self) -> bool:
        """A person at the centre has the report (what the kiosk tells its user)."""
        return self in IN_HAND

    @property
    def settled(self) -> bool:
        """Nothing more for the kiosk to wait for: it stops polling."""
        return self in SETTLED

    @classmethod
    def parse(cls, value: object) -> OperatorStatus | None:
        """The status named by `value`, or None for anything else (never raises)."""
        try:
            return cls(str(value))
        except ValueError:
            return None


IN_HAND = frozenset({OperatorStatus.ACKNOWLEDGED, OperatorStatus.DISPATCHED,
                     OperatorStatus.CLOSED})
SETTLED = IN_HAND | {OperatorStatus.INVALID}
