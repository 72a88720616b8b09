"""Screenshots of every maintenance screen: `render_all(out_dir)` (called by
`devtools.kiosk_screens` too) or `python -m devtools.maintenance_screens DIR`.

Renders offscreen with `QWidget.grab()` at 1080×1920 and 1920×1080 with display-only
devices in a mix of states (some green, some amber, some red), a temporary outbox with
two refused reports, and a few log lines, in Indonesian and English.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from core.config import Config
from core.health import UPLINK_HEALTH_FILE, Health, Level, write_snapshot
from core.jobs import InlineJobs, Ok
from core.logring import LogRing
from core.maintenance import build_auth, kiosk_info
from core.pin import hash_pin
from core.ports import CallPhase, CallStatus, PrinterState, PrintResult
from devtools.kiosk_toml import dev_kiosk_toml
from devtools.standins import SilentSpeaker, StandInHook, StandInPhone, StandInPrinter
from kiosk.queue import OutboxInspector
from offline_queue.outbox import Outbox
from ui.bridge import Bridge
from ui.maintenance import translations
from ui.maintenance.mode import MaintenanceMode
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.status import collect_status
from wire.logs import event
from wire.report import Report

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def _devices() -> tuple[StandInPrinter, StandInPhone, StandInHook, SilentSpeaker]:
    """Display-only devices in a mix of states: paper near its end, a weak signal."""
    printer = StandInPrinter(PrinterState.PAPER_NEAR_END, shown=Health(
        "printer", Level.OK, "online on /dev/kiosk-printer, 80 mm"))
    phone = StandInPhone(shown=Health(
        "modem", Level.WARN, "weak signal (-103 dBm)",
        {"sim": "ready", "registration": "registered (home)", "signal_dbm": -103}))
    hook = StandInHook(shown=Health("hook", Level.OK, "hook switch on DSR of /dev/ttyS0"))
    speaker = SilentSpeaker(shown=Health("speech", Level.OK, "espeak-ng voices: id, en"))
    return printer, phone, hook, speaker


def _config(data_dir: Path) -> Config:
    return dev_kiosk_toml(url="https://cc.example/api/v1", token="screenshot",  # noqa: S106
                          data_dir=data_dir, keys_dir=data_dir / "keys",
                          kiosk_id="mrt-bundaran-hi-01").changed(
        modem={"test_number": "5550100"},
        maintenance={"pin_hash": hash_pin("480271", n=2 ** 10)}).config()


def _seed(cfg: Config, outbox: Outbox) -> None:
    reasons = ("422: category 'theft' needs a description", "400: created_at is in the future")
    for reason in reasons:
        report = Report.from_dict({"category": "theft", "language": "id",
                                   "description": "tas dicopet di peron"},
                                  kiosk=kiosk_info(cfg))
        outbox.enqueue_report(report)
        (item,) = outbox.claim(1, owner="shots", lease_s=60)
        outbox.mark_failed(item.id, reason, owner="shots")
    now = time.time()
    write_snapshot(cfg.storage.data_dir / UPLINK_HEALTH_FILE, {
        "written_at": now, "last_success": None, "last_error_at": None,
        "last_error": "connection refused by cc.example",
        "health": {"name": "uplink", "level": "fail",
                   "reason": "the command centre refuses our token (401/403)"}})


def _build(data_dir: Path) -> tuple[MaintenanceMode, Outbox, LogRing]:
    cfg = _config(data_dir)
    outbox = Outbox.for_config(cfg)
    _seed(cfg, outbox)
    auth, sink = build_auth(cfg, outbox)
    ring = LogRing()
    log = logging.getLogger("devtools.demo")
    log.addHandler(ring)
    log.setLevel(logging.INFO)
    for name, fields in (("app.started", {"version": "0.1.0"}),
                         ("printer.status", {"state": "paper_near_end"}),
                         ("call_status", {"phase": "ended", "reason": "local_hangup"}),
                         ("report.enqueued", {"category": "theft", "phone": "0812345678"}),
                         ("uplink.auth_refused", {"retry_in_s": 300})):
        event(log, name, **fields)
    log.removeHandler(ring)
    printer, phone, hook, speaker = _devices()
    services = MaintenanceServices(
        config=cfg, printer=printer, phone=phone, hook=hook,
        speaker=speaker, queue=OutboxInspector(lambda: outbox), sink=sink,
        auth=auth, jobs=InlineJobs(), bridge=Bridge(), log_lines=ring.lines,
        app_started_at=time.monotonic() - 3 * 3600 - 17 * 60)
    return MaintenanceMode(services, tick_ms=3_600_000), outbox, ring


def _pin(mode: MaintenanceMode) -> None:
    mode.begin("gesture")
    for digit in "4802":
        mode.pin_pad.keys[digit].click()


def _inside(mode: MaintenanceMode) -> None:
    mode.begin("gesture")
    mode.pin_pad.accepted.emit()


def _status(mode: MaintenanceMode) -> None:
    _inside(mode)
    mode.view.status.deactivate()
    mode.view.status.show_report(collect_status(mode.services))


def _printer(mode: MaintenanceMode) -> None:
    _inside(mode)
    mode.view.show_page(mode.view.printer)
    page = mode.view.printer
    page._paper(Ok(PrinterState.PAPER_NEAR_END))
    page._printed(Ok(PrintResult(True, PrinterState.PAPER_NEAR_END, "", 912)))


def _handset(mode: MaintenanceMode) -> None:
    _inside(mode)
    mode.view.show_page(mode.view.handset)
    page = mode.view.handset
    page.test_call()
    page._show_call(CallStatus(CallPhase.ACTIVE, "5550100", emergency=False,
                               connected_at=time.monotonic() - 4))


def _speaker(mode: MaintenanceMode) -> None:
    _inside(mode)
    mode.view.show_page(mode.view.speaker)
    mode.view.speaker.say("id")


def _queue(mode: MaintenanceMode) -> None:
    _inside(mode)
    mode.view.show_page(mode.view.queue)
    mode.view.queue._show(Ok(mode.view.queue._load()))


def _logs(mode: MaintenanceMode) -> None:
    _inside(mode)
    mode.view.show_page(mode.view.logs)


SCREENS: dict[str, Callable[[MaintenanceMode], None]] = {
    "pin": _pin, "status": _status, "printer": _printer, "handset": _handset,
    "speaker": _speaker, "queue": _queue, "logs": _logs,
}


def render_all(out_dir: Path, languages: tuple[str, ...] = ("id", "en")) -> list[Path]:
    """Write every maintenance screen in each language and orientation; returns the
    files, named `maint-<screen>-<language>-<orientation>.png`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for language in languages:
        translator = translations.install(language)
        try:
            for orientation, size in SIZES.items():
                for name, drive in SCREENS.items():
                    path = out_dir / f"maint-{name}-{language}-{orientation}.png"
                    _render(drive, size, path)
                    written.append(path)
        finally:
            translations.remove(translator)
    return written


def _render(drive: Callable[[MaintenanceMode], None], size: tuple[int, int],
            path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="maint-shots-") as tmp:
        mode, outbox, _ = _build(Path(tmp))
        mode.widget.resize(*size)
        mode.widget.show()
        drive(mode)
        QApplication.processEvents()
        mode.widget.grab().save(str(path))
        mode.view.stop()
        mode.widget.hide()
        mode.widget.deleteLater()
        outbox.close()
        QApplication.processEvents()


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert app is not None
    for path in render_all(Path(argv[0] if argv else "docs/screenshots")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
