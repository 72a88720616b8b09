"""What every hook-switch backend shares: listeners, state and the health record."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from core.health import Condition, Health, Level
from core.ports import HookListener
from wire.logs import event

log = logging.getLogger("hardware.hook")


class Debouncer:
    """A contact is stable once it has read the same for `debounce_s`; `feed` returns
    the new stable state when it changes, else None. The clock is injected for tests."""

    def __init__(self, debounce_s: float, clock: Callable[[], float],
                 initial: bool = False) -> None:
        self.debounce_s = debounce_s
        self.clock = clock
        self.state = initial
        self._candidate = initial
        self._since = clock()

    def feed(self, raw: bool) -> bool | None:
        now = self.clock()
        if raw != self._candidate:
            self._candidate, self._since = raw, now
        if self._candidate != self.state and now - self._since >= self.debounce_s:
            self.state = self._candidate
            return self.state
        return None


class HookBase:
    """Listeners and the current state; backends call `_set(off_hook)` and `_problem`."""

    name = "hook"

    def __init__(self, backend: str) -> None:
        self._backend = backend
        self._lock = threading.Lock()
        self._listeners: list[HookListener] = []
        self._off_hook = False
        self._problem = "starting"
        self._condition = Condition.STARTING

    def is_off_hook(self) -> bool:
        return self._off_hook

    def subscribe(self, listener: HookListener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def health(self) -> Health:
        details = {"backend": self._backend, "off_hook": self._off_hook}
        if self._problem:
            return Health(self.name, Level.FAIL, self._problem, details,
                          condition=self._condition)
        state = "handset lifted" if self._off_hook else "handset on the hook"
        return Health(self.name, Level.OK, state, details)

    def _set_problem(self, problem: str, condition: Condition = Condition.NONE) -> None:
        if problem and problem != self._problem:
            event(log, "hook_problem", logging.ERROR, problem=problem)
        self._problem = problem
        self._condition = condition

    def _set(self, off_hook: bool) -> None:
        """Record a (debounced) state; listeners hear only changes."""
        if off_hook == self._off_hook:
            return
        self._off_hook = off_hook
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:       # first: lifting the handset starts the call
            try:
                listener(off_hook)
            except Exception:  # one broken listener must not silence the others
                log.exception("hook_listener_failed")
        event(log, "hook_changed", off_hook=off_hook)
