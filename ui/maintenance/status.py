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

from core import health_rules as rules
from core.health import UPLINK_HEALTH_FILE, Health, Level, read_snapshot
from core.health_rules import Finding, Verdict
from core.ports import PrinterState
from core.queueview import QueueInspector
from ui.maintenance.services import MaintenanceServices
from wire import __version__
from wire.durations import duration
from wire.logs import mask_pii
from wire.report import WIB


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


def _paper_words(finding: Finding) -> str:
    return {
        Finding.PAPER_READY: tr("paper loaded, printer ready"),
        Finding.PAPER_NEAR_END: tr("paper nearly finished: change the roll"),
        Finding.PAPER_OUT: tr("paper out: load a new roll"),
        Finding.PAPER_COVER_OPEN: tr("cover open: close the printer cover"),
        Finding.PAPER_ERROR: tr("printer reports an error"),
        Finding.PAPER_NO_ANSWER: tr("printer does not answer: check cable and power"),
        Finding.PAPER_NOT_INSTALLED: tr("no printer configured"),
    }[finding]


def paper_health(state: PrinterState) -> Health:
    verdict = rules.judge_paper(state)
    return rules.as_health(verdict, _paper_words(verdict.finding))


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


def _ago(seconds: float) -> str:
    return tr("%1 ago").replace("%1", duration(seconds))


def _age_of(stamp: str | None, now: float) -> str:
    if not stamp:
        return tr("never")
    try:
        return _ago(now - datetime.fromisoformat(stamp).timestamp())
    except ValueError:
        return stamp


def uplink_health(data_dir: Path, now: float, heartbeat_s: float = 60.0) -> Health:
    verdict = rules.judge_uploader(read_snapshot(data_dir / UPLINK_HEALTH_FILE), now,
                                   heartbeat_s)
    return Health("uplink", verdict.level, _uploader_words(verdict, now))


def _uploader_words(v: Verdict, now: float) -> str:
    p = v.params
    if v.finding is Finding.UPLOADER_NEVER_REPORTED:
        return tr("the uploader has not reported yet (is kiosk-uploader running?)")
    if v.finding is Finding.UPLOADER_UNREADABLE:
        return tr("the uploader's report is unreadable")
    detail = tr("last success") + f": {_age_of(p.get('last_success'), now)}"
    if p.get("last_error"):
        detail += " · " + tr("last error") + f": {p['last_error']}"
        if p.get("last_error_at"):
            detail += f" ({_age_of(p.get('last_error_at'), now)})"
    if v.finding is Finding.UPLOADER_STALE:
        return tr("the uploader stopped reporting") + f" {_ago(p['age_s'])} · {detail}"
    return f"{p['reason']} · {detail}"


def queue_health(queue: QueueInspector | None) -> Health:
    if queue is None:
        return Health("queue", Level.FAIL, tr("the outbox is not available"))
    stats = queue.counts()
    verdict = rules.judge_queue(stats.pending, stats.failed, stats.oldest_pending_s,
                                stats.delivered)
    oldest = stats.oldest_pending_s
    text = (tr("%1 pending, %2 failed").replace("%1", str(stats.pending))
            .replace("%2", str(stats.failed)))
    if oldest is not None:
        text += " · " + tr("oldest waiting") + f" {duration(oldest)}"
    if verdict.finding is Finding.QUEUE_FAILED:
        text += " · " + tr("see the Queue page")
    elif verdict.finding is Finding.QUEUE_STUCK:
        text += " · " + tr("delivery is stuck")
    return Health("queue", verdict.level, text)


def disk_health(data_dir: Path,
                usage: Callable[[Path], tuple[int, int, int]] = shutil.disk_usage) -> Health:
    """`usage(path)` is (total, used, free) bytes, as shutil.disk_usage gives."""
    total, _used, free_bytes = usage(data_dir)
    verdict = rules.judge_disk(free_bytes, total)
    share = free_bytes / total if total else 0.0
    text = tr("%1 % free (%2 GB)").replace("%1", f"{share * 100:.0f}").replace(
        "%2", f"{free_bytes / 1e9:.1f}")
    if verdict.finding is Finding.DISK_LOW:
        text += " · " + tr("make room soon")
    elif verdict.finding is Finding.DISK_FULL:
        text += " · " + tr("reports may not be stored")
    return Health("disk", verdict.level, text)


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
    return _row("queue", tr("Queue"), _safe("queue", lambda: queue_health(services.queue)))


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
        _row("uplink", tr("Uplink"), _safe("uplink", lambda: uplink_health(
            data_dir, now, s.config.uploader.heartbeat_s))),
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
