"""The phone as its own process (`python -m phone`) on the modem and hook simulators:
it dials on a lift with nothing else running, tells clients what happens, survives bad
clients, adopts a call after a restart, and loads nothing but its own few modules."""

from __future__ import annotations

import json
import queue
import signal
import socket
import subprocess
import sys
from pathlib import Path

from core.health import Level
from core.ports import CallPhase, CallStatus, EndReason
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator, Outcome
from tests.phone.support import (
    DIAL_WITHIN_S,
    REPO,
    phone_process,
    phone_toml,
    short_dir,
    wait_dialled,
)
from tests.support.wait import WAIT_S, wait_until
from tests.systemd.notify_listener import NotifyListener
from tests.systemd.procs import running, stop_like_systemd
from tests.systemd.units import CONFIG_PATH, PHONE_UNIT, exec_start, value


def config(tmp_path: Path, modem: ModemSimulator, hook: HookSimulator, **kw: str | float) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(phone_toml(modem, hook, **kw), encoding="utf-8")
    return path


def test_a_lift_dials_110_and_putting_it_back_hangs_up(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    with phone_process(config(tmp_path, modem, hook), tmp_path / "phone.log") as phone:
        client = phone.client()
        assert wait_until(lambda: client.modem_health().level is Level.OK)
        hook.lift()
        waited = wait_dialled(modem, hook.last_change_at)
        assert wait_until(lambda: client.status().phase is CallPhase.ACTIVE)
        hook.replace()
        assert wait_until(lambda: client.status().phase is CallPhase.ENDED)
        ended = client.status()
        client.close()
    assert waited < DIAL_WITHIN_S
    assert ended.reason is EndReason.LOCAL_HANGUP and "AT+CHUP" in modem.commands()


def test_a_client_is_brought_up_to_date_on_connect_and_hears_each_change(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    with phone_process(config(tmp_path, modem, hook), tmp_path / "phone.log") as phone:
        hook.lift()
        wait_dialled(modem, hook.last_change_at)
        late = phone.client()                # connects mid-call
        assert late.is_off_hook()
        assert wait_until(lambda: late.status().phase.is_live)
        heard: queue.Queue[CallStatus] = queue.Queue()
        late.subscribe(heard.put)            # replays the live call at once
        assert heard.get(timeout=WAIT_S).phase.is_live
        assert late.emergency_numbers == ("110", "112")
        names = [h.name for h in late.healths()]
        hook.replace()
        assert wait_until(lambda: late.status().phase is CallPhase.ENDED)
        late.close()
    assert names == ["modem", "hook", "phone"]


def test_the_call_button_and_end_go_through_the_phone(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    with phone_process(config(tmp_path, modem, hook), tmp_path / "phone.log") as phone:
        client = phone.client()
        assert client.call("button")
        assert modem.wait_for_command("ATD110;", WAIT_S)
        assert wait_until(lambda: client.status().phase is CallPhase.ACTIVE)
        assert not client.call("button")     # a call is up: no second dial
        client.hang_up()
        assert wait_until(lambda: client.status().phase is CallPhase.ENDED)
        client.close()
    assert [c for c in modem.commands() if c.startswith("ATD")] == ["ATD110;"]


def test_a_test_call_owns_the_handset_and_dies_with_the_client_that_asked(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    modem.script("0215550100", outcome=Outcome.RING_FOREVER)
    cfg = config(tmp_path, modem, hook, test_number="0215550100")
    with phone_process(cfg, tmp_path / "phone.log") as phone:
        tech = phone.client()
        tech.test_call("0215550100")
        assert modem.wait_for_command("ATD0215550100;", WAIT_S)
        assert wait_until(lambda: tech.technician_call)
        hook.lift()                                 # the technician's, not a 110 call
        assert wait_until(tech.is_off_hook)
        tech.close()                                # the tool dies mid-test
        assert modem.wait_for(lambda cmds: "AT+CHUP" in cmds, WAIT_S)
        watcher = phone.client()
        assert wait_until(lambda: watcher.status().phase is CallPhase.ENDED)
        assert not watcher.technician_call          # the handset is the public's again
        hook.replace()
        hook.lift()
        wait_dialled(modem, hook.last_change_at)
        watcher.close()
    assert "ATD110;" in modem.commands()


def test_an_emergency_number_is_never_a_test_call_unless_explicit(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    with phone_process(config(tmp_path, modem, hook), tmp_path / "phone.log") as phone:
        client = phone.client()
        heard: queue.Queue[CallStatus] = queue.Queue()
        client.subscribe(heard.put)
        client.test_call("110")
        refused = heard.get(timeout=WAIT_S)
        client.test_call("1;+CFUN=0")
        refused_text = heard.get(timeout=WAIT_S)
        client.close()
    assert refused.phase is CallPhase.ENDED and "emergency number" in refused.detail
    assert "not a phone number" in refused_text.detail
    assert not [c for c in modem.commands() if c.startswith("ATD")]


def test_garbage_from_a_client_never_stops_the_phone(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    with phone_process(config(tmp_path, modem, hook), tmp_path / "phone.log") as phone:
        bad = socket.socket(socket.AF_UNIX)
        bad.connect(str(phone.socket))
        bad.sendall(b"\xff\xfe not json\n{\"cmd\": \"reboot\"}\n[1, 2]\n")
        replies = bad.makefile("rb")
        # The replay on connect: hello first, then the whole state (a periodic health
        # push may land among the replay's messages on a loaded machine).
        kinds = [json.loads(replies.readline())["type"]]
        while not {"hook", "call", "technician", "health"} <= set(kinds):
            kinds.append(json.loads(replies.readline())["type"])
        answers: list[dict[str, object]] = []
        while len(answers) < 3:         # health pushes may come between the replies
            message = json.loads(replies.readline())
            if message["type"] == "reply":
                answers.append(message)
        hog = socket.socket(socket.AF_UNIX)        # one line far over the limit
        hog.connect(str(phone.socket))
        hog.sendall(b"x" * 100_000)
        silent = socket.socket(socket.AF_UNIX)     # connects and never reads
        silent.connect(str(phone.socket))
        hook.lift()
        waited = wait_dialled(modem, hook.last_change_at)
        for s in (bad, hog, silent):
            s.close()
        assert phone.proc.poll() is None
    assert waited < DIAL_WITHIN_S
    assert kinds[0] == "hello" and set(kinds) == {"hello", "hook", "call", "technician",
                                                  "health"}
    assert [a["ok"] for a in answers] == [False, False, False]
    assert "unknown command" in str(answers[1]["error"])


def test_a_restarted_phone_adopts_the_call_and_does_not_dial_over_it(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    cfg = config(tmp_path, modem, hook)
    with phone_process(cfg, tmp_path / "phone.log") as phone:
        hook.lift()
        wait_dialled(modem, hook.last_change_at)
        assert wait_until(lambda: modem.call_stat is not None and modem.call_stat.name == "ACTIVE")
        phone.kill()                     # a crash mid-call: the modem keeps the call
    modem.clear_commands()
    with phone_process(cfg, tmp_path / "phone2.log") as phone:
        client = phone.client()
        assert wait_until(lambda: client.status().phase is CallPhase.ACTIVE)
        adopted = client.status()
        client.close()
    assert adopted.detail == "call already in progress"
    assert not [c for c in modem.commands() if c.startswith("ATD")]


def test_sigterm_stops_it_and_leaves_an_emergency_call_up(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    with phone_process(config(tmp_path, modem, hook), tmp_path / "phone.log") as phone:
        hook.lift()
        wait_dialled(modem, hook.last_change_at)
        assert wait_until(lambda: modem.call_stat is not None and modem.call_stat.name == "ACTIVE")
        rc = phone.kill(signal.SIGTERM)
    assert rc == 0
    assert modem.call_stat is not None            # the caller is still talking to 110
    assert not {"AT+CHUP", "ATH"} & set(modem.commands())


def test_one_phone_per_runtime_dir(tmp_path: Path, modem: ModemSimulator,
                                   hook: HookSimulator) -> None:
    cfg = config(tmp_path, modem, hook)
    with phone_process(cfg, tmp_path / "one.log") as first, \
            phone_process(cfg, tmp_path / "two.log", runtime=first.runtime,
                          wait_socket=False) as second:
        assert second.proc.wait(WAIT_S) == 1
        assert "another phone process" in second.log_text()
        hook.lift()
        wait_dialled(modem, hook.last_change_at)   # the first one still works


def test_ready_then_watchdog_pings_for_systemd(tmp_path: Path, modem: ModemSimulator,
                                               hook: HookSimulator) -> None:
    with NotifyListener() as notify, \
            phone_process(config(tmp_path, modem, hook), tmp_path / "phone.log",
                          env=notify.env(2_000_000)) as phone:
        ready = notify.wait_for("READY")[0]
        pings = notify.wait_for("WATCHDOG", count=3)
        assert phone.proc.poll() is None
    assert ready <= pings[0]


def test_the_phone_process_loads_no_screen_speech_network_or_outbox() -> None:
    code = ("import sys, phone.__main__, phone.service, phone.server, phone.settings, "
            "hardware.modem, hardware.hook; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=60).stdout.split()
    for forbidden in ("PySide6", "shiboken6", "pyttsx3", "requests", "jsonschema", "ui",
                      "offline_queue", "urllib3", "sqlite3"):
        assert forbidden not in out, forbidden


def test_started_with_the_units_own_command_line_it_is_ready_pings_and_stops_in_time(
        tmp_path: Path, modem: ModemSimulator, hook: HookSimulator) -> None:
    argv = exec_start(PHONE_UNIT)
    argv[0] = sys.executable
    argv[argv.index(CONFIG_PATH)] = str(config(tmp_path, modem, hook))
    runtime = short_dir("k110t-")
    argv += ["--runtime-dir", str(runtime), "--state-dir", str(runtime / "state")]
    stop_s = float(value(PHONE_UNIT, "Service", "TimeoutStopSec"))
    watchdog_usec = int(value(PHONE_UNIT, "Service", "WatchdogSec")) * 1_000_000
    with NotifyListener() as notify, \
            running(argv, notify.env(watchdog_usec), tmp_path / "unit.log") as proc:
        notify.wait_for("READY")
        hook.lift()                     # (this machine has no kiosk-phone-clients group:
        wait_dialled(modem, hook.last_change_at)   # logged, and 110 still works)
        notify.wait_for("WATCHDOG", count=2, timeout=watchdog_usec / 1e6 * 2)
        rc = stop_like_systemd(proc, stop_s)
    assert rc == 0, (tmp_path / "unit.log").read_text()[-2000:]
