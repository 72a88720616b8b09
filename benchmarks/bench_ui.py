"""UI figures (issue 4), offscreen:

1. process start -> home screen painted (target <= 1.0 s): `python -m kiosk` in a
   subprocess, timed from spawn to its `ui.home_painted` log line.
2. tap -> next screen painted, p99 (target <= 16 ms) while an uploader process drains a
   backlog to a local receiver process and tickets print on the simulated printer
   (9600 baud, so the print lane stays busy).
3. resident memory after 1,000 simulated report sessions through the real outbox
   (target: growth <= 5 MiB after warm-up, total <= 150 MiB).
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, Unpack

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from benchmarks.stats import MIN_FOR_P99, percentile, summary  # noqa: E402
from core.flow import Screen, StoreState  # noqa: E402
from core.jobs import Lane, Ok, Result  # noqa: E402
from core.session import ContactField  # noqa: E402
from devtools.kiosk_toml import Sections, dev_kiosk_toml  # noqa: E402
from ui.screens.base import ScreenBase  # noqa: E402
from ui.screens.category import CategoryScreen  # noqa: E402
from ui.screens.contact import ContactScreen  # noqa: E402
from ui.screens.describe import DescribeScreen  # noqa: E402
from ui.screens.done import DoneScreen  # noqa: E402
from ui.screens.home import HomeScreen  # noqa: E402
from ui.screens.review import ReviewScreen  # noqa: E402
from ui.screens.where_when import WhenScreen, WhereScreen  # noqa: E402

if TYPE_CHECKING:
    from ui.main_window import MainWindow

S = TypeVar("S", bound=ScreenBase)

def write_config(tmp: Path, url: str = "http://127.0.0.1:9/api/v1",
                 **changes: Unpack[Sections]) -> Path:
    (tmp / "data").mkdir(exist_ok=True)
    toml = dev_kiosk_toml(url=url, token="bench-token", data_dir=tmp / "data",
                          keys_dir=tmp / "keys")
    windowed = Sections(speech={"enabled": False},
                        ui={"fullscreen": False, "idle_timeout_s": 3600})
    return toml.changed(windowed, **changes).write(tmp / "kiosk.toml")


def screen(window: MainWindow, kind: Screen, cls: type[S]) -> S:
    """The window's screen of `kind`, as the class that has its buttons and fields."""
    widget = window.screens[kind]
    assert isinstance(widget, cls), (kind, type(widget))
    return widget


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_startup(runs: int = 5) -> None:
    # A kiosk runs installed code, byte-compiled by pip; this environment may set
    # PYTHONDONTWRITEBYTECODE, which would otherwise make every run compile every module.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "kiosk", "ui", "hardware",
                    "offline_queue"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    times = []
    with tempfile.TemporaryDirectory() as d:
        cfg = write_config(Path(d))
        for _ in range(runs):
            start = time.monotonic()
            proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(cfg)],
                                    cwd=ROOT, stderr=subprocess.PIPE, text=True)
            assert proc.stderr is not None
            for line in proc.stderr:
                if "ui.home_painted" in line:
                    times.append(time.monotonic() - start)
                    break
            proc.terminate()
            proc.wait(timeout=20)
    print(f"start -> home painted: median {statistics.median(times):.3f} s, "
          f"max {max(times):.3f} s over {runs} runs (target <= 1.0 s)")


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted_at: dict[int, float] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.painted_at.setdefault(id(watched), time.perf_counter())
        return False


def _kill(proc: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=20)


