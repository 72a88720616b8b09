"""Two clocks, and the checks that keep a wrong one from doing harm.

Every timer and hold inside the uploader runs on the monotonic clock, which no one can
step. The wall clock is only for what is stored or sent (created_at, next attempts in
the outbox, heartbeat times), and two things watch it:

- `StepWatch` notices when the wall clock was stepped (NTP after a boot without an
  RTC, a technician's `date -s`) by how far it moved against the monotonic clock, so
  the stored holds can be moved with it (`Outbox.shift_holds`).
- `SkewWatch` compares it with the command centre's HTTP `Date` on the centre's own
  answers, and raises the clock alarm of the uplink health beyond `clock_alarm_s`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wire.durations import duration

STEP_TOLERANCE_S = 1.0  # wall minus monotonic drifts by far less than this between loops
DATE_RESOLUTION_S = 1.0  # an HTTP Date is in whole seconds, truncated


class StepWatch:
    def __init__(self, wall: Callable[[], float], mono: Callable[[], float]) -> None:
        self._wall, self._mono = wall, mono
        self._offset = wall() - mono()

    def check(self) -> float:
        """Seconds the wall clock was stepped since the last check (0.0: not stepped)."""
        offset = self._wall() - self._mono()
        step = offset - self._offset
        if abs(step) <= STEP_TOLERANCE_S:
            return 0.0
        self._offset = offset
        return step


@dataclass
class SkewWatch:
    alarm_s: float
    skew_s: float | None = None  # our wall clock minus the centre's: > 0 means fast
    checked_at: float | None = None  # our wall clock then

    def observe(self, server_date: float | None, received_at: float | None) -> None:
        if server_date is None or received_at is None:
            return
        # The centre's clock read between Date and Date + 1 s when it answered.
        self.skew_s = round(received_at - (server_date + DATE_RESOLUTION_S / 2), 1)
        self.checked_at = received_at

    @property
    def alarm(self) -> bool:
        return self.skew_s is not None and abs(self.skew_s) > self.alarm_s

    def describe(self) -> str:
        if self.skew_s is None:
            return "not compared with the command centre yet"
        way = "fast" if self.skew_s > 0 else "slow"
        return (f"the kiosk clock is {duration(abs(self.skew_s))} {way} compared with the "
                "command centre (check NTP / the RTC battery)")

    def to_dict(self) -> dict[str, Any]:
        return {"skew_s": self.skew_s, "alarm": self.alarm, "alarm_s": self.alarm_s}
