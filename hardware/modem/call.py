"""One attempt at one number: dial, follow the call until it ends, say why it ended.

Runs on the modem worker thread, which is the only thread that sends commands. Hook
events, hang-up requests, unsolicited result codes and a lost port all arrive through
the same inbox queue, so the loop below reacts to whichever comes first.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from core.config import ModemSection
from core.ports import CallPhase, EndReason
from hardware.modem import constants as c
from hardware.modem.at import ATChannel
from hardware.modem.errors import ModemGone, ModemTimeout
from hardware.modem.parse import CallEntry, dial_outcome, our_call, parse_clcc
from wire.logs import event

log = logging.getLogger("hardware.modem.call")

# A real modem may list the call a moment after ATD's OK: an empty +CLCC list this soon
# after dialling is not yet the end of the call.
EMPTY_LIST_GRACE_S = 2.0
# After +CLCC shows the call gone, wait this long for the result code saying why.
RESULT_CODE_GRACE_S = 0.3


# A modem that stops answering mid-call has usually not dropped the call (the radio
# link does not depend on the AT port): the screen shows "connection trouble" for this
# long, at least, before the call is given up as MODEM_SILENT.
STALL_GIVE_UP_S = 30.0


class Kind(Enum):
    DIAL = "dial"
    HANGUP = "hangup"
    CLOSE = "close"
    LINE = "line"      # an unsolicited result code from the reader thread
    LOST = "lost"      # the port failed
    RESET = "reset"    # the modem restarted (RDY, +CPIN: READY, echo back on)


@dataclass(frozen=True)
class Request:
    kind: Kind
    numbers: tuple[str, ...] = ()
    emergency: bool = True
    line: str = ""
    hangups: int = 0   # a DIAL: hang-ups requested before it (a later one cancels it)


@dataclass(frozen=True)
class Outcome:
    reason: EndReason
    detail: str = ""
    closing: bool = False     # the driver is closing: stop everything
    left_up: bool = False     # closing, and the emergency call was left to go on


Publish = Callable[[CallPhase, "float | None", bool], None]   # phase, connected_at, trouble


class CallAttempt:
    def __init__(self, channel: ATChannel, section: ModemSection,
                 inbox: queue.Queue[Request], publish: Publish, *, emergency: bool,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.channel = channel
        self.section = section
        self.inbox = inbox
        self.publish = publish
        self.emergency = emergency
        self.clock = clock
        self.phase = CallPhase.DIALLING
        self.connected_at: float | None = None
        self.started = clock()
        self.seen_call = False
        self.can_poll = True
        self.silent_since: float | None = None   # polls unanswered since (a stall)

    # ------------------------------------------------------------ entry points

    def dial(self, number: str) -> Outcome:
        try:
            pending = self.channel.send(f"ATD{number};", c.COMMAND_FINALS + c.CALL_PROGRESS)
        except ModemGone as exc:
            return Outcome(EndReason.MODEM_GONE, str(exc))
        self.started = self.clock()
        self.publish(CallPhase.DIALLING, None, False)
        try:
            answer = self.channel.wait(pending, self.section.command_timeout_s)
        except ModemTimeout as exc:
            return Outcome(EndReason.MODEM_SILENT, str(exc))
        except ModemGone as exc:
            return Outcome(EndReason.MODEM_GONE, str(exc))
        reason = dial_outcome(answer.final)
        if reason is not None:
            return Outcome(reason, answer.final)
        return self._follow()

    def adopt(self, entry: CallEntry) -> Outcome:
        """Follow a call found in progress at start-up (the app restarted mid-call)."""
        self.seen_call = True
        self._set_phase(entry.phase or CallPhase.ACTIVE)
        return self._follow()

    # ------------------------------------------------------------ the loop

    def _follow(self) -> Outcome:
        next_poll = self.clock()
        while True:
            now = self.clock()
            outcome = self._check_deadlines(now)
            if outcome is not None:
                return outcome
            if self.can_poll and now >= next_poll:
                outcome = self._poll()
                if outcome is not None:
                    return outcome
                next_poll = self.clock() + self.section.poll_interval_s
            wait = max(0.0, next_poll - self.clock()) if self.can_poll else 1.0
            try:
                request = self.inbox.get(timeout=wait)
            except queue.Empty:
                continue
            outcome = self._handle(request)
            if outcome is not None:
                return outcome

    def _handle(self, request: Request) -> Outcome | None:
        if request.kind is Kind.HANGUP:
            return self._hang_up(EndReason.LOCAL_HANGUP)
        if request.kind is Kind.CLOSE:
            if self.emergency:
                # The app is stopping (update, restart): the caller keeps talking to 110
                # and the next start adopts the call from +CLCC.
                return Outcome(EndReason.LOCAL_HANGUP, closing=True, left_up=True)
            return Outcome(self._hang_up(EndReason.LOCAL_HANGUP).reason, closing=True)
        if request.kind is Kind.LOST:
            return Outcome(EndReason.MODEM_GONE, "the modem port was lost")
        if request.kind is Kind.RESET:
            # A restart drops the call: say so, rather than "the operator hung up" when
            # the next poll finds no call.
            return Outcome(EndReason.MODEM_RESET, request.line)
        if request.kind is Kind.DIAL:
            event(log, "dial_ignored_call_in_progress")
            return None
        return self._unsolicited(request.line)

    def _unsolicited(self, line: str) -> Outcome | None:
        if line.startswith(c.CLCC):
            entry = parse_clcc(line[len(c.CLCC):])
            if entry is not None and entry.outgoing and entry.voice and entry.phase:
                self.seen_call = True
                self._set_phase(entry.phase)
            return None
        if line in c.UNSOLICITED_CODES and line != c.RING:
            reason = dial_outcome(line, was_active=self.phase is CallPhase.ACTIVE)
            return Outcome(reason or EndReason.NO_CARRIER, line)
        return None            # RING (we never answer), +CREG …

    def _poll(self) -> Outcome | None:
        try:
            answer = self.channel.command("AT+CLCC", self.section.command_timeout_s)
        except ModemTimeout as exc:
            return self._stalled(str(exc))
        except ModemGone as exc:
            return Outcome(EndReason.MODEM_GONE, str(exc))
        if self.silent_since is not None:
            event(log, "modem_stall_over",
                  seconds=round(self.clock() - self.silent_since, 1))
            self.silent_since = None
            self.publish(self.phase, self.connected_at, False)
        if not answer.ok:
            # Not supported in this state: follow the call by result codes alone.
            event(log, "clcc_unsupported", logging.WARNING, final=answer.final)
            self.can_poll = False
            return None
        entries = [e for e in (parse_clcc(v) for v in answer.values(c.CLCC)) if e]
        entry = our_call(entries)
        if entry is not None and entry.phase is not None:
            self.seen_call = True
            self._set_phase(entry.phase)
            return None
        if not self.seen_call and self.clock() - self.started < EMPTY_LIST_GRACE_S:
            return None
        return self._call_vanished()

    def _stalled(self, why: str) -> Outcome | None:
        """A poll went unanswered: connection trouble on screen, the call goes on."""
        now = self.clock()
        if self.silent_since is None:
            self.silent_since = now
            event(log, "modem_stall", logging.WARNING, phase=self.phase.value)
            self.publish(self.phase, self.connected_at, True)
        give_up = max(STALL_GIVE_UP_S, 4 * self.section.command_timeout_s)
        if now - self.silent_since >= give_up:
            return Outcome(EndReason.MODEM_SILENT, why)
        return None

    def _call_vanished(self) -> Outcome:
        """The call is no longer listed: prefer the result code that says why."""
        deadline = self.clock() + RESULT_CODE_GRACE_S
        while (left := deadline - self.clock()) > 0:
            try:
                request = self.inbox.get(timeout=left)
            except queue.Empty:
                break
            if request.kind is Kind.LINE and request.line in c.UNSOLICITED_CODES \
                    and request.line != c.RING:
                return self._unsolicited(request.line) or Outcome(EndReason.NO_CARRIER)
            outcome = self._handle(request)
            if outcome is not None:
                return outcome
        if self.phase is CallPhase.ACTIVE:
            return Outcome(EndReason.REMOTE_HANGUP, "call no longer listed")
        return Outcome(EndReason.NO_CARRIER, "call no longer listed")

    def _check_deadlines(self, now: float) -> Outcome | None:
        s = self.section
        if self.connected_at is not None and now - self.connected_at >= s.max_call_s:
            return self._hang_up(EndReason.MAX_DURATION)
        waited = now - self.started
        if waited < s.dial_timeout_s or self.phase is CallPhase.ACTIVE:
            return None
        # Never hang up on an emergency call that is ringing: the operator may be
        # about to pick up, and the network ends it itself (NO ANSWER) if nobody does.
        ringing = self.phase is CallPhase.ALERTING or not self.can_poll
        if self.emergency and ringing:
            return None
        return self._hang_up(EndReason.NO_ANSWER)

    # ------------------------------------------------------------ helpers

    def _set_phase(self, phase: CallPhase) -> None:
        if phase is self.phase and (phase is not CallPhase.ACTIVE or self.connected_at):
            return
        self.phase = phase
        if phase is CallPhase.ACTIVE and self.connected_at is None:
            self.connected_at = self.clock()
        self.publish(phase, self.connected_at, self.silent_since is not None)

    def _hang_up(self, reason: EndReason) -> Outcome:
        """AT+CHUP (TS 27.007 §6.5) ends a voice call on every modem we know; ATH
        (V.250) is the fallback for modems that refuse it."""
        for command in ("AT+CHUP", "ATH"):
            try:
                if self.channel.command(command, self.section.command_timeout_s).ok:
                    break
            except ModemTimeout:
                return Outcome(reason, "the modem did not answer the hang-up")
            except ModemGone:
                return Outcome(reason, "the modem port was lost")
        return Outcome(reason)