def bench_taps(taps: int = 400) -> None:
    import json

    from core.config import load_config
    from core.ports import PrintResult, Ticket
    from kiosk.app import build, build_devices
    from offline_queue.cli import kiosk_info
    from offline_queue.outbox import Outbox
    from wire.report import Report

    with tempfile.TemporaryDirectory() as d, contextlib.ExitStack() as cleanup:
        tmp = Path(d)
        # Everything but the kiosk runs in processes of its own, as on a real kiosk;
        # whatever happens, none of them outlives the benchmark.
        sims = subprocess.Popen([sys.executable, "-m", "simulators", "--dir",
                                 str(tmp / "sim"), "--printer-baud", "9600"], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        cleanup.callback(_kill, sims)
        receiver = subprocess.Popen([sys.executable, "-m", "tests.support.receiver"],
                                    cwd=ROOT, stdout=subprocess.PIPE, text=True)
        cleanup.callback(_kill, receiver)
        assert receiver.stdout is not None and sims.stdout is not None
        port = int(receiver.stdout.readline())
        ports = json.loads(sims.stdout.readline())
        cfg = load_config(write_config(tmp, f"http://127.0.0.1:{port}/api/v1",
                                       printer={"port": ports["printer"], "baudrate": 9600}))
        kiosk_of_cfg = kiosk_info(cfg)  # the outbox refuses another kiosk's reports
        with Outbox.for_config(cfg) as outbox:
            for i in range(3000):
                outbox.enqueue_report(Report.create(kiosk=kiosk_of_cfg, category="theft",
                                                    language="id", description=f"backlog {i}"))
        uploader = subprocess.Popen([sys.executable, "-m", "offline_queue", "--config",
                                     str(cfg.path), "run", "--until-empty"], cwd=ROOT,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cleanup.callback(_kill, uploader)
        kiosk = build(cfg, build_devices(cfg))
        w, flow = kiosk.window, kiosk.flow
        w.resize(1080, 1920)
        w.show()
        QApplication.processEvents()
        ticket = Ticket("ACDE-FHJK", "theft", "MRT Bundaran HI", "2026-01-01T00:00:00+07:00",
                        "id")
        prints = [0, 0, 0]   # started, printed, finished
        printing = [True]

        def print_one() -> None:
            if printing[0]:
                prints[0] += 1
                kiosk.jobs.run(Lane.PRINT,
                               lambda: kiosk.devices.printer.print_ticket(ticket), print_again)

        def print_again(result: Result[PrintResult]) -> None:
            prints[1] += isinstance(result, Ok) and result.value.ok
            prints[2] += 1
            # Like commuters one after another: the next ticket shortly after the last.
            QTimer.singleShot(300, print_one)

        print_one()
        watch = PaintWatch()
        for s in w.screens.values():
            s.installEventFilter(watch)
        route: list[tuple[Screen, Callable[[], QWidget]]] = [
            (Screen.HOME, lambda: screen(w, Screen.HOME, HomeScreen).report_button),
            (Screen.CATEGORY,
             lambda: screen(w, Screen.CATEGORY, CategoryScreen).buttons["threat"]),
            (Screen.DESCRIBE, lambda: w.bar.back_button),
            (Screen.CATEGORY, lambda: w.bar.home_button),
            # A category is chosen: Home asks before it discards the draft (issue 13).
            (Screen.CATEGORY, lambda: w.confirm_home.leave)]
        samples: list[float] = []
        by_target: dict[str, list[float]] = {}
        for i in range(taps):
            expected, button = route[i % len(route)]
            assert flow.screen is expected, (flow.screen, expected)
            watch.painted_at.clear()
            start = time.perf_counter()
            QTest.mouseClick(button(), Qt.MouseButton.LeftButton)
            target = w.screens[flow.screen]
            deadline = time.monotonic() + 5
            while id(target) not in watch.painted_at and time.monotonic() < deadline:
                QApplication.processEvents()
            ms = (watch.painted_at.get(id(target), time.perf_counter()) - start) * 1000
            samples.append(ms)
            by_target.setdefault(flow.screen.value, []).append(ms)
            for _ in range(3):            # let background results land between taps
                QApplication.processEvents()
            time.sleep(0.01)
        draining = uploader.poll() is None
        printing[0] = False   # let the ticket in flight finish before counting
        deadline = time.monotonic() + 30
        while prints[2] < prints[0] and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)

        def p99_or_max(values: list[float]) -> str:
            if len(values) >= MIN_FOR_P99:
                return f"p99 {percentile(values, 0.99):.1f}"
            return f"max {max(values):.1f} (n = {len(values)})"

        print(f"tap -> next screen painted: {summary(samples)} over {taps} taps "
              f"(target p99 <= 16 ms); per screen: "
              + ", ".join(f"{k} {p99_or_max(v)}" for k, v in by_target.items()))
        print(f"  meanwhile: uploader still draining at the end: {draining}; tickets "
              f"printed {prints[1]} of {prints[0]} (9600 baud)")
        for proc in (uploader, receiver):
            proc.terminate()
            proc.wait(timeout=20)
        kiosk.close()
        assert sims.stdin is not None
        sims.stdin.write("quit\n")
        sims.stdin.close()
        sims.wait(timeout=20)


def bench_memory(sessions: int = 1000, warmup: int = 100) -> None:
    from core.config import load_config
    from core.ports import Devices
    from devtools.standins import SilentSpeaker, StandInHook, StandInPhone, StandInPrinter
    from kiosk.app import build

    with tempfile.TemporaryDirectory() as d:
        cfg = load_config(write_config(Path(d)))
        kiosk = build(cfg, Devices(StandInPrinter(), StandInPhone(), StandInHook(),
                                   SilentSpeaker()))
        w, flow = kiosk.window, kiosk.flow
        w.resize(1080, 1920)
        w.show()
        printer = kiosk.devices.printer
        assert isinstance(printer, StandInPrinter)
        after_warmup = 0.0
        for n in range(1, sessions + 1):
            home = screen(w, Screen.HOME, HomeScreen)
            QTest.mouseClick(home.report_button, Qt.MouseButton.LeftButton)
            QTest.mouseClick(screen(w, Screen.CATEGORY, CategoryScreen).buttons["threat"],
                             Qt.MouseButton.LeftButton)
            describe = screen(w, Screen.DESCRIBE, DescribeScreen)
            describe.text.setPlainText(f"sesi {n}: tas saya dicopet di peron")
            QTest.mouseClick(describe.next_button, Qt.MouseButton.LeftButton)
            QTest.mouseClick(screen(w, Screen.WHERE, WhereScreen).next_button,
                             Qt.MouseButton.LeftButton)
            QTest.mouseClick(screen(w, Screen.WHEN, WhenScreen).next_button,
                             Qt.MouseButton.LeftButton)
            contact = screen(w, Screen.CONTACT, ContactScreen)
            contact.fields[ContactField.NAME].setText("Budi")
            QTest.mouseClick(contact.next_button, Qt.MouseButton.LeftButton)
            QTest.mouseClick(screen(w, Screen.REVIEW, ReviewScreen).send_button,
                             Qt.MouseButton.LeftButton)
            while flow.submission is None or flow.submission.store is StoreState.SAVING:
                QApplication.processEvents()
            if n % 10 == 0:
                flow.set_language("en")
            QTest.mouseClick(screen(w, Screen.DONE, DoneScreen).finish_button,
                             Qt.MouseButton.LeftButton)
            printer.printed.clear()
            QApplication.processEvents()
            if n == warmup:
                after_warmup = rss_mib()
        final = rss_mib()
        print(f"resident memory after {sessions} sessions: {final:.1f} MiB "
              f"(growth after {warmup}-session warm-up: {final - after_warmup:+.2f} MiB; "
              f"targets: growth <= 5 MiB, total <= 150 MiB)")
        kiosk.close()


def main() -> int:
    app = QApplication.instance() or QApplication([])
    assert app is not None
    print("machine: 2 cores shared with other work; figures vary with load")
    bench_startup()
    bench_taps()
    bench_memory()
    return 0


if __name__ == "__main__":
    sys.exit(main())
