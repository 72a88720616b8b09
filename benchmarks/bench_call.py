"""The emergency call as production runs it: through the phone process.

1. Hook lifted -> `ATD110;` on the wire, sim hook backend: a real `python -m phone`
   process on the modem and hook simulators' ptys. The hook simulator writes its state
   byte (its timestamp is the lift), the phone's SimHook thread reads it, EmergencyLine
   asks the modem worker to dial, the modem simulator timestamps the command line.
2. The same with the serial status-line backend (what a kiosk has, debounce 50 ms,
   polled every 5 ms): the status lines are the one seam a pty lacks, and a fake port
   object cannot cross into another process, so this runs the same PhoneService (the
   phone process's whole inside: modem worker, hook thread, EmergencyLine, socket) in
   this process, on a fake port object whose DSR line the benchmark sets.
3. Phone process start -> ready to dial: `python -m phone` started with the handset
   already lifted, until READY=1 (sd_notify) and until ATD110; reaches the modem.

Targets (issue 11): lift -> ATD p99 <= 5 ms with the simulator hook, <= 200 ms with the
serial hook's 50 ms debounce. Percentiles from >= 100 samples (benchmarks/stats.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import summary
from core.config import HandsetSection
from devtools.kiosk_toml import KioskToml
from devtools.standins import StatusLines
from hardware.hook import StatusLineHook
from phone import settings
from phone.service import PhoneService
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator

ROOT = Path(__file__).resolve().parents[1]
SIM_TRIALS = 300
LINE_TRIALS = 200
START_TRIALS = 100
WARMUP = 10


def config(tmp: Path, modem: ModemSimulator, hook: HookSimulator) -> Path:
    """The phone's own keys only (phone/settings.py reads nothing else)."""
    return KioskToml({"kiosk": {"id": "bench-01"},
                      "modem": {"port": modem.port, "reopen_s": 0.2},
                      "handset": {"hook": "sim", "port": hook.port}}).write(tmp / "kiosk.toml")


def phone_argv(cfg: Path, runtime: Path) -> list[str]:
    return [sys.executable, "-m", "phone", "--config", str(cfg), "--runtime-dir",
            str(runtime), "--state-dir", str(runtime / "state"), "--log-level", "WARNING"]


def wait(cond: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.001)


def atd_at(modem: ModemSimulator, after: float) -> float | None:
    return next((r.at for r in modem.received() if r.command == "ATD110;" and r.at >= after),
                None)


def lift_trials(modem: ModemSimulator, lift: Callable[[], float],
                replace: Callable[[], None], trials: int) -> list[float]:
    """`lift()` returns its own timestamp; each trial then hangs up and waits for it."""
    out = []
    for _ in range(WARMUP + trials):
        modem.clear_commands()
        lifted = lift()

        def dialled_since(t: float = lifted) -> bool:
            return atd_at(modem, t) is not None

        wait(dialled_since, "ATD110;")
        dialled = atd_at(modem, lifted)
        assert dialled is not None
        out.append((dialled - lifted) * 1000)
        replace()
        wait(lambda: modem.call_stat is None and "AT+CHUP" in modem.commands(), "hang-up")
    return out[WARMUP:]


def bench_sim_hook(tmp: Path, modem: ModemSimulator, hook: HookSimulator) -> list[float]:
    runtime = Path(tempfile.mkdtemp(prefix="k110b-"))
    proc = subprocess.Popen(phone_argv(config(tmp, modem, hook), runtime), cwd=ROOT,
                            stderr=subprocess.DEVNULL)
    try:
        wait((runtime / "phone.sock").exists, "the phone process")
        wait(lambda: "AT+CSQ" in modem.commands(), "the modem initialised")

        def lift() -> float:
            hook.lift()
            return hook.last_change_at

        return lift_trials(modem, lift, hook.replace, SIM_TRIALS)
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(runtime, ignore_errors=True)


