"""The control language of `python -m simulators`: one command per line, one reply.

The same commands arrive on stdin and on the control socket (`ctl`); each reply is one
line starting with "ok" or "error".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator, Outcome

HELP = """\
hook:     lift | replace | hook
printer:  paper-out on|off | paper-near-end on|off | cover-open on|off
          printer-junk on|off
modem, per number (or every number when NUMBER is left out):
          modem answer [NUMBER] | modem answer-after SECONDS [NUMBER]
          modem busy [NUMBER] | modem no-carrier [NUMBER] | modem no-answer [NUMBER]
          modem no-network [NUMBER] | modem error [NUMBER] | modem cme-error [NUMBER]
          modem ring-forever [NUMBER] | modem hangup-after SECONDS [NUMBER]
modem, global:
          modem network on|off | modem sim-missing on|off | modem silent on|off
          modem garbage on|off | modem reply-delay SECONDS
          modem remote-hangup | modem gone | modem reset
          modem stall SECONDS | modem reboot | modem junk LINES
          modem commands | modem call
other:    status | help | quit"""

_OUTCOMES = {o.value: o for o in Outcome}
_FLAGS = {"sim-missing": "sim_missing", "silent": "silent", "garbage": "garbage"}
_PRINTER_FLAGS = {"paper-out": "paper_out", "paper-near-end": "paper_near_end",
                  "printer-junk": "junk",
                  "cover-open": "cover_open"}


class CommandError(Exception):
    """A control line that cannot be carried out; the message is the reply."""


@dataclass
class Simulators:
    modem: ModemSimulator
    hook: HookSimulator
    printer: Any = None          # simulators.printer.PrinterSimulator, when present

    def ports(self) -> dict[str, str]:
        return {"printer": getattr(self.printer, "port", "") if self.printer else "",
                "modem": self.modem.port, "hook": self.hook.port}


def _on_off(word: str) -> bool:
    if word not in ("on", "off"):
        raise CommandError(f"expected on or off, got {word!r}")
    return word == "on"


def _seconds(word: str) -> float:
    try:
        value = float(word)
    except ValueError:
        raise CommandError(f"expected seconds, got {word!r}") from None
    if value < 0:
        raise CommandError("seconds must not be negative")
    return value


def execute(sims: Simulators, line: str) -> str:
    """Run one control line; returns the reply (raises nothing)."""
    words = line.strip().split()
    if not words:
        return "error empty command (try: help)"
    try:
        return "ok " + _dispatch(sims, words[0], words[1:])
    except CommandError as exc:
        return f"error {exc}"


def _dispatch(sims: Simulators, verb: str, args: list[str]) -> str:
    def lift() -> str:
        sims.hook.lift()
        return "handset lifted"

    def replace() -> str:
        sims.hook.replace()
        return "handset on the hook"

    simple: dict[str, Callable[[], str]] = {
        "lift": lift,
        "replace": replace,
        "hook": lambda: "off hook" if sims.hook.off_hook else "on hook",
        "status": lambda: json.dumps({**sims.ports(), "off_hook": sims.hook.off_hook,
                                      "call": _call_state(sims.modem),
                                      "printer_flags": _printer_flags(sims)}),
        "help": lambda: HELP,
    }
    if verb in simple and not args:
        return simple[verb]()
    if verb in _PRINTER_FLAGS and len(args) == 1:
        return _printer_flag(sims, _PRINTER_FLAGS[verb], _on_off(args[0]))
    if verb == "modem" and args:
        return _modem(sims.modem, args[0], args[1:])
    raise CommandError(f"unknown command {' '.join([verb, *args])!r} (try: help)")


def _printer_flag(sims: Simulators, name: str, value: bool) -> str:
    printer = sims.printer
    if printer is None:
        raise CommandError("no printer simulator is running")
    setter = getattr(printer, f"set_{name}", None)
    if callable(setter):
        setter(value)
    elif hasattr(printer, name):
        setattr(printer, name, value)
    else:
        raise CommandError(f"the printer simulator has no {name!r} switch")
    return f"printer {name.replace('_', '-')} {'on' if value else 'off'}"


def _printer_flags(sims: Simulators) -> dict[str, bool]:
    return {flag.replace("_", "-"): bool(getattr(sims.printer, flag, False))
            for flag in _PRINTER_FLAGS.values()} if sims.printer is not None else {}


def _call_state(modem: ModemSimulator) -> str:
    stat = modem.call_stat
    return "none" if stat is None else stat.name.lower()


def _modem(modem: ModemSimulator, verb: str, args: list[str]) -> str:
    if verb in _OUTCOMES and len(args) <= 1:
        number = args[0] if args else None
        modem.script(number, outcome=_OUTCOMES[verb])
        return f"modem {verb} for {number or 'every number'}"
    if verb in ("answer-after", "hangup-after") and 1 <= len(args) <= 2:
        number = args[1] if len(args) == 2 else None
        seconds = _seconds(args[0])
        if verb == "answer-after":
            modem.script(number, outcome=Outcome.ANSWER, answer_after_s=seconds)
        else:
            modem.script(number, hangup_after_s=seconds)
        return f"modem {verb} {seconds:g} s for {number or 'every number'}"
    if verb in _FLAGS and len(args) == 1:
        setattr(modem, _FLAGS[verb], _on_off(args[0]))
        return f"modem {verb} {args[0]}"
    if verb == "reply-delay" and len(args) == 1:
        modem.reply_delay_s = _seconds(args[0])
        return f"modem answers every command after {modem.reply_delay_s:g} s"
    if verb == "stall" and len(args) == 1:
        modem.stall(_seconds(args[0]))
        return f"modem stalls for {_seconds(args[0]):g} s"
    if verb == "junk" and len(args) == 1:
        if not args[0].isdigit():
            raise CommandError(f"expected a number of lines, got {args[0]!r}")
        modem.junk(int(args[0]))
        return f"modem sent {int(args[0])} junk lines"
    if verb == "network" and len(args) == 1:
        modem.no_network = not _on_off(args[0])
        return f"modem network {args[0]}"
    if args:
        raise CommandError(f"unknown modem command {' '.join([verb, *args])!r}")
    if verb == "remote-hangup":
        modem.remote_hangup()
        return "far end hung up"
    if verb == "reboot":
        modem.reboot()
        return "modem rebooting (call dropped, echo on, then RDY)"
    if verb == "gone":
        modem.gone()
        return "modem port closed (unplugged)"
    if verb == "reset":
        modem.reset_scripts()
        modem.silent = modem.garbage = modem.sim_missing = modem.no_network = False
        modem.reply_delay_s = 0.0
        return "modem back to defaults"
    if verb == "commands":
        return json.dumps(modem.commands())
    if verb == "call":
        return _call_state(modem)
    raise CommandError(f"unknown modem command {verb!r} (try: help)")
