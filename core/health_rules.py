"""The health rules, once: what counts as OK, WARN or FAIL for the disk, the queue, the
uploader and the paper. `doctor` (English, on a technician's console) and the
maintenance Status page (translated, on the screen) both judge with these functions
and only word the verdict differently, so they can never disagree.

A verdict is typed: the subject, the level, a `Finding` code and its parameters. Code
branches on the finding, never on the words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.health import Health, Level
from core.ports import PrinterState
from wire.durations import duration

MB = 1_000_000
DISK_WARN_BYTES = 500 * MB     # days of reports and logs, but time to make room
DISK_FAIL_BYTES = 50 * MB      # the outbox may refuse reports soon
QUEUE_STUCK_S = 10 * 60        # a report pending this long means delivery is stuck
UPLOADER_STALE_MIN_S = 180.0   # the uploader rewrites its snapshot at least every minute
UPLOADER_STALE_HEARTBEATS = 3


class Finding(StrEnum):
    DISK_OK = "disk.ok"
    DISK_LOW = "disk.low"
    DISK_FULL = "disk.full"
    DISK_MISSING = "disk.missing"
    DISK_READ_ONLY = "disk.read_only"
    DISK_UNREADABLE = "disk.unreadable"
    QUEUE_EMPTY = "queue.empty"
    QUEUE_OK = "queue.ok"
    QUEUE_STUCK = "queue.stuck"
    QUEUE_FAILED = "queue.failed"
    QUEUE_UNREADABLE = "queue.unreadable"
    UPLOADER_NEVER_REPORTED = "uploader.never_reported"
    UPLOADER_UNREADABLE = "uploader.unreadable"
    UPLOADER_STALE = "uploader.stale"
    UPLOADER_REPORTS = "uploader.reports"   # its own verdict, recent enough to trust
    PAPER_READY = "paper.ready"
    PAPER_NEAR_END = "paper.near_end"
    PAPER_OUT = "paper.out"
    PAPER_COVER_OPEN = "paper.cover_open"
    PAPER_ERROR = "paper.error"
    PAPER_NO_ANSWER = "paper.no_answer"
    PAPER_NOT_INSTALLED = "paper.not_installed"


@dataclass(frozen=True)
class Verdict:
    subject: str
    level: Level
    finding: Finding
    params: Mapping[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- the rules


def judge_disk(free_bytes: int, total_bytes: int) -> Verdict:
    params = {"free_mb": round(free_bytes / MB), "total_mb": round(total_bytes / MB)}
    if free_bytes < DISK_FAIL_BYTES:
        return Verdict("disk", Level.FAIL, Finding.DISK_FULL, params)
    if free_bytes < DISK_WARN_BYTES:
        return Verdict("disk", Level.WARN, Finding.DISK_LOW, params)
    return Verdict("disk", Level.OK, Finding.DISK_OK, params)


def judge_disk_problem(finding: Finding, path: str, error: str = "") -> Verdict:
    """The data dir is missing, read-only or cannot be asked."""
    return Verdict("disk", Level.FAIL, finding, {"path": path, "error": error})


def judge_queue(pending: int, failed: int, oldest_pending_s: float | None,
                delivered: int = 0) -> Verdict:
    params = {"pending": pending, "failed": failed, "delivered": delivered,
              "oldest_pending_s": oldest_pending_s}
    if failed:
        # A dead-lettered item is a report or event that will never arrive unless a
        # technician looks at it.
        return Verdict("queue", Level.FAIL, Finding.QUEUE_FAILED, params)
    if oldest_pending_s is not None and oldest_pending_s > QUEUE_STUCK_S:
        return Verdict("queue", Level.WARN, Finding.QUEUE_STUCK, params)
    if pending == 0 and delivered == 0:
        return Verdict("queue", Level.OK, Finding.QUEUE_EMPTY, params)
    return Verdict("queue", Level.OK, Finding.QUEUE_OK, params)


def judge_queue_unreadable(error: str) -> Verdict:
    return Verdict("queue", Level.FAIL, Finding.QUEUE_UNREADABLE, {"error": error})


def uploader_stale_s(heartbeat_s: float) -> float:
    return max(UPLOADER_STALE_MIN_S, UPLOADER_STALE_HEARTBEATS * heartbeat_s)


def judge_uploader(snapshot: Mapping[str, Any] | None, now: float,
                   heartbeat_s: float) -> Verdict:
    """The uploader's own health snapshot (uplink-health.json), judged for staleness."""
    if snapshot is None:
        return Verdict("uploader", Level.WARN, Finding.UPLOADER_NEVER_REPORTED)
    try:
        reported = Health.from_dict(dict(snapshot["health"]))
        written = float(snapshot.get("written_at") or 0.0)
    except (KeyError, TypeError, ValueError):
        return Verdict("uploader", Level.WARN, Finding.UPLOADER_UNREADABLE)
    age = max(0.0, now - written)
    params: dict[str, Any] = {
        "age_s": age, "reason": reported.reason,
        **{k: snapshot.get(k) for k in ("last_success", "last_error", "last_error_at",
                                        "auth_alarm")}}
    if age > uploader_stale_s(heartbeat_s):
        return Verdict("uploader", Level.WARN, Finding.UPLOADER_STALE, params)
    return Verdict("uploader", reported.level, Finding.UPLOADER_REPORTS, params)


