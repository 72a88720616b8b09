"""The kiosk fleet board: each kiosk's latest heartbeat read into figures and alarms.

Alarms: no heartbeat for 3 intervals, printer paper out, failed (dead-letter) items in
the kiosk's outbox, a maintenance PIN lockout, and — as a notice — maintenance visits,
the last two from the kiosk's `maintenance.lockout` / `maintenance.entered` events in the
last 24 hours. The heartbeat's device list is the kiosk's `kiosk.health.Health` records;
the printer's paper state and the modem's signal are read from their `details` (see
docs/api.md, "Heartbeat device details"), falling back to the reason text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from command_center.i18n import N_
from command_center.model import EventRow, KioskRow, wib_text
from command_center.store import Store
from wire.durations import duration

MISSED_HEARTBEATS = 3
EVENT_WINDOW_S = 24 * 3600
LOCKOUT = "maintenance.lockout"
ENTERED = "maintenance.entered"


class AlarmLevel(StrEnum):
    ALARM = "alarm"
    NOTICE = "notice"


@dataclass(frozen=True)
class Alarm:
    """`message` is a catalogue text (translated where shown) filled with `params`."""

    level: AlarmLevel
    message: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message % self.params


@dataclass(frozen=True)
class FleetEntry:
    kiosk: KioskRow
    heartbeat_age_s: float | None
    app_version: str
    pending: int | None
    oldest_pending_s: float | None
    failed: int | None
    paper: str
    signal: str
    alarms: list[Alarm] = field(default_factory=list)

    @property
    def has_alarm(self) -> bool:
        return any(a.level is AlarmLevel.ALARM for a in self.alarms)


def board(store: Store, now: float, heartbeat_interval_s: float) -> list[FleetEntry]:
    """Every registered kiosk, those with alarms first, then by id. A kiosk whose stored
    heartbeat cannot be read still gets its line (with an alarm saying so)."""
    recent = store.events(types=(LOCKOUT, ENTERED), since=now - EVENT_WINDOW_S, limit=5000)
    by_kiosk: dict[str, list[EventRow]] = {}
    for e in recent:
        by_kiosk.setdefault(e.kiosk_id, []).append(e)
    entries = []
    for kiosk in store.kiosks():
        try:
            entries.append(entry(kiosk, now, heartbeat_interval_s, by_kiosk.get(kiosk.id, [])))
        except Exception:   # one kiosk's odd heartbeat never blanks the board
            entries.append(FleetEntry(kiosk=kiosk, heartbeat_age_s=None, app_version="—",
                                      pending=None, oldest_pending_s=None, failed=None,
                                      paper="—", signal="—", alarms=[Alarm(
                                          AlarmLevel.ALARM, N_("heartbeat could not be read"))]))
    return sorted(entries, key=lambda e: (not e.has_alarm, e.kiosk.id))


def entry(kiosk: KioskRow, now: float, heartbeat_interval_s: float,
          events: list[EventRow]) -> FleetEntry:
    beat = kiosk.heartbeat or {}
    queue = _dict(beat.get("queue"))
    listed = beat.get("devices")
    devices = {str(d.get("name")): d for d in (listed if isinstance(listed, list) else [])
               if isinstance(d, dict)}
    age = None if kiosk.last_heartbeat_at is None else max(0.0, now - kiosk.last_heartbeat_at)
    version = beat.get("app_version")
    paper_text, paper_out = _paper(devices.get("printer"))
    result = FleetEntry(
        kiosk=kiosk, heartbeat_age_s=age, app_version=str(version) if version else "—",
        pending=_int(queue.get("pending")), oldest_pending_s=_float(queue.get("oldest_pending_s")),
        failed=_int(queue.get("failed")), paper=paper_text,
        signal=_signal(devices.get("modem")))
    alarms = result.alarms
    if age is None:
        alarms.append(Alarm(AlarmLevel.ALARM, N_("no heartbeat ever received")))
    elif age > MISSED_HEARTBEATS * heartbeat_interval_s:
        alarms.append(Alarm(AlarmLevel.ALARM, N_("no heartbeat for %(age)s"),
                            {"age": duration(age)}))
    if paper_out:
        alarms.append(Alarm(AlarmLevel.ALARM, N_("printer paper out")))
    if result.failed:
        alarms.append(Alarm(AlarmLevel.ALARM, N_("%(n)s failed item(s) in the outbox"),
                            {"n": str(result.failed)}))
    lockouts = [e for e in events if e.type == LOCKOUT]
    if lockouts:
        alarms.append(Alarm(AlarmLevel.ALARM, N_("maintenance PIN lockout at %(at)s"),
                            {"at": wib_text(lockouts[0].received_at)}))
    visits = [e for e in events if e.type == ENTERED]
    if visits:
        alarms.append(Alarm(AlarmLevel.NOTICE,
                            N_("%(n)s maintenance visit(s) in 24 h, last at %(at)s"),
                            {"n": str(len(visits)), "at": wib_text(visits[0].received_at)}))
    return result


def _paper(device: Any) -> tuple[str, bool]:
    if not isinstance(device, dict):
        return "—", False
    details = _dict(device.get("details"))
    state = str(details.get("paper") or details.get("state") or device.get("reason") or "—")
    words = state.lower().replace("_", " ")
    out = words in ("out", "paper out") or "paper out" in words
    return state, out


def _signal(device: Any) -> str:
    if not isinstance(device, dict):
        return "—"
    details = _dict(device.get("details"))
    for key, unit in (("signal_dbm", " dBm"), ("rssi_dbm", " dBm"), ("csq", " CSQ"),
                      ("signal", "")):
        if details.get(key) is not None:
            return f"{details[key]}{unit}"
    return str(device.get("reason") or "—")


def duration_text(seconds: Any) -> str:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return "—" if seconds is None else str(seconds)
    try:
        return duration(float(seconds))
    except (ValueError, OverflowError):
        return str(seconds)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    """A count from a heartbeat: a non-negative integer, else unknown."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None
