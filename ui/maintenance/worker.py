"""Run blocking device calls off the Qt thread and get the result back on it.

A printer status query, a test print or a PIN check (scrypt, ~100 ms) must not freeze
the event loop: the emergency call's hook signal is handled on that same loop.

The worker thread never touches a QObject that may be deleted meanwhile: it emits on
one relay that lives as long as the process, and the relay calls `on_done` on the UI
thread only if the page that asked still exists (a page closed during a slow printer
query must not be updated after its C++ side is gone).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from shiboken6 import isValid

from wire.logs import event

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Created on the UI thread and never deleted; runs posted callables there."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def _run(self, fn: Callable[[], None]) -> None:
        fn()


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay  # noqa: PLW0603 - one relay per process, made on first use
    if _relay is None:
        _relay = _Relay()
    return _relay


class Job:
    """One call of `fn` in a daemon thread; `on_done(result or exception)` on the UI thread."""

    def __init__(self, fn: Callable[[], Any], what: str, owner: QObject,
                 on_done: Callable[[Any], None]) -> None:
        self._fn, self._what, self._owner, self._on_done = fn, what, owner, on_done
        self._relay = _the_relay()   # on the UI thread: the relay must live there

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
        self._relay.posted.emit(lambda: self._deliver(result))

    def _deliver(self, result: Any) -> None:
        if isValid(self._owner):   # the page may have been closed meanwhile
            self._on_done(result)


def run_job(parent: QObject, what: str, fn: Callable[[], Any],
            on_done: Callable[[Any], None]) -> Job:
    """Start `fn` off the UI thread; `on_done(result)` runs on the UI thread, unless
    `parent` (the page that asked) has been deleted by then."""
    return Job(fn, what, parent, on_done).start()
