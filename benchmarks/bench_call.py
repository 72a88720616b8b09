"""Hook lifted → `ATD110;` on the wire: the latency a caller waits before 110 is dialled.

Real parts end to end: the hook simulator writes its state byte to a pty, the kiosk's
sim hook backend reads it in its thread and calls a listener that calls
`phone.call_emergency()`; the modem driver's worker writes `ATD110;` to the modem pty;
the modem simulator timestamps the complete command line. Each trial then replaces the
handset and waits for the call to end. Prints p50/p99 against the target.
"""

from __future__ import annotations

import logging
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hardware.hook import build as build_hook
from hardware.modem import ModemPhone
from hardware.sim.hook import HookSimulator
from hardware.sim.modem import ModemSimulator
from kiosk.config import HandsetSection, ModemSection
from kiosk.ports import CallPhase, CallStatus

TRIALS = 300
WARMUP = 10
TARGET_P99_MS = 200.0


def main() -> int:
    logging.disable(logging.INFO)      # the driver's JSON log lines are not the subject
    modem_sim, hook_sim = ModemSimulator().start(), HookSimulator().start()
    phone = ModemPhone(ModemSection(port=modem_sim.port)).start()
    hook = build_hook(HandsetSection(hook="sim", port=hook_sim.port))
    ended = threading.Event()

    def on_status(status: CallStatus) -> None:
        if status.phase is CallPhase.ENDED:
            ended.set()

    phone.subscribe(on_status)
    hook.subscribe(lambda off_hook: phone.call_emergency() if off_hook else phone.hang_up())
    try:
        if not phone.wait_ready(30):
            print(f"modem not ready: {phone.health().reason}")
            return 1
        latencies = [trial(modem_sim, hook_sim, ended) for _ in range(WARMUP + TRIALS)]
    finally:
        hook.close()
        phone.close()
        modem_sim.stop()
        hook_sim.stop()
    report(latencies[WARMUP:])
    return 0


def trial(modem_sim: ModemSimulator, hook_sim: HookSimulator,
          ended: threading.Event) -> float:
    modem_sim.clear_commands()
    ended.clear()
    lifted_at = time.monotonic()
    hook_sim.lift()
    if not modem_sim.wait_for_command("ATD110;", timeout=10):
        raise RuntimeError("ATD110; never reached the modem")
    dialled_at = next(r.at for r in modem_sim.received() if r.command == "ATD110;")
    hook_sim.replace()
    if not ended.wait(10):
        raise RuntimeError("the call did not end after the handset was replaced")
    return (dialled_at - lifted_at) * 1000


def report(ms: list[float]) -> None:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    p50, p99 = cuts[49], cuts[98]
    verdict = "meets" if p99 <= TARGET_P99_MS else "MISSES"
    print(f"hook lifted -> ATD written, {len(ms)} trials (sim hook pty -> SimHook -> "
          "ModemPhone -> modem pty)")
    print(f"hook_to_atd_p50: {p50:.2f} ms")
    print(f"hook_to_atd_p99: {p99:.2f} ms (target <= {TARGET_P99_MS:.0f} ms: {verdict})")
    print(f"hook_to_atd_max: {max(ms):.2f} ms")


if __name__ == "__main__":
    sys.exit(main())