def bench_serial_hook(modem: ModemSimulator) -> list[float]:
    lines = StatusLines()   # `dsr` is the hook switch
    section = HandsetSection(hook="serial", port="/dev/fake-hook", line="DSR", debounce_ms=50)
    base = settings.from_dict({"modem": {"port": modem.port},
                               "handset": {"hook": "serial", "port": "/dev/fake-hook"}})
    runtime = Path(tempfile.mkdtemp(prefix="k110b-"))
    service = PhoneService(base, runtime, hook_factory=lambda _: StatusLineHook(
        section, opener=lambda url: lines).start()).start()
    try:
        wait(lambda: "AT+CSQ" in modem.commands(), "the modem initialised")

        def lift() -> float:
            lines.dsr = True
            return time.monotonic()

        def replace() -> None:
            lines.dsr = False

        return lift_trials(modem, lift, replace, LINE_TRIALS)
    finally:
        service.close()
        shutil.rmtree(runtime, ignore_errors=True)


def bench_start(tmp: Path, modem: ModemSimulator, hook: HookSimulator
                ) -> tuple[list[float], list[float]]:
    """Start -> READY=1 and start -> ATD110;, the handset lifted before the start."""
    cfg = config(tmp, modem, hook)
    runtime = Path(tempfile.mkdtemp(prefix="k110b-"))
    notify_path = runtime / "notify"
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(notify_path))
    ready_at: list[float] = []
    stop = threading.Event()

    def listen() -> None:
        notify.settimeout(0.1)
        while not stop.is_set():
            try:
                data = notify.recv(4096)
            except TimeoutError:
                continue
            if b"READY=1" in data:
                ready_at.append(time.monotonic())

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    env = {**os.environ, "NOTIFY_SOCKET": str(notify_path)}
    hook.lift()
    to_ready, to_atd = [], []
    try:
        for _ in range(START_TRIALS):
            modem.clear_commands()
            ready_at.clear()
            started = time.monotonic()
            proc = subprocess.Popen(phone_argv(cfg, runtime), cwd=ROOT, env=env,
                                    stderr=subprocess.DEVNULL)

            def ready_and_dialled(t: float = started) -> bool:
                return atd_at(modem, t) is not None and bool(ready_at)

            wait(ready_and_dialled, "ready+ATD")
            dialled = atd_at(modem, started)
            assert dialled is not None
            to_atd.append((dialled - started) * 1000)
            to_ready.append((ready_at[0] - started) * 1000)
            proc.kill()
            proc.wait()
            modem.remote_hangup()
            wait(lambda: modem.call_stat is None, "the call to end")
    finally:
        hook.replace()
        stop.set()
        listener.join()
        notify.close()
        shutil.rmtree(runtime, ignore_errors=True)
    return to_ready, to_atd


def line(name: str, ms: list[float], target: str = "") -> str:
    return f"{name}: {summary(ms, 'ms', 2)}" + (f" (target {target})" if target else "")


def main() -> int:
    logging.disable(logging.WARNING)   # the drivers' JSON log lines are not the subject
    tmp = Path(tempfile.mkdtemp(prefix="bench-call-"))
    modem, hook = ModemSimulator().start(), HookSimulator().start()
    try:
        sim_ms = bench_sim_hook(tmp, modem, hook)
        line_ms = bench_serial_hook(modem)
        ready_ms, start_atd_ms = bench_start(tmp, modem, hook)
    finally:
        modem.stop()
        hook.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("hook lifted -> ATD110; written, through the phone process")
    print(line("  sim hook, python -m phone process", sim_ms, "p99 <= 5 ms"))
    print(line("  serial status-line hook, debounce 50 ms, PhoneService in-process",
               line_ms, "p99 <= 200 ms"))
    print(f"phone process start (exec) -> ready to dial, {START_TRIALS} starts, "
          "handset already lifted")
    print(line("  start -> READY=1 (sd_notify)", ready_ms))
    print(line("  start -> ATD110; on the wire", start_atd_ms, "< 1000 ms"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
