"""The last N log lines in memory, for the maintenance screen's Logs page.

A logging handler that keeps formatted JSON lines (the same format as stderr) in a
bounded deque. Lines are masked once by the formatter and again on the way out: the
screen is one more place personal data must never reach.
"""

from __future__ import annotations

import logging
import threading
from collections import deque

from wire.logs import JsonFormatter, mask_pii

DEFAULT_CAPACITY = 200


class LogRing(logging.Handler):
    def __init__(self, capacity: int = DEFAULT_CAPACITY, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.setFormatter(JsonFormatter())
        self._lines: deque[str] = deque(maxlen=capacity)
        self._ring_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # logging must never raise into the caller
            self.handleError(record)
            return
        with self._ring_lock:
            self._lines.append(line)

    def lines(self) -> list[str]:
        """Oldest first, each masked again."""
        with self._ring_lock:
            snapshot = list(self._lines)
        return [mask_pii(line) for line in snapshot]


def install(capacity: int = DEFAULT_CAPACITY) -> LogRing:
    """Attach a ring to the root logger (call once, after `setup_logging`)."""
    ring = LogRing(capacity)
    logging.getLogger().addHandler(ring)
    return ring
