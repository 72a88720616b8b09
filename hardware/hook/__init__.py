"""The handset's hook switch as a `core.ports.HookSwitch`.

Backends (`[handset] hook`): "serial" — a modem-status line of a serial port, polled
and debounced (`lines.py`); "sim" — the simulator's pty (`sim.py`); "none". `build`
never raises: a missing port shows in `health()` and is retried.
"""

from __future__ import annotations

from core.config import HandsetSection
from core.health import Health, Level
from core.ports import HookListener, HookSwitch
from hardware.hook.base import HookBase
from hardware.hook.lines import StatusLineHook
from hardware.hook.sim import SimHook

__all__ = ["HookBase", "NoHook", "SimHook", "StatusLineHook", "build"]


class NoHook:
    """No hook switch: the handset never lifts; calls start from the screen only."""

    def is_off_hook(self) -> bool:
        return False

    def subscribe(self, listener: HookListener) -> None:
        pass

    def alive(self) -> bool:
        return True

    def health(self) -> Health:
        return Health("hook", Level.WARN, "no hook switch configured", {"backend": "none"})

    def close(self) -> None:
        pass


def build(section: HandsetSection) -> HookSwitch:
    if section.hook == "serial" and section.port:
        return StatusLineHook(section).start()
    if section.hook == "sim" and section.port:
        return SimHook(section).start()
    return NoHook()
