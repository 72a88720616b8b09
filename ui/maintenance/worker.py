"""Run blocking device calls off the Qt thread and get the result back on it.

A printer status query, a test print or a PIN check (scrypt, ~100 ms) must not freeze
the event loop: the emergency call's hook signal is handled on that same loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.logs import event

log = logging.getLogger(__name__)


class Job(QObject):
    """One call of `fn` in a daemon thread; `done` carries its result or its exception.

    The Job lives in the Qt thread, so `done`, emitted from the worker thread, reaches
    its slots through the event loop (a queued connection).
    """

    done = Signal(object)

    def __init__(self, fn: Callable[[], Any], what: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._what = what

    def start(self) -> Job:
        threading.Thread(target=self._run, name=f"maint-{self._what}", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            result: Any = self._fn()
        except Exception as exc:  # reported to the screen as a reason in words
            event(log, "maintenance.job_failed", logging.ERROR, job=self._what,
                  error=type(exc).__name__)
            result = exc
        self.done.emit(result)


def run_job(parent: QObject, what: str, fn: Callable[[], Any],
            on_done: Callable[[Any], None]) -> Job:
    """Start `fn` off the UI thread; `on_done(result)` runs on the UI thread."""
    job = Job(fn, what, parent)
    job.done.connect(on_done)
    job.done.connect(job.deleteLater)
    return job.start()
