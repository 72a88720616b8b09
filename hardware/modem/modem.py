"""The GSM/LTE modem as a `core.ports.Phone`: one worker thread owns the AT channel.

The worker opens the port, initialises the modem, refreshes SIM/registration/signal
while idle and runs calls. Public methods only put requests in its inbox, so they
return at once. Initialisation and the idle refresh stop between two commands when a
dial is waiting, so lifting the handset reaches ATD after at most one short command.

Requests keep their order: a hang-up cancels a dial asked for before it and not yet
started; a dial asked for after a hang-up runs once the call is down (also between two
roll-over attempts). A modem that restarts (RDY, +CPIN: READY, our echo back on) is
re-initialised, and a call it dropped ends as MODEM_RESET.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

import serial

from core.config import ModemSection
from core.health import Health
from core.ports import CallListener, CallPhase, CallStatus, EndReason, is_dialable, notify
from hardware.errors import DeviceBusy, DeviceMissing
from hardware.modem import constants as c
from hardware.modem.at import ATChannel
from hardware.modem.call import CallAttempt, Kind, Outcome, Request
from hardware.modem.errors import ModemGone, ModemTimeout
from hardware.modem.parse import CallEntry, our_call, parse_clcc
from hardware.modem.probe import Prober, ProbeResult
from hardware.modem.state import FactsBox, Link
from hardware.serialport import open_port
from wire.logs import event

log = logging.getLogger("hardware.modem")

Opener = Callable[[str, int], serial.Serial]

# Reasons to try the next emergency number. A silent or vanished modem is not one:
# the next number would fail the same way, only later.
ROLL_OVER = frozenset({EndReason.BUSY, EndReason.NO_CARRIER, EndReason.NO_ANSWER,
                       EndReason.NO_NETWORK, EndReason.MODEM_ERROR})

# The call check before a dial on a port not yet initialised: a modem answers AT+CLCC
# in milliseconds; a silent one must not hold up an emergency dial for long.
PRE_DIAL_CHECK_S = 0.3
# The worker's idle wait is bounded so that `alive()` can tell a wedged worker from a
# quiet one (the phone process's watchdog pings only while the worker turns).
MAX_IDLE_WAIT_S = 5.0


def _default_opener(url: str, baudrate: int) -> serial.Serial:
    return open_port(url, baudrate, timeout=0.1, what="modem")


class ModemPhone:
    def __init__(self, section: ModemSection, opener: Opener = _default_opener,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not section.port:
            raise ValueError("ModemPhone needs a port; use NotInstalledPhone")
        self.section = section
        self._opener = opener
        self._clock = clock
        self._inbox: queue.Queue[Request] = queue.Queue()
        self._dial_waiting = threading.Event()
        self._listeners: list[CallListener] = []
        self._status = CallStatus(CallPhase.IDLE)
        self._status_lock = threading.Lock()
        # Held while listeners are called (they only queue work): a listener that
        # subscribes meanwhile hears the replay and every later status in order.
        self._deliver_lock = threading.RLock()
        self._hangups = 0          # hang-up requests so far (see Request.hangups)
        self.last_turn = clock()   # the worker's loop last turned (see alive())
        self._facts = FactsBox(section.port)
        self._prober = Prober(self._facts, section.command_timeout_s,
                              interrupted=lambda: self._dial_waiting.is_set() or self._closed,
                              on_call_found=self._adopt)
        self._channel: ATChannel | None = None
        self._thread = threading.Thread(target=self._run, name="modem-worker", daemon=True)
        self._closed = False
        self._next_refresh = 0.0

    # ------------------------------------------------------------ Phone interface

    def start(self) -> ModemPhone:
        self._thread.start()
        return self

    def open_now(self) -> None:
        """Open the port in the caller's thread, before `start`, so a technician
        command can tell the user plainly why it cannot (DeviceBusy/DeviceMissing)."""
        assert self.section.port is not None
        self._attach(self._opener(self.section.port, self.section.baudrate))

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the modem is initialised (True), or found silent/gone (False)."""
        deadline = self._clock() + timeout
        while self._clock() < deadline:
            facts = self._facts.get()
            if facts.initialised:
                return True
            if facts.link in (Link.SILENT, Link.GONE, Link.BUSY, Link.MISSING):
                return False
            time.sleep(0.05)
        return False

    def call_emergency(self) -> None:
        self._request_dial(tuple(self.section.emergency_numbers), emergency=True)

    def call(self, number: str) -> None:
        if not is_dialable(number):
            # Never let text reach the AT line: "1;+CFUN=0" would be a second command.
            self._publish(CallStatus(CallPhase.ENDED, "", reason=EndReason.MODEM_ERROR,
                                     detail="not a phone number", emergency=False))
            return
        self._request_dial((number,), emergency=number in self.section.emergency_numbers)

    def hang_up(self) -> None:
        self._hangups += 1   # only ever incremented (a GIL-atomic rebinding per caller)
        self._inbox.put(Request(Kind.HANGUP))

    def status(self) -> CallStatus:
        with self._status_lock:
            return self._status

    def subscribe(self, listener: CallListener) -> None:
        """Also replays a call already in progress (e.g. adopted after a restart)."""
        with self._deliver_lock:
            with self._status_lock:
                self._listeners.append(listener)
                current = self._status
            if current.phase.is_live:
                listener(current)

    def alive(self) -> bool:
        """The worker thread runs and its loop turned recently (not wedged)."""
        limit = 2 * self.section.command_timeout_s + 2 * MAX_IDLE_WAIT_S + 10
        return self._thread.is_alive() and self._clock() - self.last_turn < limit

    def health(self) -> Health:
        return self._facts.health(self.status().phase.value)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._inbox.put(Request(Kind.CLOSE))
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=self.section.command_timeout_s * 2 + 2)
        self._close_channel()

    # ------------------------------------------------------------ publishing

    def _publish(self, status: CallStatus) -> None:
        with self._deliver_lock:
            with self._status_lock:
                self._status = status
                listeners = list(self._listeners)
            event(log, "call_status", phase=status.phase.value, attempt=status.attempt,
                  attempts=status.attempts,
                  reason=status.reason.value if status.reason else "",
                  emergency=status.emergency, trouble=status.connection_trouble)
            notify(listeners, status, log, "call_listener_failed")

    def _request_dial(self, numbers: tuple[str, ...], emergency: bool) -> None:
        if self._closed:
            self._publish(CallStatus(CallPhase.ENDED, numbers[0], reason=EndReason.MODEM_GONE,
                                     detail="the modem driver is closed", emergency=emergency))
            return
        self._dial_waiting.set()
        self._inbox.put(Request(Kind.DIAL, numbers=numbers, emergency=emergency,
                                hangups=self._hangups))

    # ------------------------------------------------------------ the worker

    def _run(self) -> None:
        while True:
            try:
                if not self._step():
                    return
            except Exception:  # a bug must not leave a silently dead worker behind
                log.exception("modem_worker_failed")
                self._recover()

    def _step(self) -> bool:
        """One turn of the idle loop; False when closing."""
        self.last_turn = self._clock()
        if self._channel is None and not self._dial_waiting.is_set():
            self._open()
        if self._channel is not None and not self._facts.get().initialised \
                and not self._dial_waiting.is_set():
            self._initialise()
            self._next_refresh = self._clock() + self.section.refresh_s
        try:
            request = self._inbox.get(timeout=self._idle_wait(self._next_refresh))
        except queue.Empty:
            if self._channel is not None and self._clock() >= self._next_refresh:
                self._refresh()
                self._next_refresh = self._clock() + self.section.refresh_s
            return True
        return self._handle_idle(request)

    def _recover(self) -> None:
        """After an unexpected error: end any call on screen, start the port afresh."""
        self._close_channel()
        self._facts.update(link=Link.GONE, link_error="driver error; reopening",
                           initialised=False)
        current = self.status()
        if current.phase in (CallPhase.DIALLING, CallPhase.ALERTING, CallPhase.ACTIVE):
            self._publish(CallStatus(CallPhase.ENDED, current.number, current.attempt,
                                     current.attempts, reason=EndReason.MODEM_ERROR,
                                     detail="driver error", emergency=current.emergency))
        time.sleep(min(self.section.reopen_s, 1.0))

    def _idle_wait(self, next_refresh: float) -> float:
        if self._channel is None or self._facts.get().link is not Link.OPEN \
                or not self._facts.get().initialised:
            return min(self.section.reopen_s, MAX_IDLE_WAIT_S)
        return min(MAX_IDLE_WAIT_S, max(0.05, next_refresh - self._clock()))

    def _handle_idle(self, request: Request) -> bool:
        """Handle one inbox item while no call is up; False when closing."""
        if request.kind is Kind.CLOSE:
            return False
        if request.kind is Kind.LOST:
            self._port_lost()
        elif request.kind is Kind.LINE:
            self._idle_line(request.line)
        elif request.kind is Kind.RESET:
            self._modem_restarted(request.line)
        elif request.kind is Kind.DIAL:
            self._dial_waiting.clear()
            if request.hangups != self._hangups:
                # The handset went back before this dial could start: no call at all
                # (110 must not ring for a knocked handset), but say so to the screens.
                event(log, "dial_cancelled_by_hang_up")
                self._publish(CallStatus(CallPhase.ENDED, request.numbers[0],
                                         attempts=len(request.numbers),
                                         reason=EndReason.LOCAL_HANGUP,
                                         emergency=request.emergency))
                return True
            return not self._run_call(request.numbers, request.emergency)
        return True

    def _modem_restarted(self, why: str) -> None:
        """Initialise again: the restart undid echo off and unsolicited +CLCC."""
        if self._facts.get().initialised:
            event(log, "modem_reinitialising", why=why[:60])
        self._facts.update(initialised=False)

    def _idle_line(self, line: str) -> None:
        if line.startswith((c.CREG, c.CEREG)):
            self._prober.note_registration(line)
        elif line in (c.RING,) or line.startswith(c.CRING):
            event(log, "incoming_call_ignored")

    # ------------------------------------------------------------ port

    def _open(self) -> bool:
        assert self.section.port is not None
        try:
            port = self._opener(self.section.port, self.section.baudrate)
        except DeviceBusy as exc:
            self._facts.update(link=Link.BUSY, link_error=str(exc), initialised=False)
            return False
        except DeviceMissing as exc:
            if self._facts.get().link is not Link.MISSING:
                event(log, "modem_port_missing", logging.ERROR, error=str(exc))
            self._facts.update(link=Link.MISSING, link_error=str(exc), initialised=False)
            return False
        self._attach(port)
        return True

    def _attach(self, port: serial.Serial) -> None:
        channel = ATChannel(port, self._on_line, self._on_lost, self._on_reset)
        channel.start()
        self._channel = channel
        self._facts.update(link=Link.OPEN, link_error="", initialised=False)
        event(log, "modem_port_open")

    def _on_line(self, line: str) -> None:
        self._inbox.put(Request(Kind.LINE, line=line))

    def _on_reset(self, why: str) -> None:
        self._inbox.put(Request(Kind.RESET, line=why))

    def _on_lost(self, exc: BaseException | None) -> None:
        self._inbox.put(Request(Kind.LOST, line=str(exc or "")))

    def _port_lost(self) -> None:
        self._close_channel()
        self._facts.update(link=Link.GONE, link_error="the port was lost", initialised=False)

    def _close_channel(self) -> None:
        channel, self._channel = self._channel, None
        if channel is not None:
            channel.close()

    # ------------------------------------------------------------ init and refresh

    def _initialise(self) -> None:
        """Runs again after a call when a dial interrupted it."""
        if self._channel is not None and \
                self._prober.initialise(self._channel) is ProbeResult.GONE:
            self._port_lost()

    def _refresh(self) -> None:
        if self._channel is not None and \
                self._prober.refresh(self._channel) is ProbeResult.GONE:
            self._port_lost()

    # ------------------------------------------------------------ calls

    def _run_call(self, numbers: tuple[str, ...], emergency: bool) -> bool:
        """Dial `numbers` in turn until one connects; True when closing."""
        if self._channel is None and not self._open():
            link = self._facts.get().link
            self._publish(CallStatus(CallPhase.ENDED, numbers[0], attempts=len(numbers),
                                     reason=EndReason.MODEM_GONE, emergency=emergency,
                                     detail=f"modem port: {link.value}"))
            return False
        if not self._facts.get().initialised:
            entry = self._call_already_up()
            if entry is not None:
                # The app restarted during a call (the handset still off the hook): keep
                # that call; dialling over it could put 110 on hold.
                event(log, "dial_skipped_call_in_progress")
                self._adopt(entry)
                return False
        detail = ""
        for i, number in enumerate(numbers, start=1):
            status = CallStatus(CallPhase.DIALLING, number, i, len(numbers),
                                emergency=emergency, detail=detail)
            outcome = self._attempt(status).dial(number)
            event(log, "call_attempt_ended", attempt=i, reason=outcome.reason.value)
            if outcome.closing or not (emergency and outcome.reason in ROLL_OVER
                                       and i < len(numbers)):
                break
            if self._hang_up_requested():
                break
            detail = f"attempt {i}: {outcome.reason.value}"
        self._finish(outcome, status)
        return outcome.closing

    def _call_already_up(self) -> CallEntry | None:
        """Before the first dial on a port not yet initialised: a quick AT+CLCC. A silent
        or failing modem costs at most PRE_DIAL_CHECK_S and the dial goes ahead."""
        assert self._channel is not None
        try:
            answer = self._channel.command("AT+CLCC", PRE_DIAL_CHECK_S)
        except (ModemTimeout, ModemGone):
            return None
        return our_call([e for e in (parse_clcc(v) for v in answer.values(c.CLCC)) if e])

    def _adopt(self, entry: CallEntry) -> None:
        emergency = not entry.number or entry.number in self.section.emergency_numbers
        status = CallStatus(CallPhase.ACTIVE, entry.number, emergency=emergency,
                            detail="call already in progress")
        outcome = self._attempt(status).adopt(entry)
        self._finish(outcome, status)
        if outcome.closing:
            self._inbox.put(Request(Kind.CLOSE))

    def _attempt(self, base: CallStatus) -> CallAttempt:
        def publish(phase: CallPhase, connected_at: float | None, trouble: bool) -> None:
            self.last_turn = self._clock()
            self._publish(CallStatus(phase, base.number, base.attempt, base.attempts,
                                     connected_at=connected_at, emergency=base.emergency,
                                     detail=base.detail, connection_trouble=trouble))

        assert self._channel is not None
        return CallAttempt(self._channel, self.section, self._inbox, publish,
                           emergency=base.emergency, clock=self._clock)

    def _finish(self, outcome: Outcome, base: CallStatus) -> None:
        if outcome.left_up:
            event(log, "call_left_up_on_close")
            return
        last = self.status()
        in_call = last.phase in (CallPhase.DIALLING, CallPhase.ALERTING, CallPhase.ACTIVE)
        self._publish(CallStatus(CallPhase.ENDED, base.number, base.attempt, base.attempts,
                                 reason=outcome.reason, detail=outcome.detail,
                                 connected_at=last.connected_at if in_call else None,
                                 emergency=base.emergency))
        if outcome.reason is EndReason.MODEM_GONE:
            self._port_lost()
        elif outcome.reason is EndReason.MODEM_SILENT:
            self._facts.update(link=Link.SILENT, initialised=False)
        elif outcome.reason is EndReason.MODEM_RESET:
            self._modem_restarted(outcome.detail)

    def _hang_up_requested(self) -> bool:
        """Drain what queued up between attempts; True if the caller hung up. A dial
        asked for after that hang-up (the handset put back and lifted again) is kept
        for the idle loop, which runs it as a new call."""
        hung_up = False
        redial: Request | None = None
        while True:
            try:
                request = self._inbox.get_nowait()
            except queue.Empty:
                break
            if request.kind is Kind.HANGUP:
                hung_up, redial = True, None
            elif request.kind is Kind.DIAL:
                redial = request if hung_up else None   # else: this call is the one
            elif request.kind in (Kind.CLOSE, Kind.LOST, Kind.RESET):
                self._inbox.put(request)   # handled by the idle loop right after
                hung_up = True
                break
        if redial is not None:
            self._dial_waiting.set()
            self._inbox.put(redial)
        return hung_up
