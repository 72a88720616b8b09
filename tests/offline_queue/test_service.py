"""The uploader as a service: one per outbox, READY/WATCHDOG, SIGTERM within 10 s."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline_queue.errors import UploaderLocked
from offline_queue.service import acquire_lock
from tests.offline_queue.cli_support import REPO, child_env, cli, run_cli
from tests.offline_queue.faultserver import Fault, FaultServer
from tests.offline_queue.helpers import make_config_path, report_line
from tests.support.wait import wait_until


def test_a_second_uploader_on_the_same_outbox_is_refused(tmp_path: Path) -> None:
    fd = acquire_lock(tmp_path)
    try:
        with pytest.raises(UploaderLocked, match="already running"):
            acquire_lock(tmp_path)
        config = make_config_path(tmp_path)
        os.close(fd)
        fd = acquire_lock(tmp_path / "data")
        result = run_cli(config, "run")
        assert result.returncode == 1 and "already running" in result.stderr
    finally:
        os.close(fd)


# The sd_notify socket a test plays systemd on: its path and the bound socket.
NotifySocket = tuple[Path, socket.socket]


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[NotifySocket]:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(20)
    yield path, sock
    sock.close()


def test_sigterm_finishes_the_request_in_flight_and_exits_promptly(
        tmp_path: Path, notify_socket: NotifySocket) -> None:
    path, sock = notify_socket
    stored_slowly: list[str] = []

    def faults(key: str) -> Fault:
        stored_slowly.append(key)
        return Fault.SLOW_AFTER_STORE

    with FaultServer(faults, slow_s=1.5) as server:
        config = make_config_path(tmp_path, url=server.url, timeout_s=5.0)
        [item_id] = run_cli(config, "enqueue", stdin=report_line() + "\n").stdout.split()
        env = {**child_env(), "NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "200000"}
        proc = subprocess.Popen(cli(config, "run"), cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            messages = [sock.recv(4096).decode() for _ in range(3)]
            assert messages[0].startswith("READY=1")
            assert messages[1:] == ["WATCHDOG=1", "WATCHDOG=1"]
            assert wait_until(lambda: len(stored_slowly) > 0, 30)  # in flight
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        assert rc == 0
        # The answer that arrived after SIGTERM was still settled: delivered, not lost.
        listed = run_cli(config, "list", "--state", "delivered").stdout
        assert item_id in listed
        assert proc.stderr is not None
        assert b"uploader.signal" in proc.stderr.read()


def test_run_reports_a_corrupt_outbox_instead_of_crashing(tmp_path: Path) -> None:
    config = make_config_path(tmp_path)
    (tmp_path / "data" / "outbox.sqlite3").write_bytes(b"garbage!" * 1000)
    result = run_cli(config, "run")
    assert result.returncode == 1 and "corrupt" in result.stderr
