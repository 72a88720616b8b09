"""The 110 network: from an emergency's acknowledgement deadline at the Polres to the
report being in the Polda operator's inbox, as that operator reads it.

A real centre (uvicorn on 127.0.0.1, SQLite, the shipped demo network) gets ITEMS
emergency reports from a kiosk in Jakarta Selatan, one every SPACING_S, with a
DEADLINE_S routing row at Polres Jakarta Selatan; nobody acknowledges. A signed-in
Polda Metro Jaya operator reads GET /inbox.json every READ_S (what the live inbox
reads). For each report: the time it is first listed there as the Polda's, minus its
deadline. Measured with the sweeper's default poll (0.25 s) and a 0.05 s one, side by
side. The reader's own READ_S interval is included in the figure.

Target: p99 ≤ 1 s after the deadline.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.stats import percentile, summary  # noqa: E402
from command_center.app import create_app  # noqa: E402
from command_center.model import Place  # noqa: E402
from command_center.network import Member, Rule  # noqa: E402
from command_center.routing import demo_units_file, load_units, read_units_file  # noqa: E402
from command_center.server import BackgroundServer  # noqa: E402
from command_center.settings import Settings  # noqa: E402
from command_center.sqlite import SqliteStore  # noqa: E402
from wire.categories import Priority  # noqa: E402
from wire.report import KioskInfo, Report  # noqa: E402

ITEMS = 150
SPACING_S = 0.02
DEADLINE_S = 1.0
READ_S = 0.02
KIOSK = KioskInfo("bench-blokm", "MRT Blok M", -6.2443, 106.7983)
PASSWORD = "correct horse battery"


def run(poll_s: float) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = SqliteStore(data)
        load_units(store, *read_units_file(demo_units_file()))
        store.put_rule(Rule("polres-jaksel", Priority.EMERGENCY, DEADLINE_S))
        token = store.add_kiosk(KIOSK.id, Place(KIOSK.station, KIOSK.lat, KIOSK.lon))
        store.add_operator("polda", PASSWORD)
        store.set_member(Member("polda", "polda-metro-jaya"))
        settings = Settings(data_dir=data, synchronous="normal", escalation_poll_s=poll_s,
                            forward_poll_s=0, kiosk_rate_per_s=1000.0,
                            flood_reports=ITEMS * 2)
        server = BackgroundServer(create_app(settings, store)).start()
        try:
            seen = _measure(server.url, token)
            # The Polres deadline as the centre set it: routed (received) + DEADLINE_S.
            return [at - (store.hops(item)[0].at + DEADLINE_S) for item, at in seen.items()]
        finally:
            server.stop()
            store.close()


def _measure(url: str, token: str) -> dict[str, float]:
    operator = requests.Session()
    operator.trust_env = False
    r = operator.post(f"{url}/login", data={"username": "polda", "password": PASSWORD},
                      timeout=30)
    assert r.url.endswith("/inbox"), "sign-in failed"
    seen: dict[str, float] = {}
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            items = operator.get(f"{url}/inbox.json", timeout=30).json()["items"]
            now = time.time()
            for item in items:
                if item["unit"] == "polda-metro-jaya" and item["id"] not in seen:
                    seen[item["id"]] = now
            time.sleep(READ_S)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    kiosk = requests.Session()
    kiosk.trust_env = False
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    ids = []
    for _ in range(ITEMS):
        report = Report.create(kiosk=KIOSK, category="crime_in_progress", language="id",
                               description="Tolong, ada penjambretan")
        answer = kiosk.post(f"{url}/api/v1/reports", data=report.to_json_bytes(),
                            headers=headers, timeout=30)
        assert answer.status_code == 201, answer.text
        ids.append(report.id)
        time.sleep(SPACING_S)
    limit = time.time() + DEADLINE_S + 10
    while len(seen) < ITEMS and time.time() < limit:
        time.sleep(0.05)
    done.set()
    reader.join(timeout=10)
    missing = [i for i in ids if i not in seen]
    if missing:
        raise SystemExit(f"{len(missing)} reports never reached the Polda inbox")
    return seen


def main() -> int:
    results = {}
    for poll_s in (0.25, 0.05):
        lags = run(poll_s)
        results[poll_s] = lags
        print(f"escalation deadline → visible in the Polda inbox, sweeper every {poll_s} s: "
              f"{summary([x * 1000 for x in lags])} (target p99 ≤ 1000 ms)", flush=True)
    slow, fast = (percentile(results[p], 0.99) for p in (0.25, 0.05))
    print(f"escalation p99 ratio, 0.25 s sweep / 0.05 s sweep: {slow / fast:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
