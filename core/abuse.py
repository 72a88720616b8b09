"""Abuse handling that never blocks a call: prank-call friction and repeat reports.

Both rules are plain Python with an injected clock so tests run on a fake one.
- After `threshold` calls abandoned (the caller hung up within `abandoned_s` of
  starting) inside `window_s`, the on-screen call button asks for a 2-second hold and
  warns that prank calls are recorded. Lifting the handset always calls regardless.
- A report with the same category and near-identical text as one filed within
  `window_s` gets the flag `repeat_report`; it is still accepted and sent.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from core.ports import CallStatus, EndReason

Clock = Callable[[], float]
REPEAT_FLAG = "repeat_report"


class CallAbuseGuard:
    def __init__(self, clock: Clock = time.monotonic, *, threshold: int = 3,
                 abandoned_s: float = 5.0, window_s: float = 600.0,
                 hold_s: float = 2.0) -> None:
        self._clock = clock
        self.threshold = threshold
        self.abandoned_s = abandoned_s
        self.window_s = window_s
        self.hold_s = hold_s
        self._abandoned: deque[float] = deque()

    def call_ended(self, started_at: float, status: CallStatus) -> None:
        """Record a finished call that started at `started_at` (same clock)."""
        now = self._clock()
        if status.reason is EndReason.LOCAL_HANGUP and now - started_at < self.abandoned_s:
            self._abandoned.append(now)
        self._expire(now)

    def _expire(self, now: float) -> None:
        while self._abandoned and now - self._abandoned[0] > self.window_s:
            self._abandoned.popleft()

    @property
    def hold_required(self) -> bool:
        self._expire(self._clock())
        return len(self._abandoned) >= self.threshold


@dataclass(frozen=True)
class _Filed:
    at: float
    category: str
    text: str


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


class RepeatDetector:
    """Flags a report that repeats one filed shortly before (same kiosk, any user)."""

    def __init__(self, clock: Clock = time.monotonic, *, window_s: float = 120.0,
                 similarity: float = 0.9) -> None:
        self._clock = clock
        self.window_s = window_s
        self.similarity = similarity
        self._recent: deque[_Filed] = deque(maxlen=50)

    def check_and_record(self, category: str, text: str) -> bool:
        """True if this report repeats a recent one; remember it either way."""
        now = self._clock()
        norm = _normalise(text)
        repeat = any(
            now - f.at <= self.window_s and f.category == category
            and (f.text == norm or SequenceMatcher(None, f.text, norm).ratio()
                 >= self.similarity)
            for f in self._recent)
        self._recent.append(_Filed(now, category, norm))
        return repeat
