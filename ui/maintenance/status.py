"""The Status page's facts, gathered off the UI thread: every part's level and reason.

Plain Python over the injected services (no widgets), so each judgement is testable.
Device calls may block (a printer status query waits for its answer), hence a worker.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from core.health import UPLINK_HEALTH_FILE, Health, Level, read_snapshot
from core.ports import PrinterState
from ui.maintenance.services import MaintenanceServices
from wire import __version__
from wire.logs import mask_pii
from wire.report import WIB

UPLINK_STALE_S = 180      # the uploader rewrites its snapshot at least every minute
QUEUE_OLD_S = 600         # a report waiting 10 min means delivery is stuck
DISK_WARN_FREE = 0.15
DISK_FAIL_FREE = 0.05


def tr(text: str) -> str:
    # lupdate files module-level tr() calls under the empty context; look them up there.
    return QCoreApplication.translate("", text)


@dataclass(frozen=True)
class StatusRow:
    key: str      # stable name, e.g. "printer"
    title: str    # shown, translated
    level: Level
    reason: str   # in words; masked


@dataclass(frozen=True)
class StatusReport:
    rows: tuple[StatusRow, ...]
    facts: tuple[tuple[str, str], ...]   # (label, value): version, uptime, kiosk id …

    def with_row(self, row: StatusRow, *, before: str) -> StatusReport:
        """This report with `row` inserted before the row keyed `before` (or last)."""
        keys = [r.key for r in self.rows]
        at = keys.index(before) if before in keys else len(keys)
        return StatusReport((*self.rows[:at], row, *self.rows[at:]), self.facts)


def _row(key: str, title: str, health: Health) -> StatusRow:
    return StatusRow(key, title, health.level, mask_pii(health.reason))


def _safe(name: str, fn: Callable[[], Health]) -> Health:
    try:
        return fn()
    except Exception as exc:  # a broken driver is a red row, not a broken screen
        return Health(name, Level.FAIL,
                      tr("no answer from the driver") + f" ({type(exc).__name__})")


def paper_health(state: PrinterState) -> Health:
    words = {
        PrinterState.ONLINE: (Level.OK, tr("paper loaded, printer ready")),
        PrinterState.PAPER_NEAR_END: (Level.WARN, tr("paper nearly finished: change the roll")),
        PrinterState.PAPER_OUT: (Level.FAIL, tr("paper out: load a new roll")),
        PrinterState.COVER_OPEN: (Level.FAIL, tr("cover open: close the printer cover")),
        PrinterState.OFFLINE: (Level.FAIL, tr("printer reports an error")),
        PrinterState.NO_ANSWER: (Level.FAIL, tr("printer does not answer: check cable "
                                                "and power")),
        PrinterState.NOT_INSTALLED: (Level.WARN, tr("no printer configured")),
    }
    level, reason = words[state]
    return Health("paper", level, reason)


def _modem_reason(health: Health) -> str:
    d = health.details
    parts = [health.reason]
    if "sim" in d:
        parts.append(tr("SIM") + f": {d['sim']}")
    if "registration" in d:
        parts.append(tr("network") + f": {d['registration']}")
    if d.get("signal_dbm") is not None:
        parts.append(tr("signal") + f": {d['signal_dbm']} dBm")
    return " · ".join(str(p) for p in parts)


def hook_health(health: Health, off_hook: bool) -> Health:
    state = tr("handset lifted") if off_hook else tr("handset on the hook")
    return Health("hook", health.level, f"{state} · {health.reason}")


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def _ago(seconds: float) -> str:
    return tr("%1 ago").replace("%1", _duration(seconds))


def _age_of(stamp: str | None, now: float) -> str:
    if not stamp:
        return tr("never")
    try:
        return _ago(now - datetime.fromisoformat(stamp).timestamp())
    except ValueError:
        return stamp


def uplink_health(data_dir: Path, now: float) -> Health:
    snap = read_snapshot(data_dir / UPLINK_HEALTH_FILE)
    if snap is None:
        return Health("uplink", Level.WARN, tr("the uploader has not reported yet (is "
                                               "kiosk-uploader running?)"))
    try:
        health = Health.from_dict(snap["health"])
    except (KeyError, TypeError, ValueError):
        return Health("uplink", Level.WARN, tr("the uploader's report is unreadable"))
    written = float(snap.get("written_at") or 0)
    detail = (tr("last success") + f": {_age_of(snap.get('last_success'), now)}")
    if snap.get("last_error"):
        detail += " · " + tr("last error") + f": {snap['last_error']}"
        if snap.get("last_error_at"):
            detail += f" ({_age_of(snap.get('last_error_at'), now)})"
    if now - written > UPLINK_STALE_S:
        return Health("uplink", Level.WARN, tr("the uploader stopped reporting") +
                      f" {_ago(now - written)} · {detail}")
    return Health("uplink", health.level, f"{health.reason} · {detail}")


def queue_health(services: MaintenanceServices) -> Health:
    if services.queue is None:
        return Health("queue", Level.FAIL, tr("the outbox is not available"))
    stats = services.queue.counts()
    oldest = stats.oldest_pending_s
    text = (tr("%1 pending, %2 failed").replace("%1", str(stats.pending))
            .replace("%2", str(stats.failed)))
    if oldest is not None:
        text += " · " + tr("oldest waiting") + f" {_duration(oldest)}"
    if stats.failed:
        return Health("queue", Level.FAIL, text + " · " + tr("see the Queue page"))
    if oldest is not None and oldest > QUEUE_OLD_S:
        return Health("queue", Level.WARN, text)
    return Health("queue", Level.OK, text)


def disk_health(data_dir: Path) -> Health:
    usage = shutil.disk_usage(data_dir)
    free = usage.free / usage.total if usage.total else 0.0
    text = tr("%1 % free (%2 GB)").replace("%1", f"{free * 100:.0f}").replace(
        "%2", f"{usage.free / 1e9:.1f}")
    level = Level.FAIL if free < DISK_FAIL_FREE else Level.WARN if free < DISK_WARN_FREE \
        else Level.OK
    return Health("disk", level, text)


def _uptime(seconds: float) -> str:
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return (f"{days} d " if days else "") + f"{hours} h {rest // 60} min"


def _system_uptime() -> str:
    try:
        return _uptime(float(Path("/proc/uptime").read_text().split()[0]))
    except (OSError, ValueError, IndexError):
        return "?"


def collect_status(services: MaintenanceServices) -> StatusReport:
    """Every row, asked in this thread (tests, screenshots); the page asks the devices
    in the devices lane and the queue in the store lane instead."""
    return collect_devices(services).with_row(collect_queue(services), before="disk")


def collect_queue(services: MaintenanceServices) -> StatusRow:
    """The queue row; uses the outbox — call it in the store lane."""
    return _row("queue", tr("Queue"), _safe("queue", lambda: queue_health(services)))


def collect_devices(services: MaintenanceServices) -> StatusReport:
    """Every row but the queue; blocking (a printer query waits for its answer) — call
    it in the devices lane."""
    s, data_dir = services, services.config.storage.data_dir
    now = s.wall_clock()
    printer = _safe("printer", s.printer.health)
    try:
        paper = paper_health(s.printer.state())
    except Exception:  # the printer row already says why
        paper = paper_health(PrinterState.NO_ANSWER)
    modem = _safe("modem", s.phone.health)
    try:
        off_hook = s.hook.is_off_hook()
    except Exception:
        off_hook = False
    rows = (
        _row("printer", tr("Printer"), printer),
        _row("paper", tr("Paper"), paper),
        StatusRow("modem", tr("Modem and SIM"), modem.level, mask_pii(_modem_reason(modem))),
        _row("hook", tr("Handset"), hook_health(_safe("hook", s.hook.health), off_hook)),
        _row("speech", tr("Speech"), _safe("speech", s.speaker.health)),
        _row("uplink", tr("Uplink"), _safe("uplink", lambda: uplink_health(data_dir, now))),
        _row("disk", tr("Disk"), _safe("disk", lambda: disk_health(data_dir))),
    )
    cfg = s.config.kiosk
    facts = (
        (tr("Kiosk"), f"{cfg.id} · {cfg.station}"),
        (tr("App version"), __version__),
        (tr("App running for"), _uptime(s.clock() - s.app_started_at)),
        (tr("System up for"), _system_uptime()),
        (tr("Checked at"), datetime.fromtimestamp(now, WIB).strftime("%H:%M:%S WIB")),
    )
    return StatusReport(rows, facts)
