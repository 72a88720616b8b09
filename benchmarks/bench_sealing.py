"""Issue 16's costs, side by side in one run.

1. Sealing on the kiosk: `Outbox.enqueue_report` with the real sealer (HPKE X25519 +
   ChaCha20-Poly1305 to the centre's key, Ed25519 signature inside) against the same
   outbox storing the same reports unsealed — same file system, same durability
   (WAL, synchronous=FULL, one fsynced commit per report), rounds interleaved so the
   machine's load hits both alike. Also the seal alone, without the disk.
2. CAP 1.2 at the centre, per report: rendering its Alert, and validating it (the
   OASIS XSD with libxml2, plus our rules), as the forwarder does before each POST.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.stats import percentile, summary  # noqa: E402
from command_center import cap_check  # noqa: E402
from command_center.cap import CapReport, report_messages  # noqa: E402
from offline_queue.outbox import Outbox  # noqa: E402
from wire import categories  # noqa: E402
from wire.keys import CentrePublicKey, new_centre_key, new_signing_key  # noqa: E402
from wire.report import Incident, KioskInfo, Report, Reporter  # noqa: E402
from wire.sealed import Sealer, Unsealed  # noqa: E402

KIOSK = KioskInfo("bench-kiosk", "MRT Bundaran HI", -6.1932, 106.8230)
ROUNDS, PER_ROUND = 10, 40          # 400 enqueues per side
CAP_REPORTS = 500


def make_reports(n: int, rng: random.Random) -> list[Report]:
    cats = sorted(categories.BY_CODE)
    return [Report.create(kiosk=KIOSK, category=rng.choice(cats), language="id",
                          description="Tas saya dicuri di peron arah Lebak Bulus. " * 5,
                          incident=Incident("Pintu keluar B", "now"),
                          reporter=Reporter("Budi Santoso", "081234567890",
                                            "3171234501900001"))
            for _ in range(n)]


def bench_sealing(tmp: Path) -> None:
    centre = new_centre_key()
    sealer = Sealer(CentrePublicKey(centre.kid, centre.key.public_key()), new_signing_key())
    rng = random.Random(16)
    times: dict[str, list[float]] = {"sealed": [], "unsealed": []}
    with Outbox(tmp / "sealed.sqlite3", sealer=sealer) as sealed, \
            Outbox(tmp / "unsealed.sqlite3", sealer=Unsealed()) as plain:
        boxes = {"sealed": sealed, "unsealed": plain}
        for name, box in boxes.items():   # warm both (schema, first pages)
            for report in make_reports(5, rng):
                box.enqueue_report(report)
            del name
        for n in range(ROUNDS):
            order = ("sealed", "unsealed") if n % 2 == 0 else ("unsealed", "sealed")
            for name in order:
                for report in make_reports(PER_ROUND, rng):
                    started = time.perf_counter()
                    boxes[name].enqueue_report(report)
                    times[name].append((time.perf_counter() - started) * 1000)
    seal_only = []
    for report in make_reports(400, rng):
        started = time.perf_counter()
        sealer.seal(report)
        seal_only.append((time.perf_counter() - started) * 1000)
    s99, u99 = percentile(times["sealed"], 0.99), percentile(times["unsealed"], 0.99)
    s50, u50 = statistics.median(times["sealed"]), statistics.median(times["unsealed"])
    print(f"enqueue, sealed: {summary(times['sealed'], digits=2)}")
    print(f"enqueue, unsealed (same outbox, same durability): "
          f"{summary(times['unsealed'], digits=2)}")
    print(f"sealing cost per report: p50 {s50 - u50:+.2f} ms, p99 {s99 - u99:+.2f} ms "
          f"(ratio p50 {s50 / u50:.2f}x, p99 {s99 / u99:.2f}x)")
    print(f"seal alone (HPKE + Ed25519, no disk): {summary(seal_only, digits=3)}")


def bench_cap() -> None:
    rng = random.Random(16)
    cats = sorted(categories.BY_CODE)
    reports = [CapReport(id=str(r.id), kiosk_id=KIOSK.id, category=rng.choice(cats),
                         created_at=r.created_at, received_at=time.time(),
                         station=KIOSK.station, lat=KIOSK.lat, lon=KIOSK.lon,
                         ticket="KX4M-7HPA", description=r.description,
                         session=None) for r in make_reports(CAP_REPORTS, rng)]
    cap_check.problems(report_messages(reports[0], [], addresses="x")[0].xml)   # warm
    render, validate = [], []
    for report in reports:
        started = time.perf_counter()
        (alert,) = report_messages(report, [], addresses="damkar-jakpus")
        mid = time.perf_counter()
        problems = cap_check.problems(alert.xml)
        done = time.perf_counter()
        assert problems == [], problems
        render.append((mid - started) * 1000)
        validate.append((done - mid) * 1000)
    total = [a + b for a, b in zip(render, validate, strict=True)]
    print(f"CAP render per report: {summary(render, digits=3)}")
    print(f"CAP validate (XSD + rules) per report: {summary(validate, digits=3)}")
    print(f"CAP render + validate per report: {summary(total, digits=3)} "
          f"(≈ {1000 / statistics.mean(total):.0f} reports/s on one core)")


def main() -> int:
    with tempfile.TemporaryDirectory(dir=REPO / "var" if (REPO / "var").is_dir()
                                     else None) as tmp:
        bench_sealing(Path(tmp))
    bench_cap()
    return 0


if __name__ == "__main__":
    sys.exit(main())
