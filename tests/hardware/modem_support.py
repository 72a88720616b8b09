"""Shared helpers of the modem and hook tests: short timeouts, a status recorder, a
clock the test can move forward."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from core.config import ModemSection
from core.ports import CallPhase, CallStatus
from hardware.modem import ModemPhone
from simulators.modem import ModemSimulator

WAIT_S = 15.0     # generous: the machine is shared; tests wait on conditions, not time


def modem_section(port: str, **kw: Any) -> ModemSection:
    values: dict[str, Any] = {"port": port, "command_timeout_s": 2.0, "dial_timeout_s": 10.0,
                              "poll_interval_s": 0.05, "reopen_s": 0.2, "refresh_s": 60.0,
                              "test_number": "0215550100"}
    values.update(kw)
    return ModemSection(**values)


class ShiftClock:
    """time.monotonic() plus an offset the test moves forward (never backwards)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


class Recorder:
    """A call listener that keeps every status and lets a test wait for one."""

    def __init__(self) -> None:
        self.statuses: list[CallStatus] = []
        self._cond = threading.Condition()

    def __call__(self, status: CallStatus) -> None:
        with self._cond:
            self.statuses.append(status)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[CallStatus], bool],
                 timeout: float = WAIT_S) -> CallStatus:
        with self._cond:
            found: list[CallStatus] = []

            def seen() -> bool:
                found[:] = [s for s in self.statuses if predicate(s)]
                return bool(found)

            if not self._cond.wait_for(seen, timeout):
                raise AssertionError(f"no such status within {timeout} s; got "
                                     f"{[(s.phase.value, s.reason) for s in self.statuses]}")
            return found[0]

    def wait_phase(self, phase: CallPhase, timeout: float = WAIT_S) -> CallStatus:
        return self.wait_for(lambda s: s.phase is phase, timeout)

    def ended(self, timeout: float = WAIT_S) -> CallStatus:
        return self.wait_phase(CallPhase.ENDED, timeout)

    @property
    def phases(self) -> list[CallPhase]:
        with self._cond:
            return [s.phase for s in self.statuses]


def wait_until(predicate: Callable[[], bool], timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@contextmanager
def running_phone(sim: ModemSimulator, ready: bool = True,
                  clock: Callable[[], float] = time.monotonic,
                  **kw: Any) -> Iterator[tuple[ModemPhone, Recorder]]:
    """A started ModemPhone on `sim`'s pty, initialised unless `ready` is False."""
    phone = ModemPhone(modem_section(sim.port, **kw), clock=clock)
    recorder = Recorder()
    phone.subscribe(recorder)
    phone.start()
    try:
        if ready:
            assert phone.wait_ready(WAIT_S), phone.health()
        yield phone, recorder
    finally:
        phone.close()
