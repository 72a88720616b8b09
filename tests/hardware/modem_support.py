"""Shared helpers of the modem and hook tests: short timeouts, a status recorder, a
clock the test can move forward."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from core.config import ModemSection
from core.ports import CallPhase, CallStatus
from hardware.modem import ModemPhone
from simulators.modem import ModemSimulator
from tests.support.wait import WAIT_S, Heard


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


class Recorder(Heard[CallStatus]):
    """A call listener that keeps every status and lets a test wait for one."""

    @property
    def statuses(self) -> list[CallStatus]:
        return self.snapshot()

    def describe(self) -> str:
        return repr([(s.phase.value, s.reason) for s in self.values])

    def wait_phase(self, phase: CallPhase, timeout: float = WAIT_S) -> CallStatus:
        return self.wait_for(lambda s: s.phase is phase, timeout)

    def ended(self, timeout: float = WAIT_S) -> CallStatus:
        return self.wait_phase(CallPhase.ENDED, timeout)

    @property
    def phases(self) -> list[CallPhase]:
        return [s.phase for s in self.snapshot()]


def dials(sim: ModemSimulator) -> list[str]:
    """The dial commands the modem received, in order."""
    return [c for c in sim.commands() if c.startswith("ATD")]


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
