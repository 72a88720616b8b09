"""What the centre notices about an incoming report or event, as flags it stores.

The centre never refuses an item for what it notices here: the kiosk's user was told
"received" long before, and a refusal would turn a kiosk with a wrong clock or a moved
kiosk into lost reports (issue 11). It records its own receive time, orders and ages
everything by that, and shows these flags to the operators instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from command_center.i18n import N_
from command_center.model import Place
from wire.errors import ReportInvalid
from wire.report import parse_time


class Flag(StrEnum):
    CLOCK_SKEW = "clock_skew"                  # kiosk time ahead, or before registration
    DELAYED = "delayed"                        # filed long before it arrived
    PLACE_MISMATCH = "place_mismatch"          # not the registered place
    PLACE_UNREGISTERED = "place_unregistered"  # registered without a place
    FLOOD = N_("flood")                            # more reports than a person can file

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Flag.CLOCK_SKEW: N_("kiosk clock wrong (its time is ahead of ours or before the "
                        "kiosk was registered); ordered by our receive time"),
    Flag.DELAYED: N_("filed long before it arrived (kiosk offline, or its clock slow)"),
    Flag.PLACE_MISMATCH: N_("the kiosk claimed another place than the one registered; "
                            "the registered place is shown"),
    Flag.PLACE_UNREGISTERED: N_("the kiosk has no registered place; the place it claims "
                                "is shown, unverified"),
    Flag.FLOOD: N_("its kiosk sent an implausible number of reports in a few minutes "
                   "(a flood, or a backlog after an outage)"),
}
_SHORT = {Flag.CLOCK_SKEW: N_("clock"), Flag.DELAYED: N_("late"),
          Flag.PLACE_MISMATCH: N_("place"), Flag.PLACE_UNREGISTERED: N_("unregistered"),
          Flag.FLOOD: N_("flood")}
DELAYED_AFTER_S = 15 * 60
# Registration may follow the kiosk's first use by a little (set up offline, then
# registered): only a time well before it is a wrong clock.
BEFORE_REGISTRATION_SLACK_S = 3600.0


def label(code: str) -> str:
    """The operator's text for a stored flag code; an unknown code is shown as is."""
    try:
        return Flag(code).label
    except ValueError:
        return code


def short(code: str) -> str:
    """A one-word badge for a list."""
    try:
        return _SHORT[Flag(code)]
    except ValueError:
        return code


@dataclass(frozen=True)
class Judgement:
    """The centre's findings for one incoming item, and the place to show for it."""

    flags: tuple[Flag, ...]
    place: Place


def judge(created_at: str, claimed: Place, registered: Place | None, *,
          registered_at: float, received_at: float, recent_reports: int | None,
          skew_s: float, tolerance_m: float, flood_reports: int) -> Judgement:
    """Flags for an item created at `created_at` (the kiosk's clock) and received at
    `received_at` (ours). `recent_reports` is how many reports the kiosk sent in the
    flood window before this one (None for events: floods are about the inbox)."""
    flags: list[Flag] = []
    created = _epoch(created_at)
    if created is not None:
        if created > received_at + skew_s or created < registered_at - BEFORE_REGISTRATION_SLACK_S:
            flags.append(Flag.CLOCK_SKEW)
        elif received_at - created > DELAYED_AFTER_S:
            flags.append(Flag.DELAYED)
    if registered is None:
        flags.append(Flag.PLACE_UNREGISTERED)
        shown = claimed
    else:
        shown = registered
        if not same_place(claimed, registered, tolerance_m):
            flags.append(Flag.PLACE_MISMATCH)
    if recent_reports is not None and recent_reports >= flood_reports:
        flags.append(Flag.FLOOD)
    return Judgement(tuple(flags), shown)


def same_place(a: Place, b: Place, tolerance_m: float) -> bool:
    return (a.station.strip().casefold() == b.station.strip().casefold()
            and distance_m(a, b) <= tolerance_m)


def distance_m(a: Place, b: Place) -> float:
    """Great-circle distance (haversine; plenty for a few hundred metres)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


def _epoch(text: str) -> float | None:
    try:
        moment: datetime = parse_time(text)
        return moment.timestamp()
    except (ReportInvalid, ValueError, OverflowError, OSError):
        return None   # the gate refused impossible times already; never raise here
