"""What the driver knows about the modem, and the health record made from it."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from core.health import Condition, Health, Level
from hardware.modem.constants import RegStat

WEAK_SIGNAL_DBM = -105     # below this, calls drop: tell a technician


class Link(StrEnum):
    """The state of the port itself."""

    NOT_OPEN = "not_open"
    OPEN = "open"
    BUSY = "busy"          # another process holds it
    MISSING = "missing"    # cannot be opened
    GONE = "gone"          # was open, then failed
    SILENT = "silent"      # open, but the modem does not answer


@dataclass(frozen=True)
class ModemFacts:
    link: Link = Link.NOT_OPEN
    link_error: str = ""
    sim: str = "unknown"                 # ready / missing / SIM PIN / …
    registration: RegStat | None = None  # best of +CREG and +CEREG
    signal_dbm: int | None = None
    initialised: bool = False


class FactsBox:
    """ModemFacts shared between the worker (writer) and health() callers (readers)."""

    def __init__(self, port: str) -> None:
        self.port = port
        self._lock = threading.Lock()
        self._facts = ModemFacts()

    def get(self) -> ModemFacts:
        with self._lock:
            return self._facts

    def update(self, **changes: Any) -> None:
        with self._lock:
            self._facts = replace(self._facts, **changes)

    def health(self, call_phase: str) -> Health:
        f = self.get()
        details: dict[str, Any] = {
            "port": self.port, "link": f.link.value, "sim": f.sim,
            "registration": f.registration.words if f.registration is not None else "unknown",
            "signal_dbm": f.signal_dbm, "call": call_phase,
        }
        level, reason = _judge(f)
        condition = (Condition.PORT_BUSY if f.link is Link.BUSY
                     else Condition.STARTING if f.link is Link.NOT_OPEN and not f.initialised
                     else Condition.NONE)
        return Health("modem", level, reason, details, condition=condition)


def _judge(f: ModemFacts) -> tuple[Level, str]:
    if f.link is Link.BUSY:
        return Level.FAIL, "modem port is held by another process"
    if f.link in (Link.MISSING, Link.GONE, Link.NOT_OPEN):
        why = f" ({f.link_error})" if f.link_error else ""
        return Level.FAIL, f"cannot reach the modem port{why}; retrying"
    if f.link is Link.SILENT:
        return Level.FAIL, "the modem does not answer AT commands"
    if f.sim == "missing":
        return Level.FAIL, "no SIM card: only emergency calls may work"
    if f.sim not in ("ready", "unknown"):
        return Level.FAIL, f"SIM not ready ({f.sim})"
    reg = f.registration
    if reg is RegStat.DENIED:
        return Level.FAIL, "network registration denied"
    if reg is not None and not reg.registered:
        return Level.WARN, f"not registered on a network ({reg.words})"
    if f.signal_dbm is not None and f.signal_dbm < WEAK_SIGNAL_DBM:
        return Level.WARN, f"weak signal ({f.signal_dbm} dBm)"
    if not f.initialised:
        return Level.WARN, "modem is starting"
    signal = f"{f.signal_dbm} dBm" if f.signal_dbm is not None else "signal unknown"
    return Level.OK, f"ready, {reg.words if reg else 'registration unknown'}, {signal}"
