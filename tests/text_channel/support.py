"""A kiosk (real outbox file, real flow with stand-in devices, the real uploader loop
on a thread) wired to a real command centre on 127.0.0.1: the text channel and
*Cek laporan* end to end."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from command_center.model import Place
from command_center.server import BackgroundServer
from core.config import Config
from core.emergency import EmergencyLine
from core.flow import Flow
from core.jobs import InlineJobs
from devtools.standins import SilentSpeaker, StandInHook, StandInPhone, StandInPrinter
from offline_queue.outbox import Outbox
from offline_queue.uploader import Uploader
from tests.command_center.conftest import Service, start_service
from tests.kiosk.flow_support import KIOSK, RecordingView
from tests.offline_queue.helpers import make_config
from tests.support.clock import FakeClock
from tests.support.config import FAST_UPLOADER

T = TypeVar("T")
POLL_S = 0.05


def eventually(check: Callable[[], T | None], timeout_s: float = 10.0) -> T:
    """The first true value `check` returns within `timeout_s` (it polls)."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout_s} s")
        time.sleep(0.01)


@dataclass
class Kiosk:
    cfg: Config
    outbox: Outbox
    flow: Flow
    view: RecordingView
    clock: FakeClock


def make_kiosk(tmp_path: Path, url: str, token: str, poll_s: float = POLL_S) -> Kiosk:
    cfg = make_config(tmp_path, url=url, server={"token": token},
                      uploader={**FAST_UPLOADER, "messages_poll_s": poll_s})
    outbox = Outbox.for_config(cfg)
    clock = FakeClock()
    phone, hook = StandInPhone(), StandInHook()
    flow = Flow(kiosk=KIOSK, languages=("id", "en"), phone=phone,
                line=EmergencyLine(phone, hook), printer=StandInPrinter(),
                speaker=SilentSpeaker(), store=lambda: outbox, jobs=InlineJobs(),
                clock=clock, messages=lambda: outbox.inbound,
                remote_lookup=lambda: outbox.inbound)
    view = RecordingView()
    flow.attach(view)
    flow.start()
    return Kiosk(cfg, outbox, flow, view, clock)


@contextmanager
def centre(tmp_path: Path) -> Iterator[tuple[Service, str]]:
    """The centre, with this kiosk registered; (service, the kiosk's token)."""
    server: BackgroundServer
    server, svc = start_service(tmp_path / "cc")
    token = svc.store.add_kiosk(KIOSK.id, Place(KIOSK.station, KIOSK.lat, KIOSK.lon))
    try:
        yield svc, token
    finally:
        server.stop()
        svc.store.close()


@contextmanager
def uploading(cfg: Config) -> Iterator[Uploader]:
    """The real uploader loop on its own outbox object (as its own process would)."""
    uploader = Uploader(cfg, Outbox.for_config(cfg))
    thread = threading.Thread(target=uploader.run, name="uploader", daemon=True)
    thread.start()
    try:
        yield uploader
    finally:
        uploader.stop.set()
        thread.join(10)
        uploader.outbox.close()
