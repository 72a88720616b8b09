"""The phone process under test: `python -m phone` on the modem and hook simulators,
started and stopped for sure; its config; and a client to talk to it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Unpack

from devtools.kiosk_toml import KioskToml, Sections, simulated_devices
from phone.client import PhoneClient
from phone.protocol import SOCKET_ENV, SOCKET_NAME
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from tests.support.config import WINDOWED, write_config
from tests.support.wait import WAIT_S, wait_until

REPO = Path(__file__).resolve().parents[2]
DIAL_WITHIN_S = 1.0   # issue 11: lifting the handset writes ATD110; within 1 s


def phone_sections(modem: ModemSimulator, hook: HookSimulator | None = None,
                   **modem_keys: str | float) -> Sections:
    """The phone's own keys (the rest of the file belongs to others), fast timers."""
    return Sections(kiosk={"id": "test-kiosk-01"},
                    modem={"port": modem.port, "command_timeout_s": 2.0,
                           "poll_interval_s": 0.05, "reopen_s": 0.2, **modem_keys},
                    handset={"hook": "sim", "port": hook.port} if hook is not None else {})


def phone_toml(modem: ModemSimulator, hook: HookSimulator | None = None,
               **modem_keys: str | float) -> str:
    """A file of only the phone's keys (phone/settings.py reads nothing else)."""
    return KioskToml().changed(phone_sections(modem, hook, **modem_keys)).text()


def ui_and_phone_config(tmp_path: Path, modem_sim: ModemSimulator, hook_sim: HookSimulator,
                        **changes: Unpack[Sections]) -> Path:
    """The whole kiosk in a window, its phone on the simulators: for the UI and the
    technician commands talking to a phone process."""
    return write_config(tmp_path, WINDOWED,
                        simulated_devices(modem=modem_sim.port, hook=hook_sim.port),
                        {"modem": {"poll_interval_s": 0.05}}, **changes)


@dataclass
class PhoneProcess:
    proc: subprocess.Popen[bytes]
    runtime: Path
    state: Path
    log: Path
    started_at: float     # time.monotonic() just before the exec

    @property
    def socket(self) -> Path:
        return self.runtime / SOCKET_NAME

    def env(self) -> dict[str, str]:
        """For a process that should talk to this phone (the UI, a CLI command)."""
        return {**os.environ, SOCKET_ENV: str(self.socket)}

    def client(self) -> PhoneClient:
        client = PhoneClient(self.socket).start()
        assert client.wait_synced(WAIT_S), self.log_text()
        return client

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def kill(self, sig: signal.Signals = signal.SIGKILL) -> int:
        with suppress(ProcessLookupError):
            self.proc.send_signal(sig)
        return self.proc.wait(10)


MADE_DIRS: list[Path] = []   # removed after each test (tests/phone/conftest.py)


def short_dir(prefix: str) -> Path:
    """A short path: a Unix socket path must fit in 108 bytes (pytest's do not)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    MADE_DIRS.append(path)
    return path


def remove_made_dirs() -> None:
    while MADE_DIRS:
        shutil.rmtree(MADE_DIRS.pop(), ignore_errors=True)


def stop_for_sure(proc: subprocess.Popen[bytes], grace_s: float) -> None:
    """SIGTERM, `grace_s` to finish, then SIGKILL: a test leaves no process behind."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@contextmanager
def phone_process(config: Path, log: Path, *, state: Path | None = None,
                  runtime: Path | None = None, env: dict[str, str] | None = None,
                  wait_socket: bool = True) -> Iterator[PhoneProcess]:
    made = runtime is None
    runtime = runtime or short_dir("k110p-")
    state = state or runtime / "state"
    argv = [sys.executable, "-m", "phone", "--config", str(config), "--runtime-dir",
            str(runtime), "--state-dir", str(state)]
    with log.open("ab") as out:
        started = time.monotonic()
        proc = subprocess.Popen(argv, cwd=REPO, env={**os.environ, **(env or {})},
                                stdout=out, stderr=subprocess.STDOUT)
        phone = PhoneProcess(proc, runtime, state, log, started)
        try:
            if wait_socket:
                assert wait_until(lambda: phone.socket.exists() or proc.poll() is not None)
                assert proc.poll() is None, phone.log_text()
            yield phone
        finally:
            stop_for_sure(proc, 10)
            if made:
                shutil.rmtree(runtime, ignore_errors=True)


def dial_time(modem: ModemSimulator, after: float, command: str = "ATD110;") -> float | None:
    """When `command` reached the modem (its own timestamp), the first time after `after`."""
    return next((r.at for r in modem.received() if r.command == command and r.at >= after),
                None)


def wait_dialled(modem: ModemSimulator, after: float, timeout: float = WAIT_S) -> float:
    """Seconds from `after` until ATD110; reached the modem; fails if it never did."""
    assert wait_until(lambda: dial_time(modem, after) is not None, timeout), modem.commands()
    at = dial_time(modem, after)
    assert at is not None
    return at - after
