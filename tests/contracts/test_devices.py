"""One contract per device interface (core.ports), run against every object that
stands for that device: the one set of stand-ins (devtools/standins.py: the fakes of
the tests, the screenshots' and the benchmarks' devices), the not-installed objects the
kiosk runs with when a device is not configured, and the real drivers on simulators
behind real ptys. huey's StorageTests
pattern: a mixin of tests, a subclass per implementation giving the `device` fixture.

What a contract promises is what the flow relies on: a result of the right type, a
health under the device's own name, a close that can be called twice, and — for the
ones whose state can change — that a change reaches a subscriber.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.config import HandsetSection, ModemSection, PrinterSection
from core.health import Health, Level
from core.ports import (
    CallPhase,
    CallStatus,
    HookSwitch,
    Phone,
    Printer,
    PrinterState,
    PrintResult,
    Speaker,
    Ticket,
)
from devtools import standins
from hardware.hook import NoHook, SimHook
from hardware.modem import NotInstalledPhone
from hardware.modem import build as build_phone
from hardware.printer.driver import EscPosPrinter, NotInstalledPrinter
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from simulators.printer import PrinterSimulator
from tests.support.wait import Heard

TICKET = Ticket(code="KX4M-7HPA", category="theft", station="MRT Bundaran HI",
                created_at="2026-11-23T19:05:00+07:00", language="id")


def healthy_record(health: Health, name: str) -> None:
    assert isinstance(health, Health)
    assert health.name == name
    assert isinstance(health.level, Level)
    assert health.reason.strip() or health.level is Level.OK


# ------------------------------------------------------------------------- printer

class PrinterContract:
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Printer]:
        raise NotImplementedError

    def test_state_is_a_printer_state(self, device: Printer) -> None:
        assert isinstance(device.state(), PrinterState)

    def test_a_ticket_is_printed_only_when_the_state_allows_and_a_refusal_says_why(
            self, device: Printer) -> None:
        result = device.print_ticket(TICKET)
        assert isinstance(result, PrintResult)
        assert isinstance(result.state, PrinterState)
        if result.ok:
            assert result.state.can_print
        else:
            assert result.reason.strip()

    def test_health_is_the_printers(self, device: Printer) -> None:
        healthy_record(device.health(), "printer")

    def test_close_twice(self, device: Printer) -> None:
        device.close()
        device.close()


class TestStandInPrinter(PrinterContract):
    @pytest.fixture(params=[PrinterState.ONLINE, PrinterState.PAPER_NEAR_END,
                            PrinterState.PAPER_OUT])
    def device(self, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Printer]:
        yield standins.StandInPrinter(paper=request.param)


class TestNotInstalledPrinter(PrinterContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Printer]:
        yield NotInstalledPrinter()


class TestEscPosPrinterOnTheSimulator(PrinterContract):
    @pytest.fixture(params=[False, True], ids=["paper", "paper-out"])
    def device(self, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Printer]:
        sim = PrinterSimulator(baudrate=115200, output_dir=tmp_path / "paper").start()
        sim.paper_out = bool(request.param)
        printer = EscPosPrinter(PrinterSection(port=sim.port, baudrate=115200, timeout_s=2.0))
        try:
            yield printer
        finally:
            printer.close()
            sim.stop()


# ---------------------------------------------------------------------------- hook

class HookContract:
    """`lift` is None for a hook nobody can lift (a stand-in, no hook configured)."""

    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[tuple[HookSwitch, Callable[[], None] | None]]:
        raise NotImplementedError

    def test_off_hook_is_a_bool_and_health_is_the_hooks(
            self, device: tuple[HookSwitch, Callable[[], None] | None]) -> None:
        hook, _ = device
        assert isinstance(hook.is_off_hook(), bool)
        healthy_record(hook.health(), "hook")

    def test_a_lift_reaches_a_subscriber_and_the_state(
            self, device: tuple[HookSwitch, Callable[[], None] | None]) -> None:
        hook, lift = device
        assert lift is not None, "a hook nobody can lift overrides this test"
        seen: Heard[Any] = Heard()
        hook.subscribe(seen)
        lift()
        seen.wait_for(lambda off_hook: off_hook is True)
        assert hook.is_off_hook()

    def test_close_twice(self, device: tuple[HookSwitch, Callable[[], None] | None]) -> None:
        hook, _ = device
        hook.close()
        hook.close()


class TestStandInHook(HookContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[tuple[HookSwitch, Callable[[], None] | None]]:
        hook = standins.StandInHook()
        yield hook, lambda: hook.set(True)


class TestNoHook(HookContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[tuple[HookSwitch, Callable[[], None] | None]]:
        yield NoHook(), None

    def test_a_lift_reaches_a_subscriber_and_the_state(
            self, device: tuple[HookSwitch, Callable[[], None] | None]) -> None:
        # No hook configured: nothing can be lifted, and the kiosk never thinks it was.
        hook, _ = device
        seen: Heard[Any] = Heard()
        hook.subscribe(seen)
        assert hook.is_off_hook() is False and seen.values == []


class TestSimHookOnTheSimulator(HookContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[tuple[HookSwitch, Callable[[], None] | None]]:
        sim = HookSimulator().start()
        hook = SimHook(HandsetSection(hook="sim", port=sim.port, debounce_ms=10)).start()
        try:
            yield hook, sim.lift
        finally:
            hook.close()
            sim.stop()


# --------------------------------------------------------------------------- phone

class PhoneContract:
    """Every phone reports an emergency call's progress to its subscribers; the
    recording stand-in, which does only when asked to, says what it does instead."""

    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Phone]:
        raise NotImplementedError

    def test_status_and_health(self, device: Phone) -> None:
        assert isinstance(device.status(), CallStatus)
        healthy_record(device.health(), "modem")

    def test_an_emergency_call_is_reported_as_an_emergency_to_a_subscriber(
            self, device: Phone) -> None:
        seen: Heard[Any] = Heard()
        device.subscribe(seen)
        device.call_emergency()
        seen.wait_for(lambda s: isinstance(s, CallStatus) and s.emergency
                      and s.phase is not CallPhase.IDLE)

    def test_hang_up_without_a_call_and_close_twice(self, device: Phone) -> None:
        device.hang_up()
        device.close()
        device.close()


class TestStandInPhone(PhoneContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Phone]:
        yield standins.StandInPhone()

    def test_an_emergency_call_is_reported_as_an_emergency_to_a_subscriber(
            self, device: Phone) -> None:
        # The recorder tells nobody (TestStandInPhoneThatProgresses does): it counts.
        assert isinstance(device, standins.StandInPhone)
        seen: Heard[Any] = Heard()
        device.subscribe(seen)
        device.call_emergency()
        assert device.emergency_calls == 1 and seen.values == []


class TestStandInPhoneThatProgresses(PhoneContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Phone]:
        yield standins.StandInPhone(progresses=True)


class TestNotInstalledPhone(PhoneContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Phone]:
        yield NotInstalledPhone()


class TestModemOnTheSimulator(PhoneContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Phone]:
        sim = ModemSimulator().start()
        phone = build_phone(ModemSection(port=sim.port, command_timeout_s=2.0,
                                         dial_timeout_s=10.0, poll_interval_s=0.05))
        try:
            yield phone
        finally:
            phone.close()
            sim.stop()


# ------------------------------------------------------------------------- speaker

class SpeakerContract:
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Speaker]:
        raise NotImplementedError

    def test_say_stop_volume_in_any_order(self, device: Speaker) -> None:
        device.stop()
        device.set_volume(0.5)
        device.say("Panggilan darurat ke 110.", "id")
        device.say("Emergency call to 110.", "en")
        device.stop()
        healthy_record(device.health(), "speech")

    def test_close_twice(self, device: Speaker) -> None:
        device.close()
        device.close()


class TestStandInSpeaker(SpeakerContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Speaker]:
        yield standins.SilentSpeaker()


class TestEspeakIntoWavFiles(SpeakerContract):
    @pytest.fixture
    def device(self, tmp_path: Path) -> Iterator[Speaker]:
        from core.config import SpeechSection
        from hardware.speech import build_in_process

        speaker = build_in_process(SpeechSection(), wav_dir=tmp_path / "wav")
        try:
            yield speaker
        finally:
            speaker.close()