_PAPER = {
    PrinterState.ONLINE: (Level.OK, Finding.PAPER_READY),
    PrinterState.PAPER_NEAR_END: (Level.WARN, Finding.PAPER_NEAR_END),
    PrinterState.PAPER_OUT: (Level.FAIL, Finding.PAPER_OUT),
    PrinterState.COVER_OPEN: (Level.FAIL, Finding.PAPER_COVER_OPEN),
    PrinterState.OFFLINE: (Level.FAIL, Finding.PAPER_ERROR),
    PrinterState.NO_ANSWER: (Level.FAIL, Finding.PAPER_NO_ANSWER),
    PrinterState.NOT_INSTALLED: (Level.WARN, Finding.PAPER_NOT_INSTALLED),
}


def judge_paper(state: PrinterState) -> Verdict:
    level, finding = _PAPER[state]
    return Verdict("paper", level, finding, {"state": state.value})


# ---------------------------------------------------------------- English wording


def english(v: Verdict) -> str:
    """The verdict in plain English, for `doctor` and logs."""
    p = v.params
    f = v.finding
    if f in (Finding.DISK_OK, Finding.DISK_LOW, Finding.DISK_FULL):
        text = f"{p['free_mb']:,} MB free of {p['total_mb']:,} MB"
        return {Finding.DISK_OK: text, Finding.DISK_LOW: f"{text}: make room soon",
                Finding.DISK_FULL: f"{text}: reports may not be stored"}[f]
    if f is Finding.DISK_MISSING:
        return f"data dir {p['path']} does not exist"
    if f is Finding.DISK_READ_ONLY:
        return f"data dir {p['path']} is not writable"
    if f is Finding.DISK_UNREADABLE:
        return f"cannot read free space of {p['path']}: {p['error']}"
    if f is Finding.QUEUE_UNREADABLE:
        return f"cannot read the outbox: {p['error']}"
    if f.value.startswith("queue."):
        if f is Finding.QUEUE_EMPTY:
            return "empty (no report stored yet)"
        text = f"{p['pending']} pending, {p['failed']} failed"
        if p["oldest_pending_s"] is not None:
            text += f", oldest pending {duration(p['oldest_pending_s'])} old"
        if f is Finding.QUEUE_FAILED:
            return (f"{text}: failed items need a look "
                    "(python -m offline_queue list --state failed)")
        if f is Finding.QUEUE_STUCK:
            return f"{text}: delivery is stuck (is kiosk-uploader running and the uplink up?)"
        return text
    if f is Finding.UPLOADER_NEVER_REPORTED:
        return "the uploader has not reported yet (is kiosk-uploader running?)"
    if f is Finding.UPLOADER_UNREADABLE:
        return "the uploader's health snapshot is unreadable"
    if f is Finding.UPLOADER_STALE:
        return (f"last reported {duration(p['age_s'])} ago: is kiosk-uploader running? "
                f"(it said: {p['reason']})")
    if f is Finding.UPLOADER_REPORTS:
        return f"{p['reason']} (reported {duration(p['age_s'])} ago)"
    return {
        Finding.PAPER_READY: "paper loaded, printer ready",
        Finding.PAPER_NEAR_END: "paper nearly finished: change the roll",
        Finding.PAPER_OUT: "paper out: load a new roll",
        Finding.PAPER_COVER_OPEN: "cover open: close the printer cover",
        Finding.PAPER_ERROR: "printer reports an error",
        Finding.PAPER_NO_ANSWER: "printer does not answer: check cable and power",
        Finding.PAPER_NOT_INSTALLED: "no printer configured",
    }[f]


def as_health(v: Verdict, reason: str, details: Mapping[str, Any] | None = None) -> Health:
    """The verdict as a health record worded by the caller."""
    return Health(v.subject, v.level, reason, dict(details if details is not None
                                                   else v.params))
