"""The real kiosk app for UI tests: simulators on ptys, a real outbox, an HTTP receiver.

Fixtures here are imported by the test modules that use them (no conftest, so the
maintenance tests sharing this directory are unaffected).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from core.config import Config
from core.flow import Flow, Screen, Submission
from devtools.kiosk_screens import build as build_screens
from devtools.kiosk_toml import Changes, simulated_devices
from kiosk.app import KioskApp, build, build_devices
from offline_queue.outbox import Outbox
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from simulators.printer import PrinterSimulator
from tests.support.config import NOWHERE_URL, load_test_config
from tests.support.receiver import Receiver
from ui.main_window import MainWindow
from ui.screens.base import ScreenBase
from wire.report import Report

S = TypeVar("S", bound=ScreenBase)

WAIT_MS = 20_000   # generous: the machine is shared by many test runs
# The public app without devices (devtools.kiosk_screens.build): its flow and window.
KioskWindow = tuple[Flow, MainWindow]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A minimal command centre: takes every report and event (tests/support/receiver.py)."""
    with Receiver() as server:
        yield server


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


def kiosk_config(tmp_path: Path, sims: Sims, url: str = NOWHERE_URL,
                 ui: Changes | None = None) -> Config:
    """The whole kiosk on the simulators, fast timeouts, no speech, in a window."""
    devices = simulated_devices(printer=sims.printer.port, modem=sims.modem.port,
                                hook=sims.hook.port)
    return load_test_config(
        tmp_path, devices, url=url,
        modem={"command_timeout_s": 2.0, "dial_timeout_s": 10.0, "poll_interval_s": 0.05},
        handset={"debounce_ms": 10}, speech={"enabled": False},
        ui={"fullscreen": False, "status_poll_s": 0.2, "idle_timeout_s": 600, **(ui or {})})


@contextmanager
def shown_window(language: str = "id",
                 size: tuple[int, int] = (1080, 1920)) -> Iterator[KioskWindow]:
    """The public app without devices (devtools.kiosk_screens.build), shown; shut down
    and deleted afterwards."""
    flow, window = build_screens(language)
    window.resize(*size)
    window.show()
    try:
        yield flow, window
    finally:
        window.shutdown()
        window.deleteLater()


def start_kiosk(qtbot: QtBot, cfg: Config, size: tuple[int, int] = (1080, 1920)) -> KioskApp:
    kiosk = build(cfg, build_devices(cfg))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(*size)
    kiosk.window.show()
    # The window builds the screens after Home right after its first paint: wait for it,
    # as a commuter's first touch comes after it.
    qtbot.waitUntil(lambda: len(kiosk.window.screens.built) == len(Screen), timeout=10_000)
    return kiosk


@contextmanager
def running_kiosk(qtbot: QtBot, cfg: Config,
                  size: tuple[int, int] = (1080, 1920)) -> Iterator[KioskApp]:
    """`start_kiosk`, closed when the block ends (before the simulators' fixtures go)."""
    kiosk = start_kiosk(qtbot, cfg, size)
    try:
        yield kiosk
    finally:
        kiosk.close()


def operator_status_arrives(cfg: Config, flow: Flow, status: str) -> Report:
    """What the uploader does on a status poll: the centre's `status` of the report just
    filed goes into the outbox. The report, for the test's further checks."""
    report = submitted(flow).report
    assert report is not None
    with Outbox.for_config(cfg) as outbox:
        outbox.set_operator_status(report.id, status)
    return report


def screen_of(window: MainWindow, cls: type[S]) -> S:
    """The window's screen of `cls`'s kind, as the class that has its buttons and fields."""
    widget = window.screens[cls.kind]
    assert isinstance(widget, cls), (cls.kind, type(widget))
    return widget


def submitted(flow: Flow) -> Submission:
    """The flow's submission, which the test has just made (an AssertionError, which
    `qtbot.waitUntil` retries, while there is none)."""
    submission = flow.submission
    assert submission is not None, "no submission yet"
    return submission


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
