"""Ingest on the centre's two storage engines, side by side in one run: reports accepted
per second over keep-alive from 4 concurrent clients, SQLite against PostgreSQL.

Same load, same durability: each client is its own process with one keep-alive
connection posting distinct valid reports to a real centre process
(`python -m command_center serve`), and a report is acknowledged only once it is on
disk — SQLite `--synchronous full` (every commit fsynced; concurrent kiosks share one
fsync through the group commit) against PostgreSQL `synchronous_commit = on`, fsync on
(every commit waits for its WAL flush; concurrent commits share one). The PostgreSQL
server is a throw-away local cluster (devtools/pgcluster.py, Unix socket) on the same
filesystem as the SQLite file. The machine has 2 cores shared by the centre, the
database server and the 4 clients: the figures are a floor, and the ratio is the point.

    python benchmarks/bench_ingest_engines.py [--dir DIR]   # DIR: where both live
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import CLIENTS, KIOSK, UNLIMITED, centre, ingest  # noqa: E402
from benchmarks.stats import summary  # noqa: E402
from command_center.app import open_store  # noqa: E402
from command_center.settings import Settings  # noqa: E402
from devtools.pgcluster import Cluster, why_not  # noqa: E402

PER_CLIENT = 250   # 1000 samples per engine: enough for a p99, and the run stays short


def run(name: str, data_dir: Path, options: list[str]) -> float:
    settings = Settings(data_dir=data_dir, database_url=(
        options[options.index("--database") + 1] if "--database" in options else None))
    store = open_store(settings)
    token = store.add_kiosk(KIOSK.id)
    store.close()
    with centre(data_dir, [*UNLIMITED, "--forward-poll", "0", *options]) as (url, pid):
        load = ingest(url, pid, token, PER_CLIENT, timeout_s=900)
    print(f"ingest, {name}: {load.rate:.0f} reports/s accepted over keep-alive from "
          f"{CLIENTS} clients; {load.accepted} of {len(load.latencies_ms)} answered 201",
          flush=True)
    print(f"ingest, {name}: POST latency {summary(load.latencies_ms)}; centre CPU "
          f"{load.cpu_us_per_report:.0f} µs per report", flush=True)
    return load.rate


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=None,
                        help="where the SQLite file and the PostgreSQL cluster live "
                             "(default: a temporary directory)")
    args = parser.parse_args()
    problem = why_not()
    print("(centre, database server and 4 client processes share this machine's 2 cores)")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        base = Path(tmp)
        base.chmod(0o755)   # the cluster's owner (`postgres` under root) must reach it
        sqlite = run("SQLite synchronous=FULL", base / "sqlite", ["--synchronous", "full"])
        if problem:
            print(f"ingest, PostgreSQL: not measured: {problem}")
            return 0
        with Cluster(base, synchronous_commit="on", fsync=True) as cluster:
            cluster.psql("CREATE DATABASE bench")
            pg = run("PostgreSQL synchronous_commit=on", base / "pg-centre",
                     ["--database", cluster.url("bench")])
    print(f"ingest, PostgreSQL / SQLite: {pg / sqlite:.2f}x the reports/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
