"""Parsing of information responses and mapping of result codes to call outcomes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.ports import CallPhase, EndReason
from hardware.modem import constants as c

_PHASES: dict[int, CallPhase] = {
    c.ClccStat.ACTIVE: CallPhase.ACTIVE, c.ClccStat.HELD: CallPhase.ACTIVE,
    c.ClccStat.DIALING: CallPhase.DIALLING, c.ClccStat.ALERTING: CallPhase.ALERTING,
}


@dataclass(frozen=True)
class CallEntry:
    """One line of TS 27.007 §7.18 +CLCC: <id1>,<dir>,<stat>,<mode>,<mpty>[,<number>,…]."""

    index: int
    outgoing: bool
    stat: int
    voice: bool
    number: str = ""

    @property
    def phase(self) -> CallPhase | None:
        """The screen phase of an outgoing call in this state; None if not ours."""
        return _PHASES.get(self.stat)


def parse_clcc(value: str) -> CallEntry | None:
    """The text after '+CLCC:'; None when it is malformed."""
    parts = [p.strip() for p in value.split(",")]
    try:
        index, direction, stat, mode = (int(p) for p in parts[:4])
    except ValueError:
        return None
    number = parts[5].strip('"') if len(parts) > 5 else ""
    return CallEntry(index=index, outgoing=direction == c.ClccDir.MOBILE_ORIGINATED,
                     stat=stat, voice=mode == c.ClccMode.VOICE, number=number)


def our_call(entries: list[CallEntry]) -> CallEntry | None:
    """The outgoing voice call in progress, if any (a kiosk places one call at a time)."""
    for entry in entries:
        if entry.outgoing and entry.voice and entry.phase is not None:
            return entry
    return None


def parse_reg(value: str) -> c.RegStat | None:
    """+CREG? / +CEREG? read answer '<n>,<stat>[,…]' or an unsolicited '<stat>[,…]'."""
    parts = [p.strip() for p in value.split(",")]
    # A read answer starts with <n>,<stat>; the unsolicited form has <stat> alone or
    # followed by a quoted <lac>: tell them apart by the second field being a number.
    field = parts[1] if len(parts) > 1 and parts[1].isdigit() else parts[0]
    try:
        return c.RegStat(int(field))
    except ValueError:
        return None


def parse_csq(value: str) -> int | None:
    """+CSQ: <rssi>,<ber> → dBm, or None when unknown."""
    m = re.match(r"\s*(\d+)\s*,", value)
    return c.csq_to_dbm(int(m.group(1))) if m else None


def parse_cpin(value: str) -> str:
    """+CPIN: <code> → 'ready', 'SIM PIN', … (TS 27.007 §8.3)."""
    code = value.strip().strip('"')
    return "ready" if code.upper() == "READY" else code


def error_text(final: str) -> str:
    """The text of an ERROR / +CME ERROR / +CMS ERROR line, for details."""
    for prefix in c.ERROR_PREFIXES:
        if final.startswith(prefix):
            return final[len(prefix):].strip()
    return final


def _cme_means(final: str, codes: frozenset[int], texts: tuple[str, ...]) -> bool:
    text = error_text(final).lower()
    if text.isdigit():
        return int(text) in codes
    return any(text.startswith(t) for t in texts)


def sim_missing(final: str) -> bool:
    return final.startswith(c.CME_ERROR) and _cme_means(
        final, c.CME_SIM_MISSING_CODES, c.CME_SIM_MISSING_TEXTS)


def dial_outcome(final: str, was_active: bool = False) -> EndReason | None:
    """How a final/unsolicited result code ends a call; None for OK (call goes on)."""
    if final == c.OK:
        return None
    if final == c.NO_CARRIER:
        return EndReason.REMOTE_HANGUP if was_active else EndReason.NO_CARRIER
    if final == c.BUSY:
        return EndReason.BUSY
    if final == c.NO_ANSWER:
        return EndReason.NO_ANSWER
    if final == c.NO_DIALTONE:
        return EndReason.NO_NETWORK
    if final.startswith(c.CME_ERROR) and _cme_means(
            final, c.CME_NO_NETWORK_CODES, c.CME_NO_NETWORK_TEXTS):
        return EndReason.NO_NETWORK
    return EndReason.MODEM_ERROR     # ERROR, other +CME ERROR, CONNECT (a data call?!)
