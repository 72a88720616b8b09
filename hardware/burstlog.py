"""One log record per burst of the same trouble, with a count, instead of one per event.

A modem spewing junk (a wrong baud rate, a firmware bug, line noise) can send hundreds
of lines a second; logging each would flood journald and push out the records that
matter. `BurstLog` logs the first event of a burst at once, then counts: one summary
record when the burst ends (`flush()`, e.g. when a valid line arrives again, or the
next event after `quiet_s` of calm) and at most one every `every_s` while it lasts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from wire.logs import event


class BurstLog:
    def __init__(self, logger: logging.Logger, name: str, *, level: int = logging.WARNING,
                 quiet_s: float = 2.0, every_s: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._log = logger
        self._name = name
        self._level = level
        self._quiet_s = quiet_s
        self._every_s = every_s
        self._clock = clock
        self._lock = threading.Lock()
        self._active = False
        self._last_at = 0.0
        self._summary_at = 0.0
        self._count = 0                        # events since the last record
        self._sample: dict[str, Any] = {}      # the fields of the latest of them

    def note(self, **fields: Any) -> None:
        """One more event of the kind; logs only the first of a burst (and summaries)."""
        now = self._clock()
        with self._lock:
            if self._active and now - self._last_at > self._quiet_s:
                self._summarise_locked()
                self._active = False
            self._last_at = now
            if not self._active:
                self._active = True
                self._summary_at = now
                first = fields
            else:
                first = None
                self._count += 1
                self._sample = fields
                if now - self._summary_at >= self._every_s:
                    self._summarise_locked()
                    self._summary_at = now
        if first is not None:
            event(self._log, self._name, self._level, burst="first", **first)

    def flush(self) -> None:
        """The burst is over (a good line came, the port closes): say how many more."""
        with self._lock:
            if self._active:
                self._summarise_locked()
                self._active = False

    def _summarise_locked(self) -> None:
        if self._count:
            event(self._log, self._name, self._level, burst="more", count=self._count,
                  **self._sample)
            self._count = 0
            self._sample = {}
