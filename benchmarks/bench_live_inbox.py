"""The live inbox: from a kiosk's report POST to the operator's page showing it.

A real centre (its own process, SQLite synchronous=FULL, the default) and, in this
process, what an operator's browser does — side by side in one run:

- live: an SSE client on `/inbox/events`; on each `change` event it fetches
  `/inbox/live` (the rows, as live.js does) and notes when each report first shows;
- baseline: the page before issue 15, reloading `/inbox` every `inbox_refresh_s`
  (5 s), noting when each report first shows.

Reports are posted at random moments (the live run: 40–120 ms apart; the baseline:
0.3–0.7 s apart, so its run stays short); a sample is from just before the POST to
the moment the page held the report.

Target: p99 ≤ 1 s for live.
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import KIOSK, UNLIMITED, centre  # noqa: E402
from benchmarks.stats import percentile, summary  # noqa: E402
from command_center.sqlite import SqliteStore  # noqa: E402
from wire.report import Report  # noqa: E402

SAMPLES = 150
BASELINE_SAMPLES = 100
RELOAD_S = 5.0          # settings.inbox_refresh_s: what the page reloaded at before
OPERATOR, PASSWORD = "bench", "bench-password-123"
ID = re.compile(r'data-id="([0-9a-f-]{36})"')


def report_body() -> tuple[str, bytes]:
    data = Report.create(kiosk=KIOSK, category="fire", language="id",
                         description="Asap di peron").to_dict()
    data["id"] = str(uuid.uuid4())
    return data["id"], json.dumps(data, separators=(",", ":")).encode()


class Page:
    """What the operator's page holds, and when each report first appeared on it."""

    def __init__(self) -> None:
        self.seen: dict[str, float] = {}
        self.lock = threading.Lock()

    def look(self, html: str) -> None:
        now = time.perf_counter()
        with self.lock:
            for rid in ID.findall(html):
                self.seen.setdefault(rid, now)


def signed_in(url: str) -> requests.Session:
    s = requests.Session()
    s.trust_env = False
    r = s.post(f"{url}/login", data={"username": OPERATOR, "password": PASSWORD}, timeout=30)
    assert r.status_code == 200 and r.url.endswith("/inbox"), r.status_code
    return s


def live_reader(url: str, page: Page, stop: threading.Event) -> None:
    s = signed_in(url)
    fetcher = signed_in(url)
    stream = s.get(f"{url}/inbox/events", stream=True, timeout=30)
    for line in stream.iter_lines(decode_unicode=True):
        if stop.is_set():
            break
        if line == "event: change":
            page.look(fetcher.get(f"{url}/inbox/live", timeout=30).text)
    stream.close()


def poll_reader(url: str, page: Page, stop: threading.Event) -> None:
    s = signed_in(url)
    while not stop.wait(0):
        page.look(s.get(f"{url}/inbox", timeout=30).text)
        stop.wait(RELOAD_S)


def measure(url: str, token: str, reader: Callable[[str, Page, threading.Event], None],
            count: int,
            gap_s: tuple[float, float]) -> list[float]:
    page, stop = Page(), threading.Event()
    thread = threading.Thread(target=reader, args=(url, page, stop), daemon=True)
    thread.start()
    time.sleep(1.0)   # signed in and listening
    poster = requests.Session()
    poster.trust_env = False
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    posted: dict[str, float] = {}
    for _ in range(count):
        rid, body = report_body()
        posted[rid] = time.perf_counter()
        r = poster.post(f"{url}/api/v1/reports", data=body, headers=headers, timeout=30)
        assert r.status_code == 201, r.status_code
        time.sleep(random.uniform(*gap_s))
    deadline = time.monotonic() + RELOAD_S * 3
    while time.monotonic() < deadline and not posted.keys() <= page.seen.keys():
        time.sleep(0.05)
    stop.set()
    missing = posted.keys() - page.seen.keys()
    assert not missing, f"{len(missing)} reports never showed"
    return [(page.seen[rid] - at) * 1000 for rid, at in posted.items()]


def main() -> int:
    print("(server and the operator's page share this machine's 2 cores)")
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp))
        token = store.add_kiosk(KIOSK.id)
        store.add_operator(OPERATOR, PASSWORD)
        store.close()
        with centre(tmp, [*UNLIMITED, "--flood-reports", "1000000"]) as (url, _):
            live = measure(url, token, live_reader, SAMPLES, (0.04, 0.12))
            reload = measure(url, token, poll_reader, BASELINE_SAMPLES, (0.3, 0.7))
    print(f"live inbox (SSE, then the rows fetched): report POST -> on the operator's page "
          f"{summary(live)} (target p99 <= 1000 ms)")
    print(f"baseline (the page reloaded every {RELOAD_S:.0f} s): report POST -> on the "
          f"page {summary(reload)}")
    print(f"live vs reload: p50 {percentile(reload, 0.5) / percentile(live, 0.5):.0f}x "
          f"sooner, p99 {percentile(reload, 0.99) / percentile(live, 0.99):.0f}x sooner")
    return 0


if __name__ == "__main__":
    sys.exit(main())
