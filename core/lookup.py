"""*Cek laporan*: the status of a report, asked for by its code at any kiosk.

The UI process has no network, so a lookup is a request the uploader answers. The flow
first reads this kiosk's own outbox (a report filed here answers at once, with the
centre's last status the uploader polled); for any other code it asks a `RemoteLookup`:
the request goes into the outbox, the uploader calls the centre's
`GET {url}/reports/by-code/{code}` (docs/api.md "Report status by code") and stores the
answer, which the flow polls in the store lane (`offline_queue.inbound` and
`offline_queue.replies`). A kiosk built without them answers an unknown code
"this kiosk cannot ask the centre yet" — never "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from wire.status import OperatorStatus


class Progress(StrEnum):
    """How far a report has got, as the kiosk can know it."""

    STORED = "stored"            # on the kiosk it was filed at, not yet delivered
    DELIVERED = "delivered"      # the centre confirmed it received it
    IN_HAND = "in_hand"          # an operator has it (acknowledged/dispatched/closed)
    INVALID = "invalid"          # an operator judged it not a valid report
    NOT_FOUND = "not_found"      # the centre (or this kiosk) knows no such code
    UNAVAILABLE = "unavailable"  # the centre could not be asked (yet)


@dataclass(frozen=True)
class LookupAnswer:
    code: str
    progress: Progress
    status: OperatorStatus | None = None   # the centre's word, when it gave one
    category: str | None = None
    updated_at: str | None = None          # RFC 3339, the centre's time of the status

    @classmethod
    def from_status(cls, code: str, status: OperatorStatus | None, *, delivered: bool,
                    category: str | None = None,
                    updated_at: str | None = None) -> LookupAnswer:
        """The answer for a report whose delivery and operator status are known."""
        if status is OperatorStatus.INVALID:
            progress = Progress.INVALID
        elif status is not None and status.in_hand:
            progress = Progress.IN_HAND
        elif delivered or status is not None:
            progress = Progress.DELIVERED
        else:
            progress = Progress.STORED
        return cls(code, progress, status, category, updated_at)


class RemoteLookup(Protocol):
    """Asks the centre through the uploader. Both methods run in the store lane."""

    def ask(self, code: str) -> str:
        """Queue a lookup of `code` (normalised, `wire.ticket.normalize_code`); its id."""

    def answer(self, lookup_id: str) -> LookupAnswer | None:
        """The centre's answer, or None while the uploader has not got one yet."""
