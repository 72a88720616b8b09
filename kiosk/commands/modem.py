"""`test-call [--number N]`: a technician's test call through the kiosk's modem.

Dials `[modem] test_number` (an emergency number only when given explicitly with
--number), prints each state as it happens, hangs up a few seconds after the far end
answers. Exit 0 only when the call was answered; 1 when it was not (or the modem is
silent or missing); 2 for a usage problem.

While the phone process (kiosk-phone.service) runs, it owns the modem: the call goes
through it (`phone.client`), and the handset belongs to the test until it ends (the
phone hangs the test up if this command dies). Without the phone process, the modem
is opened here.
"""

from __future__ import annotations

import argparse
import queue
import time
from typing import Any

from core.config import Config, ModemSection, Role
from core.ports import CallPhase, CallStatus, is_dialable

READY_TIMEOUT_S = 20.0    # a silent modem is given up on well within 30 s
PHONE_CONNECT_S = 2.0     # the phone process answers at once when it runs


def register(sub: Any) -> None:
    p = sub.add_parser("test-call", help="dial the test number and report each call state",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--number", help="dial this number instead of [modem] test_number "
                   "(the only way to dial an emergency number from here)")
    p.add_argument("--hold-s", type=float, default=3.0,
                   help="seconds to stay connected before hanging up (default 3)")
    p.set_defaults(func=test_call, config_role=Role.PHONE)


def _say(text: str) -> None:
    print(f"test-call: {text}", flush=True)


def _choose_number(section: ModemSection, given: str | None) -> str | None:
    number = given if given is not None else section.test_number
    if not number:
        _say("no number to dial: [modem] test_number is empty; set it in the config or "
             "pass --number N")
        return None
    if not is_dialable(number):
        _say(f"{number!r} is not a phone number (digits with an optional leading +)")
        return None
    if given is None and number in section.emergency_numbers:
        _say(f"[modem] test_number {number} is an emergency number; a test call never "
             "dials one unless it is given explicitly with --number")
        return None
    return number


def test_call(cfg: Config, args: argparse.Namespace) -> int:
    from hardware.errors import DeviceBusy, DeviceMissing
    from hardware.modem import ModemPhone
    from phone.client import PhoneClient

    section = cfg.modem
    number = _choose_number(section, args.number)
    if number is None:
        return 2
    client = PhoneClient().start()
    try:
        if client.wait_synced(PHONE_CONNECT_S):
            explicit = args.number is not None
            return _run_remote(client, section, number, explicit, args.hold_s)
    finally:
        client.close()
    if not section.port:
        _say("no modem configured ([modem] port is not set)")
        return 1
    phone = ModemPhone(section)
    try:
        phone.open_now()
    except DeviceBusy:
        _say(f"another process holds the modem ({section.port} is in use) and the phone "
             "service does not answer: is kiosk-phone.service restarting? Try again, or "
             "use the test call in maintenance mode.")
        return 1
    except DeviceMissing as exc:
        _say(f"cannot open the modem: {exc}")
        return 1
    try:
        return _run(phone, number, args.hold_s)
    finally:
        phone.close()


def _run_remote(client: Any, section: ModemSection, number: str, explicit: bool,
                hold_s: float) -> int:
    """Through the phone process, which owns the modem."""
    health = client.modem_health()
    _say(f"through the phone service (pid {client.phone_pid}); modem "
         f"{health.level.value}: {health.reason}")
    statuses: queue.Queue[CallStatus] = queue.Queue()
    client.subscribe(statuses.put)
    if client.status().phase.is_live:
        _say("a call is in progress; try again when it has ended")
        return 1
    client.test_call(number, explicit=explicit)
    return _follow(client, statuses, section, hold_s)


def _run(phone: Any, number: str, hold_s: float) -> int:
    section: ModemSection = phone.section
    statuses: queue.Queue[CallStatus] = queue.Queue()
    phone.subscribe(statuses.put)
    phone.start()
    if not phone.wait_ready(min(READY_TIMEOUT_S, section.command_timeout_s * 4 + 1)):
        _say(f"the modem is not ready: {phone.health().reason}")
        return 1
    health = phone.health()
    _say(f"modem {health.level.value}: {health.reason}")
    phone.call(number)
    return _follow(phone, statuses, section, hold_s)


def _follow(phone: Any, statuses: queue.Queue[CallStatus], section: ModemSection,
            hold_s: float) -> int:
    # Longest legitimate wait: ringing until dial_timeout_s, the hold, a few commands.
    deadline = time.monotonic() + section.dial_timeout_s + hold_s + \
        section.command_timeout_s * 4 + 5
    answered = False
    hang_up_at: float | None = None
    try:
        while time.monotonic() < deadline:
            if hang_up_at is not None and time.monotonic() >= hang_up_at:
                _say(f"hanging up after {hold_s:g} s")
                phone.hang_up()
                hang_up_at = None
            try:
                status = statuses.get(timeout=0.1)
            except queue.Empty:
                continue
            _report(status)
            if status.phase is CallPhase.ACTIVE and not answered:
                answered = True
                hang_up_at = time.monotonic() + hold_s
            if status.phase is CallPhase.ENDED:
                return 0 if answered else 1
    except KeyboardInterrupt:
        phone.hang_up()
        _say("interrupted; hanging up")
        return 1
    _say("no final state in time; giving up")
    phone.hang_up()
    return 1


def _report(status: CallStatus) -> None:
    if status.phase is CallPhase.ENDED:
        why = status.reason.value if status.reason else "unknown"
        extra = f" ({status.detail})" if status.detail else ""
        _say(f"ended: {why}{extra}")
    else:
        _say(f"{status.phase.value} {status.number}")
