"""What every hook-switch backend shares: listeners, state and the health record,
and the thread that keeps a port open and reads it."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, Protocol, Self, TypeVar

import serial

from core.health import Condition, Health, Level
from core.ports import HookListener, notify
from hardware.errors import DeviceBusy, DeviceMissing
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


class Closable(Protocol):
    def close(self) -> None: ...


P = TypeVar("P", bound=Closable)


class HookBase:
    """Listeners and the current state; backends call `_set(off_hook)` and `_problem`."""

    name = "hook"

    def __init__(self, backend: str) -> None:
        self._backend = backend
        # Held while listeners are called (they only queue work and return): a listener
        # subscribing meanwhile waits, so it never hears a state out of order.
        self._lock = threading.RLock()
        self._listeners: list[HookListener] = []
        self._off_hook = False
        self._problem = "starting"
        self._condition = Condition.STARTING

    def is_off_hook(self) -> bool:
        return self._off_hook

    def alive(self) -> bool:
        """The backend's thread runs (the phone's watchdog pings only while it does)."""
        thread: threading.Thread | None = getattr(self, "_thread", None)
        return thread is None or thread.is_alive()

    def _guarded(self, step: Callable[[], None]) -> None:
        """One turn of a backend's loop: a bug is logged and the loop goes on, so the
        hook never goes deaf silently."""
        try:
            step()
        except Exception:
            log.exception("hook_backend_failed")
            time.sleep(0.1)

    def subscribe(self, listener: HookListener) -> None:
        """A handset already lifted is replayed to the new listener at once: a process
        starting with the handset up (after a crash, a watchdog restart, an update)
        must still dial, although the lift happened before anybody listened. Under the
        delivery lock, so the listener hears the replay and the later changes in order,
        each exactly once."""
        with self._lock:
            self._listeners.append(listener)
            if self._off_hook:
                notify([listener], True, log, "hook_listener_failed")

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
        with self._lock:
            if off_hook == self._off_hook:
                return
            self._off_hook = off_hook
            # First: a lift starts the call.
            notify(self._listeners, off_hook, log, "hook_listener_failed")
        event(log, "hook_changed", off_hook=off_hook)


class PortHook(HookBase, Generic[P]):
    """A backend with a thread of its own: it opens the port (`_open`, retried every
    `reopen_s` while that fails), then reads it (`_read`) until `close`. A bug in a turn
    is logged and the loop goes on; the port is closed when the loop ends."""

    reopen_s = 1.0

    def __init__(self, backend: str, thread_name: str) -> None:
        super().__init__(backend)
        self._port: P | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=thread_name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
        self._close_port()

    def open_port(self) -> bool:
        """Open the port (into `_port`); False, with the problem set, when it cannot."""
        raise NotImplementedError

    def _read(self) -> None:
        """One read of the open port."""
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.is_set():
            self._guarded(self._turn)
        self._close_port()

    def _turn(self) -> None:
        if self._port is None and not self.open_port():
            self._stop.wait(self.reopen_s)
            return
        self._read()

    def _cannot_open(self, exc: DeviceBusy | DeviceMissing) -> bool:
        self._set_problem(str(exc), Condition.PORT_BUSY if isinstance(exc, DeviceBusy)
                          else Condition.NONE)
        return False

    def _close_port(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()
