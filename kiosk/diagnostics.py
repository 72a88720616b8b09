"""Health checks a technician runs: one plain function per part, each a `Health`.

`doctor` runs them all; the maintenance screen can reuse the ones that do not need the
devices (uplink, queue, disk, uploader). The modem and the hook belong to the phone
process: while it runs, their health is its live word (asked over its socket), and the
`phone` row says whether it runs and on which settings. Other device checks open the
device themselves, except while the kiosk app holds its port (ports are opened
exclusively): then they never fight the app for it and show the app's last health
snapshot instead.

Like the CLI, this is wiring: hardware and the outbox are imported inside functions,
so the core's import graph stays free of them.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import requests

from core import health_rules as rules
from core.config import Config, ServerSection
from core.health import (
    APP_HEALTH_FILE,
    UPLINK_HEALTH_FILE,
    Condition,
    Health,
    Level,
    read_devices,
    read_snapshot,
)
from core.health_rules import Finding
from wire.durations import duration

UPLINK_TIMEOUT_S = 5.0          # reachability only: never wait the full request timeout
SNAPSHOT_STALE_S = 5 * 60       # an app snapshot older than this may no longer be true
HOOK_SETTLE_S = 3.0             # the hook backends open their port in a thread
HOOK_STATE_S = 0.7              # > the hook simulator's 0.5 s state repeat
PHONE_ANSWER_S = 2.0            # the phone process answers at once when it runs

# requests wraps the one useful phrase ("Connection refused", "certificate verify
# failed: self-signed certificate") in several layers of pool and adapter text.
_PLAIN_REASONS = (re.compile(r"\[SSL: [A-Z_]+\] ([^(')\"]+)"),
                  re.compile(r"\[Errno -?\d+\] ([^(')\"]+)"),
                  re.compile(r"(Read timed out|Connection aborted|Remote end closed "
                             r"connection[^(')\"]*)"))


class DiskUsage(NamedTuple):
    total: int
    used: int
    free: int


DiskUsageFn = Callable[[Path], DiskUsage]


class _Device(Protocol):
    def health(self) -> Health: ...

    def close(self) -> None: ...


def run_all(cfg: Config) -> list[Health]:
    """Every check `doctor` shows, in the order a technician reads them."""
    phone = phone_service()
    results = [check_printer(cfg), check_modem(cfg, phone), check_hook(cfg, phone),
               check_phone(phone), check_speech(cfg), check_uplink(cfg.server),
               check_queue(cfg.outbox_path), check_disk(cfg.storage.data_dir)]
    uploader = check_uploader(cfg.storage.data_dir, heartbeat_s=cfg.uploader.heartbeat_s)
    if uploader is not None:
        results.append(uploader)
    return results


# ---------------------------------------------------------------- devices


def check_printer(cfg: Config) -> Health:
    from hardware.printer import build

    return _device_health("printer", cfg.printer.port, cfg.printer.baudrate,
                          cfg.storage.data_dir, build=lambda: build(cfg.printer))


def phone_service(socket: Path | None = None,
                  timeout: float = PHONE_ANSWER_S) -> dict[str, Health] | None:
    """The phone process's health items (modem, hook, phone), or None when it does not
    answer on its socket."""
    from phone.client import PhoneClient
    from phone.protocol import socket_path

    path = socket or socket_path()
    if not path.exists():
        return None
    client = PhoneClient(path).start()
    try:
        if not client.wait_synced(timeout):
            return None
        return {h.name: _from_phone(h, client.phone_pid) for h in client.healths()}
    finally:
        client.close()


def _from_phone(h: Health, pid: int | None) -> Health:
    return Health(h.name, h.level, h.reason, {**h.details, "source": "phone service",
                                              "phone_pid": pid},
                  checked_at=h.checked_at, condition=h.condition)


def check_phone(phone: dict[str, Health] | None) -> Health:
    """The emergency phone process itself: is it running, on which settings."""
    if phone is not None and "phone" in phone:
        return phone["phone"]
    from phone.protocol import socket_path

    return Health("phone", Level.FAIL, f"the phone service does not answer on {socket_path()}:"
                  " the handset cannot reach 110 (systemctl status kiosk-phone)",
                  condition=Condition.SERVICE_DOWN)


def check_modem(cfg: Config, phone: dict[str, Health] | None = None) -> Health:
    if phone is not None and "modem" in phone:
        return phone["modem"]
    from hardware.modem import ModemPhone, build

    def settle(phone: _Device) -> None:
        if isinstance(phone, ModemPhone):
            # Initialisation is a handful of AT commands, each with its own timeout;
            # wait_ready returns early when the modem is found silent or gone.
            phone.wait_ready(cfg.modem.command_timeout_s * 8 + 2.0)

    return _device_health("modem", cfg.modem.port, cfg.modem.baudrate,
                          cfg.storage.data_dir, build=lambda: build(cfg.modem),
                          settle=settle)


def check_hook(cfg: Config, phone: dict[str, Health] | None = None) -> Health:
    if phone is not None and "hook" in phone:
        return phone["hook"]
    from hardware.hook import build

    lifted = threading.Event()

    def make() -> _Device:
        hook = build(cfg.handset)
        hook.subscribe(lambda off_hook: lifted.set() if off_hook else None)
        return hook

    def settle(hook: _Device) -> None:
        # The backends open their port in a thread ("starting" until then) and start
        # from "on the hook": a lifted handset shows up as a change within the
        # debounce time (serial) or the simulator's repeat period.
        deadline = time.monotonic() + HOOK_SETTLE_S
        while hook.health().condition is Condition.STARTING and time.monotonic() < deadline:
            time.sleep(0.05)
        if hook.health().level is Level.OK:
            lifted.wait(cfg.handset.debounce_ms / 1000 + HOOK_STATE_S)

    port = cfg.handset.port if cfg.handset.hook != "none" else None
    return _device_health("hook", port, 9600, cfg.storage.data_dir, build=make,
                          settle=settle)


def check_speech(cfg: Config) -> Health:
    """Engine, voices, and the sound player run on 0.1 s of silence (inaudible, so
    harmless while the app speaks), in a speech worker process of its own (a broken
    espeak-ng must not take doctor down either)."""
    from hardware.speech import build
    from hardware.speech.process import READY_WAIT_S, WorkerSpeaker

    speaker = build(cfg.speech)
    try:
        if isinstance(speaker, WorkerSpeaker):
            speaker.wait_settled(READY_WAIT_S)
        health = speaker.health()
        if isinstance(speaker, WorkerSpeaker) and health.level is not Level.FAIL:
            health = speaker.probe_output()
    finally:
        speaker.close()
    if health.level is Level.FAIL and health.condition is Condition.PORT_BUSY:
        # A sound card without a mixer is held by whoever plays: the kiosk app.
        return from_app_snapshot("speech", cfg.storage.data_dir, health.reason)
    return health


def _device_health(name: str, port: str | None, baudrate: int, data_dir: Path, *,
                   build: Callable[[], _Device],
                   settle: Callable[[_Device], None] | None = None) -> Health:
    busy = port_in_use(port, baudrate, name) if port else None
    if busy:
        return from_app_snapshot(name, data_dir, busy)
    device = build()
    try:
        if settle is not None:
            settle(device)
        health = device.health()
    finally:
        device.close()
    if health.condition is Condition.PORT_BUSY:
        # The app took the port between our probe and the factory's open.
        return from_app_snapshot(name, data_dir, health.reason)
    return health


def port_in_use(port: str, baudrate: int, what: str) -> str | None:
    """The DeviceBusy message when another process holds the local port `port`, else
    None. URLs (spy://, socket://) take no lock, so nothing can be known about them."""
    if "://" in port:
        return None
    from hardware.errors import DeviceBusy, DeviceMissing
    from hardware.serialport import open_port

    try:
        open_port(port, baudrate, timeout=0.1, what=what).close()
    except DeviceBusy as exc:
        return str(exc)
    except DeviceMissing:
        return None   # the factory's health explains it
    return None


def from_app_snapshot(name: str, data_dir: Path, busy: str,
                      now: Callable[[], float] = time.time) -> Health:
    """The kiosk app's last word on device `name`, for when its port is busy."""
    found = {h.name: h for h in read_devices(data_dir)}.get(name)
    if found is None:
        has_file = (data_dir / APP_HEALTH_FILE).exists()
        why = "has no entry for it" if has_file else "was not found"
        return Health(name, Level.WARN, f"in use by another process (the kiosk app?) and "
                      f"its health snapshot {why}", {"busy": busy})
    age = max(0.0, now() - found.checked_at)
    level = found.level
    note = f"in use by the kiosk app — showing its last health snapshot ({_ago(age)})"
    if age > SNAPSHOT_STALE_S and level is Level.OK:
        level, note = Level.WARN, note + ", which is stale"
    details = {**found.details, "source": "kiosk app snapshot", "snapshot_age_s": round(age)}
    return Health(name, level, f"{found.reason} ({note})", details,
                  checked_at=found.checked_at)


# ---------------------------------------------------------------- services


def check_uplink(server: ServerSection, timeout_s: float = UPLINK_TIMEOUT_S) -> Health:
    """Is the command centre's API reachable? Any HTTP answer means yes; no token is
    sent, so a 401/404 is expected and fine. TLS is verified (with `ca_bundle`)."""
    verify: bool | str = str(server.ca_bundle) if server.ca_bundle else True
    timeout = min(timeout_s, server.timeout_s)
    details: dict[str, Any] = {"url": server.url}
    started = time.monotonic()
    try:
        response = requests.get(server.url, timeout=timeout, verify=verify,
                                allow_redirects=False)
    except requests.exceptions.SSLError as exc:
        return Health("uplink", Level.FAIL, f"TLS check failed for {server.url}: "
                      f"{_plain(exc)}", details)
    except requests.exceptions.Timeout:
        return Health("uplink", Level.FAIL, f"no answer from {server.url} within "
                      f"{timeout:g} s", details)
    except requests.exceptions.RequestException as exc:
        return Health("uplink", Level.FAIL, f"cannot connect to {server.url}: "
                      f"{_plain(exc)}", details)
    ms = round((time.monotonic() - started) * 1000)
    details.update(status=response.status_code, ms=ms)
    response.close()
    if response.is_redirect:
        where = response.headers.get("Location", "?")
        return Health("uplink", Level.WARN, f"{server.url} redirects (HTTP "
                      f"{response.status_code}) to {where}: a captive portal?", details)
    if response.status_code >= 500:
        return Health("uplink", Level.WARN, f"reachable, but the server answers HTTP "
                      f"{response.status_code} ({ms} ms)", details)
    return Health("uplink", Level.OK, f"reachable: HTTP {response.status_code} in {ms} ms",
                  details)


def check_queue(outbox_path: Path, now: Callable[[], float] = time.time) -> Health:
    """Pending and failed items, and how long the oldest has waited."""
    from offline_queue.errors import OutboxError
    from offline_queue.outbox import Outbox

    if not outbox_path.exists():
        verdict = rules.judge_queue(0, 0, None)
        return rules.as_health(verdict, rules.english(verdict))
    try:
        outbox = Outbox(outbox_path, clock=now)
        try:
            stats = outbox.stats()
        finally:
            outbox.close()
    except OutboxError as exc:
        verdict = rules.judge_queue_unreadable(str(exc))
        return rules.as_health(verdict, rules.english(verdict), {"path": str(outbox_path)})
    verdict = rules.judge_queue(stats.pending, stats.failed, stats.oldest_pending_s,
                                stats.delivered)
    return rules.as_health(verdict, rules.english(verdict), stats.to_dict())


def _disk_usage(path: Path) -> DiskUsage:
    return DiskUsage(*shutil.disk_usage(path))


def check_disk(data_dir: Path, usage: DiskUsageFn = _disk_usage) -> Health:
    """Free space where reports are stored; the outbox refuses reports when full."""
    if not data_dir.is_dir():
        verdict = rules.judge_disk_problem(Finding.DISK_MISSING, str(data_dir))
    elif not os.access(data_dir, os.W_OK | os.X_OK):
        verdict = rules.judge_disk_problem(Finding.DISK_READ_ONLY, str(data_dir))
    else:
        try:
            disk = usage(data_dir)
        except OSError as exc:
            verdict = rules.judge_disk_problem(Finding.DISK_UNREADABLE, str(data_dir),
                                               exc.strerror or type(exc).__name__)
        else:
            verdict = rules.judge_disk(disk.free, disk.total)
            details = {"path": str(data_dir), "free_bytes": disk.free,
                       "total_bytes": disk.total}
            return rules.as_health(verdict, f"{rules.english(verdict)} in {data_dir}",
                                   details)
    return rules.as_health(verdict, rules.english(verdict))


def check_uploader(data_dir: Path, heartbeat_s: float = 60.0,
                   now: Callable[[], float] = time.time) -> Health | None:
    """The uploader's own last health (delivery, token alarm), or None when it has
    never written one."""
    snap = read_snapshot(data_dir / UPLINK_HEALTH_FILE)
    if snap is None:
        return None
    verdict = rules.judge_uploader(snap, now(), heartbeat_s)
    details = {k: v for k, v in verdict.params.items() if k not in ("reason", "age_s")}
    if "age_s" in verdict.params:
        details["snapshot_age_s"] = round(verdict.params["age_s"])
    return rules.as_health(verdict, rules.english(verdict), details)


# ---------------------------------------------------------------- wording


def _ago(seconds: float) -> str:
    return f"{duration(seconds)} ago"


def _plain(exc: BaseException) -> str:
    text = str(exc)
    for pattern in _PLAIN_REASONS:
        found = pattern.search(text)
        if found:
            return found.group(1).strip().rstrip(".")
    lines = text.strip().splitlines()
    return lines[0] if lines else type(exc).__name__
