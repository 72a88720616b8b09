"""The AT channel over a real pty, with the test playing the modem byte by byte."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import tty
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from core.ports import CallPhase, EndReason
from hardware.modem.at import ATChannel, response_prefix
from hardware.modem.errors import ModemGone, ModemTimeout
from hardware.modem.parse import dial_outcome, parse_clcc, parse_csq, parse_reg
from hardware.serialport import open_port


@dataclass
class Wire:
    channel: ATChannel
    master: int
    unsolicited: queue.Queue[str]
    lost: threading.Event

    def modem_says(self, data: bytes) -> None:
        os.write(self.master, data)

    def read_command(self) -> bytes:
        data = b""
        while not data.endswith(b"\r"):
            data += os.read(self.master, 256)
        return data


@pytest.fixture
def wire() -> Iterator[Wire]:
    master, slave = os.openpty()
    tty.setraw(slave)
    port = open_port(os.ttyname(slave), 115200, timeout=0.1, what="modem")
    unsolicited: queue.Queue[str] = queue.Queue()
    lost = threading.Event()
    channel = ATChannel(port, unsolicited.put, lambda exc: lost.set())
    channel.start()
    w = Wire(channel, master, unsolicited, lost)
    yield w
    channel.close()
    for fd in (master, slave):
        with contextlib.suppress(OSError):
            os.close(fd)


def answer_with(wire: Wire, reply: bytes) -> threading.Thread:
    """Play the modem in a thread: read one command line, then send `reply`."""
    def play() -> None:
        wire.read_command()
        wire.modem_says(reply)
    t = threading.Thread(target=play, daemon=True)
    t.start()
    return t


def test_a_command_collects_its_lines_and_final_result_and_drops_the_echo(
        wire: Wire) -> None:
    answer_with(wire, b"AT+CSQ\r\r\n+CSQ: 17,99\r\n\r\nOK\r\n")
    response = wire.channel.command("AT+CSQ", timeout=5)
    assert response.ok
    assert response.lines == ("+CSQ: 17,99",)
    assert response.values("+CSQ:") == ["17,99"]


def test_the_command_is_written_with_a_carriage_return(wire: Wire) -> None:
    got: list[bytes] = []

    def play() -> None:
        got.append(wire.read_command())
        wire.modem_says(b"\r\nOK\r\n")
    threading.Thread(target=play, daemon=True).start()
    wire.channel.command("ATE0", timeout=5)
    assert got == [b"ATE0\r"]


@pytest.mark.parametrize("final", [b"ERROR", b"+CME ERROR: SIM not inserted",
                                   b"+CMS ERROR: 500"])
def test_errors_are_final_result_codes(wire: Wire, final: bytes) -> None:
    answer_with(wire, b"\r\n" + final + b"\r\n")
    response = wire.channel.command("AT+CPIN?", timeout=5)
    assert not response.ok and response.final == final.decode()


def test_unsolicited_codes_during_a_command_go_to_the_handler_not_the_answer(
        wire: Wire) -> None:
    answer_with(wire, b"\r\nRING\r\n\r\n+CLCC: 1,0,3,0,0,\"110\",129\r\n"
                      b"\r\nNO CARRIER\r\n\r\n+CREG: 2\r\n\r\nOK\r\n")
    response = wire.channel.command("AT+CSQ", timeout=5)
    assert response.ok and response.lines == ()
    got = [wire.unsolicited.get(timeout=5) for _ in range(4)]
    assert got == ["RING", '+CLCC: 1,0,3,0,0,"110",129', "NO CARRIER", "+CREG: 2"]


def test_a_dial_command_accepts_busy_as_its_final_result(wire: Wire) -> None:
    from hardware.modem import constants as c

    answer_with(wire, b"\r\nBUSY\r\n")
    response = wire.channel.command("ATD110;", timeout=5,
                                    finals=c.COMMAND_FINALS + c.CALL_PROGRESS)
    assert response.final == "BUSY"


def test_unsolicited_codes_with_no_command_pending_reach_the_handler(wire: Wire) -> None:
    wire.modem_says(b"\r\nBUSY\r\n")
    assert wire.unsolicited.get(timeout=5) == "BUSY"


def test_no_answer_raises_modem_timeout_with_what_did_arrive(wire: Wire) -> None:
    answer_with(wire, b"\r\n+CSQ: 1")          # half an answer, then silence
    with pytest.raises(ModemTimeout) as caught:
        wire.channel.command("AT+CSQ", timeout=0.5)
    assert caught.value.partial == b"\r\n+CSQ: 1"


def test_garbage_is_dropped_and_logged_as_hex_and_the_answer_still_arrives(
        wire: Wire, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", logger="hardware.modem.at")
    answer_with(wire, b"\x00\xff\xfe\r\n\x9c\x81OK\r\n")
    assert wire.channel.command("AT", timeout=5).ok
    hexes = [getattr(r, "fields", {})["hex"] for r in caplog.records
             if r.getMessage() == "modem_garbage"]
    assert hexes[:2] == ["00 ff fe", "9c 81 4f 4b"]


def test_a_closed_port_fails_the_pending_command_and_is_reported_once(wire: Wire) -> None:
    def unplug() -> None:
        wire.read_command()
        os.close(wire.master)
    threading.Thread(target=unplug, daemon=True).start()
    with pytest.raises(ModemGone):
        wire.channel.command("AT+CLCC", timeout=10)
    assert wire.lost.wait(5)
    with pytest.raises(ModemGone):
        wire.channel.send("AT")


# ------------------------------------------------------------------ parsing


def test_response_prefix_names_the_information_lines_of_a_command() -> None:
    assert response_prefix("AT+CLCC") == "+CLCC:"
    assert response_prefix("AT+CREG?") == "+CREG:"
    assert response_prefix("at+cmee=2") == "+CMEE:"
    assert response_prefix("ATD110;") is None


def test_clcc_lines_map_to_call_phases() -> None:
    alerting = parse_clcc(' 1,0,3,0,0,"110",129')
    assert alerting is not None and alerting.phase is CallPhase.ALERTING
    assert alerting.number == "110" and alerting.outgoing and alerting.voice
    released = parse_clcc("1,0,6,0,0")           # a vendor's "released" state
    assert released is not None and released.phase is None
    assert parse_clcc("garbage") is None


def test_registration_and_signal_parsing() -> None:
    registered, searching = parse_reg("0,1"), parse_reg("2")
    assert registered is not None and registered.registered
    assert searching is not None and searching.words == "searching for a network"
    assert parse_reg('1,"00C3","0000ABCD",7') is not None
    assert parse_csq("31,99") == -51 and parse_csq("0,0") == -113
    assert parse_csq("99,99") is None


@pytest.mark.parametrize(("final", "reason"), [
    ("BUSY", EndReason.BUSY), ("NO CARRIER", EndReason.NO_CARRIER),
    ("NO ANSWER", EndReason.NO_ANSWER), ("NO DIALTONE", EndReason.NO_NETWORK),
    ("ERROR", EndReason.MODEM_ERROR), ("+CME ERROR: 30", EndReason.NO_NETWORK),
    ("+CME ERROR: no network service", EndReason.NO_NETWORK),
    ("+CME ERROR: operation not allowed", EndReason.MODEM_ERROR),
])
def test_result_codes_map_to_end_reasons(final: str, reason: EndReason) -> None:
    assert dial_outcome(final) is reason
    assert dial_outcome("OK") is None
    assert dial_outcome("NO CARRIER", was_active=True) is EndReason.REMOTE_HANGUP


def test_logged_bytes_never_spell_out_a_phone_number() -> None:
    from hardware.modem.at import redacted_hex

    logged = redacted_hex(b'+CLIP: "081234567890",129\xff')
    assert bytes.fromhex(logged.replace(" ", "")) == b'+CLIP: "############",129\xff'
