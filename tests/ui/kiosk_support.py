"""The real kiosk app for UI tests: simulators on ptys, a real outbox, an HTTP receiver.

Fixtures here are imported by the test modules that use them (no conftest, so the
maintenance tests sharing this directory are unaffected).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget

from core.config import Config, load_config
from core.flow import Screen
from kiosk.app import KioskApp, build, build_devices
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from simulators.printer import PrinterSimulator
from tests.conftest import write_config

WAIT_MS = 20_000   # generous: the machine is shared by many test runs


class Receiver(ThreadingHTTPServer):
    """A minimal command centre: 201 with the id for reports and events."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reports: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/v1"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        data = json.loads(body) if body else {}
        if self.path.endswith("/reports"):
            self.server.reports.append(data)
        elif self.path.endswith("/events"):
            self.server.events.append(data)
        answer = json.dumps({"id": data.get("id", "")}).encode()
        self.send_response(201 if "id" in data else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.thread.start()
    yield server
    server.shutdown()
    server.server_close()


@dataclass
class Sims:
    printer: PrinterSimulator
    modem: ModemSimulator
    hook: HookSimulator


@pytest.fixture
def sims(tmp_path: Path) -> Iterator[Sims]:
    s = Sims(PrinterSimulator(baudrate=115200, output_dir=tmp_path / "tickets").start(),
             ModemSimulator().start(), HookSimulator().start())
    yield s
    s.hook.stop()
    s.modem.stop()
    s.printer.stop()


def kiosk_config(tmp_path: Path, sims: Sims, url: str = "http://127.0.0.1:9/api/v1",
                 ui: str = "idle_timeout_s = 600") -> Config:
    extra = f"""
[printer]
port = "{sims.printer.port}"
baudrate = 115200

[modem]
port = "{sims.modem.port}"
command_timeout_s = 2.0
dial_timeout_s = 10.0
poll_interval_s = 0.05

[handset]
hook = "sim"
port = "{sims.hook.port}"
debounce_ms = 10

[speech]
enabled = false

[ui]
fullscreen = false
status_poll_s = 0.2
{ui}
"""
    return load_config(write_config(tmp_path, url=url, extra=extra))


def start_kiosk(qtbot: Any, cfg: Config, size: tuple[int, int] = (1080, 1920)) -> KioskApp:
    kiosk = build(cfg, build_devices(cfg))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(*size)
    kiosk.window.show()
    # The window builds the screens after Home right after its first paint: wait for it,
    # as a commuter's first touch comes after it.
    qtbot.waitUntil(lambda: len(kiosk.window.screens.built) == len(Screen), timeout=10_000)
    return kiosk


def visible_texts(root: QWidget) -> list[str]:
    """Every text a user can see or a screen reader can read under `root`."""
    texts: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            texts.append(w.text())
        if isinstance(w, QPlainTextEdit):
            texts.append(w.toPlainText())
        texts.append(w.accessibleName())
    return [t for t in texts if t]


def all_input_texts(root: QWidget) -> list[str]:
    """Contents of every text field, visible or not."""
    out = [w.text() for w in root.findChildren(QLineEdit)]
    out += [w.toPlainText() for w in root.findChildren(QPlainTextEdit)]
    return out
