"""What the core and the UI need from the devices: interfaces and typed records.

Factories in `hardware/` build them from config and never raise for a missing device:
`hardware.printer.build(cfg.printer)`, `hardware.modem.build(cfg.modem)`,
`hardware.hook.build(cfg.handset)`, `hardware.speech.build(cfg.speech)` each return a
started object whose `health()` says what is wrong (not installed, cannot open the
port, busy, ...) and that keeps trying to reach its device. `close()` stops it.

`hardware/` implements these (real drivers and simulators); `ui/` and the flow use only
these names, so neither imports the other. `kiosk/app.py` picks the implementations.
Listeners are called from driver threads: the UI's Qt adapters re-emit them as signals.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar

from core.health import Health

# The one name of the service, on every screen and every ticket (issue 13: one
# service name everywhere).
SERVICE_NAME = {"id": "Layanan Darurat Polri", "en": "Polri Emergency Service"}

T = TypeVar("T")


def notify(listeners: Iterable[Callable[[T], object]], value: T, log: logging.Logger,
           failed: str) -> None:
    """Call each listener with `value`. One that raises is logged as `failed` and the
    others still hear it: a broken listener must never stop a call or silence the rest."""
    for listener in list(listeners):
        try:
            listener(value)
        except Exception:
            log.exception(failed)


# ---------------------------------------------------------------- the voice call

# What the phone may dial: TS 27.007 §6.2 dial-string digits (ASCII only: "١١٠" is not
# a number a modem takes), 1-32 of them. The one rule the config, the CLI and the driver
# use; anything else must never reach the AT line ("1;+CFUN=0" would be a command).
_DIALLABLE = re.compile(r"\+?[0-9*#]{1,32}")


def is_dialable(number: str) -> bool:
    return _DIALLABLE.fullmatch(number) is not None



class CallPhase(StrEnum):
    IDLE = "idle"
    DIALLING = "dialling"    # ATD sent, not yet ringing at the far end
    ALERTING = "alerting"    # ringing at the far end (+CLCC stat 3)
    ACTIVE = "active"        # connected (+CLCC stat 0)
    ENDED = "ended"          # over; `reason` says why

    @property
    def is_live(self) -> bool:
        """A call is up or on its way: the one definition every screen and rule uses."""
        return self in LIVE_PHASES


LIVE_PHASES = frozenset({CallPhase.DIALLING, CallPhase.ALERTING, CallPhase.ACTIVE})


class EndReason(StrEnum):
    LOCAL_HANGUP = "local_hangup"      # the caller put the handset back / tapped End
    REMOTE_HANGUP = "remote_hangup"    # the operator hung up
    BUSY = "busy"
    NO_CARRIER = "no_carrier"
    NO_ANSWER = "no_answer"
    NO_NETWORK = "no_network"
    MODEM_ERROR = "modem_error"        # ERROR / +CME ERROR
    MODEM_SILENT = "modem_silent"      # no answer to a command within its timeout
    MODEM_GONE = "modem_gone"          # the port vanished (unplugged)
    MODEM_RESET = "modem_reset"        # the modem restarted (RDY, echo back on): the
                                       # call dropped with it; not the operator's doing
    NOT_INSTALLED = "not_installed"    # no modem configured
    MAX_DURATION = "max_duration"
    NO_PHONE_SERVICE = "no_phone_service"   # the phone process is not running (UI side)


@dataclass(frozen=True)
class CallStatus:
    """One state of a call, as the screen shows it. `attempt` counts from 1."""

    phase: CallPhase
    number: str = ""
    attempt: int = 1
    attempts: int = 1
    reason: EndReason | None = None
    detail: str = ""
    connected_at: float | None = None   # time.monotonic() when it became ACTIVE
    emergency: bool = True
    # The modem stopped answering during a live call: the call is probably still up
    # (the radio link does not depend on the AT port), so the screen says "connection
    # trouble, stay on the line" instead of "ended". Cleared when the modem answers.
    connection_trouble: bool = False

    @property
    def rolled_over(self) -> bool:
        return self.attempt > 1


CallListener = Callable[[CallStatus], None]


class Phone(Protocol):
    def call_emergency(self) -> None:
        """Dial the emergency numbers in order (roll-over); returns at once."""

    def call(self, number: str) -> None:
        """Dial one number (a technician's test call); returns at once."""

    def hang_up(self) -> None: ...

    def status(self) -> CallStatus: ...

    def subscribe(self, listener: CallListener) -> None: ...

    def health(self) -> Health: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- the hook switch

HookListener = Callable[[bool], None]   # True = handset lifted (off hook)


class HookSwitch(Protocol):
    def is_off_hook(self) -> bool: ...

    def subscribe(self, listener: HookListener) -> None:
        """Also replays a lifted handset at once: a listener that subscribes after the
        lift (a process starting with the handset already up) still hears it."""

    def health(self) -> Health: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- the emergency line


class CallLine(Protocol):
    """The one path from a lift or the *Panggil 110* button to the modem's ATD, as the
    flow sees it: `core.emergency.EmergencyLine` in the phone process, and its remote
    client (`phone.client.PhoneClient`) in the UI process."""

    @property
    def technician_call(self) -> bool: ...

    def call(self, trigger: str) -> bool:
        """Dial the emergency numbers unless a call is already up; True if asked to."""

    def begin_technician_call(self) -> None: ...

    def end_technician_call(self) -> None: ...


# ---------------------------------------------------------------- the printer


class PrinterState(StrEnum):
    ONLINE = "online"
    PAPER_NEAR_END = "paper_near_end"   # prints, but tell a technician
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"                 # answered, but reports an error state
    NO_ANSWER = "no_answer"
    NOT_INSTALLED = "not_installed"

    @property
    def can_print(self) -> bool:
        return self in (PrinterState.ONLINE, PrinterState.PAPER_NEAR_END)


class Delivery(StrEnum):
    """How far the report had got when its receipt was printed; the receipt claims no
    more than this (an emergency receipt must not say "passed to the operators" while
    the report is still only on the kiosk's disk)."""

    STORED = "stored"       # stored durably at the kiosk and being sent
    RECEIVED = "received"   # the command centre confirmed it has the report


@dataclass(frozen=True)
class Ticket:
    """What a printed receipt (bukti laporan) says. Built by the flow from a stored
    report; every field after `language` is optional and has a safe default."""

    code: str
    category: str
    station: str
    created_at: str
    language: str
    lost_items: tuple[str, ...] = ()    # wire.categories.LOST_ITEMS codes: tailored steps
    is_test: bool = False
    delivery: Delivery = Delivery.STORED
    kiosk_id: str = ""                  # printed under the station ("Anjungan ...")
    has_contact: bool = False           # the person left a phone or e-mail


@dataclass(frozen=True)
class PrintResult:
    ok: bool
    state: PrinterState
    reason: str = ""
    bytes_sent: int = 0


class Printer(Protocol):
    def state(self) -> PrinterState:
        """Ask the printer now (DLE EOT)."""

    def print_ticket(self, ticket: Ticket) -> PrintResult:
        """Check status, then print; never ok when the printer said no. Blocking."""

    def health(self) -> Health: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- speech


class Speaker(Protocol):
    def say(self, text: str, language: str) -> None:
        """Speak `text`, replacing whatever is being said. Returns at once."""

    def stop(self) -> None: ...

    def set_volume(self, volume: float) -> None:
        """Loudness of what is said from now on, 0.0-1.0 of the configured maximum
        (the commuter's volume control). Returns at once."""

    def health(self) -> Health: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Devices:
    """The set of devices the app was given; any may be a 'not installed' stand-in."""

    printer: Printer
    phone: Phone
    hook: HookSwitch
    speaker: Speaker
    extra_health: list[Callable[[], Health]] = field(default_factory=list)
    # The emergency line, when it lives elsewhere (the phone process: then `phone` and
    # `hook` are its client too). None: the app makes a local EmergencyLine.
    line: CallLine | None = None
