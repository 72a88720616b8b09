"""The AT channel: one reader thread per modem that splits lines and routes each one.

A line goes to the pending command (its echo is dropped, its information lines are
collected, its final result code completes it) or, if it is an unsolicited result code
(RING, NO CARRIER, +CLCC, +CREG …), to `on_unsolicited`. Anything else is a stray line;
non-printable bytes are dropped and logged in hex, never raw, once per burst with a
count (`hardware.burstlog`). Signs that the modem restarted (RDY, an unsolicited
+CPIN: READY, our echo back although we turned it off) go to `on_reset`. When the port
fails, the pending command fails with `ModemGone` and `on_lost` is called once: a dead
port is an event, never a silently dead thread.

Modelled on pyserial's `serial.threaded` (ReaderThread + a Protocol with
data_received / connection_lost).
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import serial
from serial.threaded import Protocol, ReaderThread

from hardware.burstlog import BurstLog
from hardware.modem import constants as c
from hardware.modem.errors import ChannelBusy, ModemGone, ModemTimeout
from wire.logs import event

log = logging.getLogger("hardware.modem.at")

_LINE_SPLIT = re.compile(rb"[\r\n]+")
_MAX_PARTIAL = 4096          # a line longer than this is noise, not a response
_PRINTABLE = frozenset(range(0x20, 0x7F))
RESET_DEBOUNCE_S = 2.0       # RDY, +CPIN: READY and an echo of one reboot: one reset


_DIGIT_RUN = re.compile(rb"\d{4,}")


def redacted_hex(data: bytes, limit: int = 64) -> str:
    """Bytes for a log line: hex (never raw), with runs of 4+ digits blanked first so a
    phone number (e.g. caller ID in +CLIP) cannot be read back from the log."""
    return _DIGIT_RUN.sub(lambda m: b"#" * len(m.group()), data[:limit]).hex(" ")


@dataclass(frozen=True)
class Response:
    """What one command got back: its information lines and its final result code."""

    command: str
    lines: tuple[str, ...]
    final: str

    @property
    def ok(self) -> bool:
        return self.final == c.OK

    def values(self, prefix: str) -> list[str]:
        """The text after `prefix` (e.g. '+CSQ:') of each matching line, stripped."""
        return [line[len(prefix):].strip() for line in self.lines if line.startswith(prefix)]


@dataclass
class _Pending:
    command: str
    finals: tuple[str, ...]
    prefix: str | None
    lines: list[str] = field(default_factory=list)
    raw: bytearray = field(default_factory=bytearray)
    final: str | None = None
    gone: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


def response_prefix(command: str) -> str | None:
    """'AT+CLCC' / 'AT+CREG?' / 'AT+CMEE=2' → '+CLCC:' / '+CREG:' / '+CMEE:'."""
    m = re.match(r"(?i)AT(\+[A-Z]+)", command)
    return f"{m.group(1).upper()}:" if m else None


class _Reader(ReaderThread):
    """pyserial's ReaderThread, but an OSError from the port also ends in
    connection_lost (a hung-up pty can raise it from `in_waiting`)."""

    def run(self) -> None:
        try:
            super().run()
        except OSError as exc:
            self.alive = False
            if self.protocol is not None:
                self.protocol.connection_lost(exc)


class _LineProtocol(Protocol):
    def __init__(self, channel: ATChannel) -> None:
        self.channel = channel
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        self.channel._raw_received(data)
        self.buffer.extend(data)
        *lines, rest = _LINE_SPLIT.split(bytes(self.buffer))
        self.buffer = bytearray(rest)
        if len(self.buffer) > _MAX_PARTIAL:
            self.channel._garbage(bytes(self.buffer))
            self.buffer.clear()
        for raw in lines:
            if raw:
                self.channel._line_received(raw)

    def connection_lost(self, exc: BaseException | None) -> None:
        self.channel._lost(exc)


class ATChannel:
    """Commands and unsolicited results over one serial port. Thread-safe to send from
    one thread at a time (the modem driver's worker); callbacks run on the reader."""

    def __init__(self, port: serial.Serial,
                 on_unsolicited: Callable[[str], None],
                 on_lost: Callable[[BaseException | None], None],
                 on_reset: Callable[[str], None] | None = None) -> None:
        self._port = port
        self._on_unsolicited = on_unsolicited
        self._on_lost = on_lost
        self._on_reset = on_reset
        self._lock = threading.Lock()
        self._pending: _Pending | None = None
        self._closing = False
        self._gone = False
        self._echo_off = False     # ATE0 succeeded: an echo now means a restart
        self._last_reset = -RESET_DEBOUNCE_S
        self._junk = BurstLog(log, "modem_garbage")
        self._reader = _Reader(port, lambda: _LineProtocol(self))
        self._reader.daemon = True
        self._reader.name = "modem-reader"

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        self._reader.start()
        self._reader.connect()

    @property
    def alive(self) -> bool:
        return not self._gone and not self._closing

    def echo_is_off(self) -> None:
        """The modem accepted ATE0: from now on an echo of our command means it restarted."""
        self._echo_off = True

    def close(self) -> None:
        self._closing = True
        self._junk.flush()
        try:
            self._reader.close()
        except (serial.SerialException, OSError):
            pass
        finally:
            with contextlib.suppress(serial.SerialException, OSError):
                self._port.close()

    # ------------------------------------------------------------ commands

    def send(self, command: str, finals: tuple[str, ...] = c.COMMAND_FINALS) -> _Pending:
        """Write `command` and return the pending slot to `wait` on. Raises ModemGone."""
        pending = _Pending(command=command, finals=finals, prefix=response_prefix(command))
        with self._lock:
            if self._gone:
                raise ModemGone("the modem port is gone")
            if self._pending is not None and not self._pending.done.is_set():
                raise ChannelBusy(f"{self._pending.command!r} is still pending")
            self._pending = pending
        try:
            self._reader.write(command.encode("ascii") + c.CR)
        except (serial.SerialException, OSError) as exc:
            self._clear(pending)
            raise ModemGone(f"cannot write to the modem: {exc}") from exc
        return pending

    def wait(self, pending: _Pending, timeout: float) -> Response:
        """The response of `pending`; ModemTimeout(partial) or ModemGone otherwise."""
        finished = pending.done.wait(timeout)
        self._clear(pending)
        if pending.gone is not None or (not finished and self._gone):
            raise ModemGone(f"the modem port was lost during {pending.command!r}")
        if not finished or pending.final is None:
            raise ModemTimeout(f"no answer to {pending.command!r} within {timeout:g} s",
                               partial=bytes(pending.raw))
        return Response(pending.command, tuple(pending.lines), pending.final)

    def command(self, command: str, timeout: float,
                finals: tuple[str, ...] = c.COMMAND_FINALS) -> Response:
        return self.wait(self.send(command, finals), timeout)

    def _clear(self, pending: _Pending) -> None:
        with self._lock:
            if self._pending is pending:
                self._pending = None

    # ------------------------------------------------------------ reader side

    def _raw_received(self, data: bytes) -> None:
        pending = self._pending
        if pending is not None and not pending.done.is_set():
            pending.raw.extend(data)

    def _garbage(self, raw: bytes, kind: str = "bytes") -> None:
        self._junk.note(kind=kind, hex=redacted_hex(raw), length=len(raw))

    def _line_received(self, raw: bytes) -> None:
        junk = any(b not in _PRINTABLE for b in raw)
        if junk:
            self._garbage(raw)
            raw = bytes(b for b in raw if b in _PRINTABLE)
        text = raw.decode("ascii").strip()
        if text:
            try:
                self._route(text, after_junk=junk)
            except Exception:  # a bug in a callback must not kill the reader
                log.exception("modem_route_failed")

    def _route(self, line: str, after_junk: bool = False) -> None:
        with self._lock:
            pending = self._pending if self._pending and not self._pending.done.is_set() \
                else None
        if pending is not None:
            if line == pending.command:
                if self._echo_off:
                    self._reset(f"echo of {line!r} although echo was turned off")
                return                                        # echo (ATE1)
            if line in pending.finals or line.startswith(c.ERROR_PREFIXES):
                self._junk.flush()        # first: the burst is logged before the answer
                pending.final = line
                pending.done.set()
                return
            if pending.prefix and line.startswith(pending.prefix):
                pending.lines.append(line)
                return
        if line in c.UNSOLICITED_CODES or line.startswith(c.UNSOLICITED_PREFIXES):
            self._junk.flush()
            self._on_unsolicited(line)
        elif line in c.RESET_CODES:
            self._reset(line)
        elif line.startswith(c.START_UP_CHATTER):
            return                                            # after a (re)start: noise
        elif pending is not None and not after_junk:
            pending.lines.append(line)                        # e.g. ATI free text
        else:
            self._garbage(line.encode("ascii"), kind="stray_line")

    def _reset(self, why: str) -> None:
        """The modem restarted: our settings (echo off, +CLCC reports) are gone."""
        self._echo_off = False
        now = time.monotonic()
        if now - self._last_reset < RESET_DEBOUNCE_S:
            return
        self._last_reset = now
        event(log, "modem_reset_detected", logging.WARNING, sign=why[:60])
        if self._on_reset is not None:
            self._on_reset(why)

    def _lost(self, exc: BaseException | None) -> None:
        with self._lock:
            self._gone = True
            pending = self._pending
        if pending is not None and not pending.done.is_set():
            pending.gone = exc or ModemGone("port closed")
            pending.done.set()
        if not self._closing:
            event(log, "modem_port_lost", logging.ERROR, error=str(exc or "closed"))
            self._on_lost(exc)
