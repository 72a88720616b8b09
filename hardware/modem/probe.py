"""Initialisation and the idle refresh: the commands that learn what the modem knows.

Each step is one command; the sequence stops between two steps when `interrupted()`
says a dial is waiting, so lifting the handset never waits for more than one command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum

from hardware.modem import constants as c
from hardware.modem.at import ATChannel, redacted_hex
from hardware.modem.errors import ModemGone, ModemTimeout
from hardware.modem.parse import (
    CallEntry,
    our_call,
    parse_clcc,
    parse_cpin,
    parse_csq,
    parse_reg,
    sim_missing,
)
from hardware.modem.state import FactsBox, Link
from wire.logs import event

log = logging.getLogger("hardware.modem")

Handler = Callable[[list[str], str], None]


class ProbeResult(Enum):
    DONE = "done"
    INTERRUPTED = "interrupted"
    SILENT = "silent"
    GONE = "gone"


class Prober:
    def __init__(self, facts: FactsBox, timeout_s: float, interrupted: Callable[[], bool],
                 on_call_found: Callable[[CallEntry], None]) -> None:
        self.facts = facts
        self.timeout_s = timeout_s
        self.interrupted = interrupted
        self.on_call_found = on_call_found
        self._registration: dict[str, c.RegStat] = {}

    def initialise(self, channel: ATChannel) -> ProbeResult:
        """Echo off, verbose errors, a call in progress (asked early: a restarted app
        must show it at once), unsolicited +CLCC, then the SIM and network facts."""
        def echo_off(values: list[str], final: str) -> None:
            if final == c.OK:
                channel.echo_is_off()   # an echo from now on means the modem restarted

        steps: list[tuple[str, Handler | None]] = [
            ("ATE0", echo_off), ("AT+CMEE=2", None), ("AT+CLCC", self._on_clcc),
            ("AT+CLCC=1", None), *self._refresh_steps()]
        result = self._run(channel, steps)
        if result is ProbeResult.DONE:
            self.facts.update(initialised=True)
            event(log, "modem_initialised", sim=self.facts.get().sim)
        return result

    def refresh(self, channel: ATChannel) -> ProbeResult:
        return self._run(channel, self._refresh_steps())

    def note_registration(self, line: str) -> None:
        """An unsolicited +CREG / +CEREG."""
        prefix = c.CREG if line.startswith(c.CREG) else c.CEREG
        reg = parse_reg(line[len(prefix):])
        if reg is not None:
            self._set_registration(prefix, reg)

    # ------------------------------------------------------------ the steps

    def _refresh_steps(self) -> list[tuple[str, Handler | None]]:
        return [("AT+CPIN?", self._on_cpin),
                ("AT+CREG?", lambda v, f: self._on_reg(c.CREG, v)),
                ("AT+CEREG?", lambda v, f: self._on_reg(c.CEREG, v)),
                ("AT+CSQ", self._on_csq)]

    def _run(self, channel: ATChannel, steps: list[tuple[str, Handler | None]]) -> ProbeResult:
        for command, handler in steps:
            if self.interrupted():
                return ProbeResult.INTERRUPTED
            try:
                answer = channel.command(command, self.timeout_s)
            except ModemTimeout as exc:
                event(log, "modem_silent", logging.ERROR, command=command,
                      partial=redacted_hex(exc.partial))
                self.facts.update(link=Link.SILENT, initialised=False)
                return ProbeResult.SILENT
            except ModemGone:
                return ProbeResult.GONE
            if self.facts.get().link is Link.SILENT:
                self.facts.update(link=Link.OPEN)
            if handler is not None:
                handler(answer.values(command[2:].rstrip("?") + ":"), answer.final)
        return ProbeResult.DONE

    def _on_cpin(self, values: list[str], final: str) -> None:
        if values:
            self.facts.update(sim=parse_cpin(values[0]))
        elif sim_missing(final):
            self.facts.update(sim="missing")
        else:
            self.facts.update(sim=f"error: {final}")

    def _on_reg(self, prefix: str, values: list[str]) -> None:
        reg = parse_reg(values[0]) if values else None
        if reg is not None:
            self._set_registration(prefix, reg)

    def _set_registration(self, prefix: str, reg: c.RegStat) -> None:
        # Circuit-switched (+CREG) or LTE (+CEREG): the better of the two counts.
        self._registration[prefix] = reg
        best = sorted(self._registration.values(),
                      key=lambda r: (not r.registered, r is not c.RegStat.SEARCHING))[0]
        self.facts.update(registration=best)

    def _on_csq(self, values: list[str], final: str) -> None:
        if values:
            self.facts.update(signal_dbm=parse_csq(values[0]))

    def _on_clcc(self, values: list[str], final: str) -> None:
        entry = our_call([e for e in (parse_clcc(v) for v in values) if e])
        if entry is not None:
            event(log, "call_adopted", stat=entry.stat)
            self.on_call_found(entry)
