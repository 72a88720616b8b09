"""A GSM modem on a pseudo-terminal, speaking the AT subset the driver uses.

Scriptable per dialled number (or globally): answer after N seconds, BUSY, NO CARRIER,
NO ANSWER, no network, ERROR / +CME ERROR, ringing for ever, hang-up by the far end
after N seconds; and as a whole: silence (stops answering), garbage bytes, SIM missing,
no network, "port gone" (the pty master is closed, like an unplugged USB modem), a
stall (no answers for a few seconds, then the late answers: the call stays up), a
reboot (the call drops, echo back on, unsolicited reports off, then "RDY" and the
start-up chatter) and a burst of junk lines.
Every command received is recorded with its time, so tests can assert on the wire.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from hardware.modem.constants import ClccStat, RegStat
from simulators.ptydevice import PtyDevice

GARBAGE = b"\xff\xfe\x00\x9c\r\n~\x1b[0m\x80\r\n"
# Line noise: mostly non-printable, some printable (which then reads as a stray line).
ALWAYS = -1        # a timer that outlives the call
JUNK_BYTES = bytes(range(0x80, 0x100)) + b"~#@%&xq"


class Outcome(StrEnum):
    ANSWER = "answer"
    BUSY = "busy"
    NO_CARRIER = "no-carrier"
    NO_ANSWER = "no-answer"
    NO_NETWORK = "no-network"
    ERROR = "error"
    CME_ERROR = "cme-error"
    RING_FOREVER = "ring-forever"


@dataclass(frozen=True)
class Script:
    """What happens when a number is dialled."""

    outcome: Outcome = Outcome.ANSWER
    alert_after_s: float = 0.05     # dialling → ringing at the far end
    answer_after_s: float = 0.3     # ringing → answered (or NO ANSWER for no-answer)
    result_after_s: float = 0.1     # BUSY / NO CARRIER this long after OK; 0 = instead of OK
    hangup_after_s: float | None = None   # the far end hangs up this long after answering


@dataclass
class _Call:
    number: str
    stat: ClccStat


@dataclass(frozen=True)
class Received:
    at: float          # time.monotonic() when the command line was complete
    command: str


class ModemSimulator(PtyDevice):
    def __init__(self, default: Script | None = None,
                 emergency_numbers: tuple[str, ...] = ("110", "112"),
                 clcc_urc: bool = True) -> None:
        super().__init__()
        self.default = default or Script()
        self.scripts: dict[str, Script] = {}
        self.emergency_numbers = emergency_numbers
        self.clcc_urc_supported = clcc_urc
        self.silent = False
        self.garbage = False
        self.sim_missing = False
        self.no_network = False
        self.rssi = 20                       # +CSQ 20 = -73 dBm
        self.reply_delay_s = 0.0             # a slow modem: think this long per command
        self.reboots = 0
        self._stalled_until = 0.0
        self._booting_until = 0.0
        self._held: list[bytes] = []         # answers written during a stall
        self._echo = True
        self._cmee = 0
        self._urc = False
        self._call: _Call | None = None
        self._generation = 0                 # bumps when a call ends: stale timers die
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._received: list[Received] = []
        self._cond = threading.Condition()
        self._wake_r = self._wake_w = -1
        self._thread: threading.Thread | None = None
        self._running = False
        self._gone = False

    # ------------------------------------------------------------ lifecycle

    def start(self) -> ModemSimulator:
        self._open_pty()
        self._wake_r, self._wake_w = os.pipe()
        self._running = True
        self._thread = threading.Thread(target=self._loop, name="modem-sim", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._running = False
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._close_pty()
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._wake_r = self._wake_w = -1

    # ------------------------------------------------------------ scripting

    def script(self, number: str | None = None, **changes: Any) -> None:
        """Change the script of `number` (or the default one), e.g.
        `sim.script("110", outcome=Outcome.BUSY)`."""
        with self._cond:
            if number is None:
                self.default = replace(self.default, **changes)
            else:
                self.scripts[number] = replace(self.scripts.get(number, self.default),
                                               **changes)

    def reset_scripts(self) -> None:
        with self._cond:
            self.default, self.scripts = Script(), {}

    def preset_call(self, number: str, stat: ClccStat = ClccStat.ACTIVE) -> None:
        """A call already in progress, as if the kiosk app crashed during it."""
        with self._cond:
            self._call = _Call(number, stat)

    def remote_hangup(self) -> None:
        """The far end hangs up now."""
        with self._cond:
            self._end_call(b"NO CARRIER")

    def gone(self) -> None:
        """Unplug: close the pty so the driver's port fails and the path disappears."""
        with self._cond:
            self._gone = True
            self._close_pty()
        self._wake()

    def stall(self, seconds: float) -> None:
        """Stop answering for `seconds`, then send every answer held meanwhile (a busy
        firmware or a stuck USB endpoint; the radio call goes on)."""
        with self._cond:
            self._stalled_until = time.monotonic() + seconds
            self._after(seconds, self._release_held, keep=True)
        self._wake()

    def reboot(self, boot_s: float = 0.3, announce: bool = True) -> None:
        """The modem restarts: the call drops without a result code, the settings are
        back to power-on (echo on, no +CLCC reports, plain ERROR), it is deaf for
        `boot_s`, then it says RDY and the start-up chatter of a SIMCom/Quectel (not
        with `announce=False`: a brown-out whose start-up codes were lost)."""
        with self._cond:
            self._call = None
            self._generation += 1
            self._timers = []
            self._echo, self._urc, self._cmee = True, False, 0
            self.reboots += 1
            self._booting_until = time.monotonic() + boot_s
            self._stalled_until = 0.0
            self._held = []
            self._after(boot_s, self._booted if announce else self._awake, keep=True)
        self._wake()

    def junk(self, lines: int) -> None:
        """`lines` lines of line noise now (a wrong baud rate looks like this)."""
        rng = random.Random(lines)
        with self._cond:
            for _ in range(lines):
                noise = bytes(rng.choice(JUNK_BYTES) for _ in range(rng.randint(3, 12)))
                self._write(noise + b"\r\n")

    @property
    def call_stat(self) -> ClccStat | None:
        with self._cond:
            return self._call.stat if self._call else None

    # ------------------------------------------------------------ what was received

    def commands(self) -> list[str]:
        with self._cond:
            return [r.command for r in self._received]

    def received(self) -> list[Received]:
        with self._cond:
            return list(self._received)

    def clear_commands(self) -> None:
        with self._cond:
            self._received.clear()

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float = 10.0) -> bool:
        """Wait until `predicate(commands)` holds; False after `timeout`."""
        with self._cond:
            return self._cond.wait_for(
                lambda: predicate([r.command for r in self._received]), timeout)

    def wait_for_command(self, command: str, timeout: float = 10.0) -> bool:
        return self.wait_for(lambda cmds: command in cmds, timeout)

    # ------------------------------------------------------------ the loop

    def _wake(self) -> None:
        if self._wake_w >= 0:
            with contextlib.suppress(OSError):
                os.write(self._wake_w, b"x")

    def _loop(self) -> None:
        buffer = bytearray()
        while self._running and not self._gone:
            with self._cond:
                self._run_due_timers()
                delay = min((t for t, _, _ in self._timers), default=None)
            timeout = None if delay is None else max(0.0, delay - time.monotonic())
            try:
                ready, _, _ = select.select([self._master, self._wake_r], [], [], timeout)
            except (OSError, ValueError):
                return
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
            if self._master in ready:
                try:
                    data = os.read(self._master, 1024)
                except OSError:
                    return
                buffer.extend(data)
                while b"\r" in buffer:
                    line, _, rest = bytes(buffer).partition(b"\r")
                    buffer = bytearray(rest)
                    self._command_line(line.strip(b"\n").decode("ascii", "replace").strip())

    def _run_due_timers(self) -> None:
        now = time.monotonic()
        due = [t for t in self._timers if t[0] <= now]
        self._timers = [t for t in self._timers if t[0] > now]
        for _, generation, action in due:
            if generation in (self._generation, ALWAYS):
                action()

    def _after(self, delay: float, action: Callable[[], None], *,
               keep: bool = False) -> None:
        """Run `action` after `delay`; dropped when the call ends, unless `keep`."""
        self._timers.append((time.monotonic() + delay, ALWAYS if keep else self._generation,
                             action))

    def _write(self, data: bytes) -> None:
        if self.silent or self._master < 0:
            return
        if self.garbage:
            data = GARBAGE + data
        if time.monotonic() < self._stalled_until:
            self._held.append(data)
            return
        with contextlib.suppress(OSError):
            os.write(self._master, data)

    def _release_held(self) -> None:
        held, self._held = self._held, []
        self._stalled_until = 0.0
        for data in held:
            self._write(data)

    def _awake(self) -> None:
        self._booting_until = 0.0

    def _booted(self) -> None:
        self._awake()
        self._reply("RDY", "+CFUN: 1", "+CPIN: READY", "SMS DONE", "PB DONE")

    def _reply(self, *lines: str | bytes) -> None:
        """V.250 §5.7.1 verbose responses: each framed by <CR><LF>."""
        out = b"".join(b"\r\n" + (x if isinstance(x, bytes) else x.encode()) + b"\r\n"
                       for x in lines)
        self._write(out)

    # ------------------------------------------------------------ commands

    def _command_line(self, line: str) -> None:
        if not line:
            return
        with self._cond:
            self._received.append(Received(time.monotonic(), line))
            self._cond.notify_all()
            if time.monotonic() < self._booting_until:
                return   # deaf while booting: the command is lost, not answered late
        if self.reply_delay_s > 0:
            time.sleep(self.reply_delay_s)
        with self._cond:
            if self._echo:
                self._write(line.encode() + b"\r")
            self._answer(line.upper())

    def _answer(self, cmd: str) -> None:
        if cmd.startswith("ATD"):
            return self._dial(cmd[3:].rstrip(";"))
        if cmd in ("ATE0", "ATE1", "ATE"):
            self._echo = cmd == "ATE1"
            return self._reply("OK")
        if cmd.startswith("AT+CMEE="):
            self._cmee = int(cmd[8:] or 0) if cmd[8:].isdigit() else 0
            return self._reply("OK")
        if cmd in ("ATH", "ATH0", "AT+CHUP"):
            self._end_call(None)
            return self._reply("OK")
        if cmd.startswith("AT+CLCC="):
            if not self.clcc_urc_supported or cmd[8:] not in ("0", "1", "?"):
                return self._error(4, "operation not supported")
            self._urc = self._urc if cmd[8:] == "?" else cmd[8:] == "1"
            return self._reply("OK")
        simple = self._simple_answers()
        if cmd in simple:
            return simple[cmd]()
        return self._error(4, "operation not supported")

    def _simple_answers(self) -> dict[str, Callable[[], None]]:
        reg = RegStat.NOT_SEARCHING if self.no_network else RegStat.HOME
        return {
            "AT": lambda: self._reply("OK"),
            "ATI": lambda: self._reply("Kiosk110 modem simulator", "OK"),
            "AT+CPIN?": lambda: (self._error(10, "SIM not inserted") if self.sim_missing
                                 else self._reply("+CPIN: READY", "OK")),
            "AT+CREG?": lambda: self._reply(f"+CREG: 0,{int(reg)}", "OK"),
            "AT+CEREG?": lambda: self._reply(f"+CEREG: 0,{int(reg)}", "OK"),
            "AT+CSQ": lambda: self._reply(f"+CSQ: {99 if self.no_network else self.rssi},99",
                                          "OK"),
            "AT+CLCC": self._list_calls,
        }

    def _error(self, code: int, text: str) -> None:
        """TS 27.007 §9.1 +CMEE: 0 plain ERROR, 1 numeric, 2 verbose."""
        if self._cmee == 0:
            self._reply("ERROR")
        else:
            self._reply(f"+CME ERROR: {code if self._cmee == 1 else text}")

    def _list_calls(self) -> None:
        lines = [self._clcc_line(self._call)] if self._call else []
        self._reply(*lines, "OK")

    @staticmethod
    def _clcc_line(call: _Call, stat: int | None = None) -> str:
        stat = int(call.stat) if stat is None else stat
        return f'+CLCC: 1,0,{stat},0,0,"{call.number}",129'

    # ------------------------------------------------------------ calls

    def _dial(self, number: str) -> None:
        s = self.scripts.get(number, self.default)
        emergency = number in self.emergency_numbers
        if self._call is not None:
            return self._reply("ERROR")
        if self.sim_missing and not emergency:
            return self._error(10, "SIM not inserted")
        if self.no_network or s.outcome is Outcome.NO_NETWORK:
            return self._error(30, "no network service")
        if s.outcome is Outcome.ERROR:
            return self._reply("ERROR")
        if s.outcome is Outcome.CME_ERROR:
            return self._error(3, "operation not allowed")
        if s.outcome in (Outcome.BUSY, Outcome.NO_CARRIER) and s.result_after_s <= 0:
            return self._reply("BUSY" if s.outcome is Outcome.BUSY else "NO CARRIER")
        self._call = _Call(number, ClccStat.DIALING)
        self._reply("OK")
        self._urc_clcc()
        if s.outcome in (Outcome.BUSY, Outcome.NO_CARRIER):
            code = b"BUSY" if s.outcome is Outcome.BUSY else b"NO CARRIER"
            self._after(s.result_after_s, lambda: self._end_call(code))
            return None
        self._after(s.alert_after_s, lambda: self._set_stat(ClccStat.ALERTING))
        if s.outcome is Outcome.NO_ANSWER:
            self._after(s.answer_after_s, lambda: self._end_call(b"NO ANSWER"))
        elif s.outcome is Outcome.ANSWER:
            self._after(s.answer_after_s, lambda: self._set_stat(ClccStat.ACTIVE))
            if s.hangup_after_s is not None:
                self._after(s.answer_after_s + s.hangup_after_s,
                            lambda: self._end_call(b"NO CARRIER"))
        return None

    def _set_stat(self, stat: ClccStat) -> None:
        if self._call is not None:
            self._call.stat = stat
            self._urc_clcc()

    def _urc_clcc(self, stat: int | None = None) -> None:
        if self._urc and self._call is not None:
            self._reply(self._clcc_line(self._call, stat))

    def _end_call(self, code: bytes | None) -> None:
        """End the call; `code` is the result code the far end's action produces."""
        if self._call is None:
            return
        self._urc_clcc(stat=6)    # vendor "released" state (e.g. Quectel), ignored by us
        self._call = None
        self._generation += 1
        if code:
            self._reply(code)
