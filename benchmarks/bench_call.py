"""Hook lifted → `ATD110;` on the wire: the latency a caller waits before 110 is dialled.

Real parts end to end: the hook simulator writes its state byte to a pty, the kiosk's
sim hook backend reads it in its thread and calls a listener that calls
`phone.call_emergency()`; the modem driver's worker writes `ATD110;` to the modem pty;
the modem simulator timestamps the complete command line. Each trial then replaces the
handset and waits for the call to end. Prints p50/p99 against the target.

A second run uses the serial status-line backend (what a kiosk has) with a fake port
object for the line (a pty has no status lines): it adds the 50 ms debounce by design.
"""

from __future__ import annotations

import logging
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.config import HandsetSection, ModemSection
from core.ports import CallPhase, CallStatus, HookSwitch
from hardware.hook import StatusLineHook
from hardware.hook import build as build_hook
from hardware.modem import ModemPhone
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator

TRIALS = 300
LINE_TRIALS = 200
WARMUP = 10
TARGET_P99_MS = 200.0


class FakeLines:
    """The status lines of a serial port; `dsr` is the hook switch."""

    cts = cd = ri = False

    def __init__(self) -> None:
        self.dsr = False

    def close(self) -> None:
        pass


def main() -> int:
    logging.disable(logging.INFO)      # the driver's JSON log lines are not the subject
    modem_sim, hook_sim = ModemSimulator().start(), HookSimulator().start()
    lines = FakeLines()
    try:
        sim_ms = run(modem_sim, build_hook(HandsetSection(hook="sim", port=hook_sim.port)),
                     hook_sim.lift, hook_sim.replace, TRIALS)
        line_hook = StatusLineHook(HandsetSection(hook="serial", port="/dev/fake-hook",
                                                  line="DSR", debounce_ms=50),
                                   opener=lambda url: lines).start()
        line_ms = run(modem_sim, line_hook, lambda: setattr(lines, "dsr", True),
                      lambda: setattr(lines, "dsr", False), LINE_TRIALS)
    finally:
        modem_sim.stop()
        hook_sim.stop()
    report("sim hook backend (pty -> SimHook -> ModemPhone -> modem pty)", sim_ms)
    report("serial status-line backend, debounce 50 ms (fake port lines)", line_ms,
           prefix="serial_hook_to_atd")
    return 0


def run(modem_sim: ModemSimulator, hook: HookSwitch, lift: Callable[[], None],
        replace: Callable[[], None], trials: int) -> list[float]:
    phone = ModemPhone(ModemSection(port=modem_sim.port)).start()
    ended = threading.Event()

    def on_status(status: CallStatus) -> None:
        if status.phase is CallPhase.ENDED:
            ended.set()

    phone.subscribe(on_status)
    hook.subscribe(lambda off_hook: phone.call_emergency() if off_hook else phone.hang_up())
    try:
        if not phone.wait_ready(30):
            raise RuntimeError(f"modem not ready: {phone.health().reason}")
        latencies = [trial(modem_sim, lift, replace, ended)
                     for _ in range(WARMUP + trials)]
    finally:
        hook.close()
        phone.close()
    return latencies[WARMUP:]


def trial(modem_sim: ModemSimulator, lift: Callable[[], None],
          replace: Callable[[], None], ended: threading.Event) -> float:
    modem_sim.clear_commands()
    ended.clear()
    lifted_at = time.monotonic()
    lift()
    if not modem_sim.wait_for_command("ATD110;", timeout=10):
        raise RuntimeError("ATD110; never reached the modem")
    dialled_at = next(r.at for r in modem_sim.received() if r.command == "ATD110;")
    replace()
    if not ended.wait(10):
        raise RuntimeError("the call did not end after the handset was replaced")
    return (dialled_at - lifted_at) * 1000


def report(what: str, ms: list[float], prefix: str = "hook_to_atd") -> None:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    p50, p99 = cuts[49], cuts[98]
    verdict = "meets" if p99 <= TARGET_P99_MS else "MISSES"
    print(f"hook lifted -> ATD written, {len(ms)} trials, {what}")
    print(f"{prefix}_p50: {p50:.2f} ms")
    print(f"{prefix}_p99: {p99:.2f} ms (target <= {TARGET_P99_MS:.0f} ms: {verdict})")
    print(f"{prefix}_max: {max(ms):.2f} ms")


if __name__ == "__main__":
    sys.exit(main())
