"""A command centre in its own process (`python -m command_center … serve` on a free
port): for tests and benchmarks that need several real API processes, e.g. behind one
PostgreSQL database."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _url(server: subprocess.Popen[str]) -> str:
    assert server.stdout is not None
    line = server.stdout.readline()
    if "listening on " not in line:
        server.kill()
        raise RuntimeError(f"the centre did not start: {line.strip() or 'no output'}")
    return line.split("listening on ")[1].split("/ ")[0]


@contextmanager
def centres(data_dir: Path, count: int, *options: str) -> Iterator[list[str]]:
    """`count` centres sharing `data_dir` (their keys) and `options` (e.g. --database);
    yields their base URLs; terminates them at the end. What each logs (warnings and
    up) is kept in `data_dir/centre-N.log` (see `logs_of`)."""
    argv = [sys.executable, "-m", "command_center", "--data-dir", str(data_dir),
            "--port", "0", "--log-level", "WARNING", *options, "serve"]
    data_dir.mkdir(parents=True, exist_ok=True)
    servers = []
    for n in range(count):
        with (data_dir / f"centre-{n}.log").open("ab") as log:
            servers.append(subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE,
                                            stderr=log, text=True))
    try:
        yield [_url(server) for server in servers]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def logs_of(data_dir: Path, last: int = 4000) -> str:
    """The end of what the centres in `data_dir` logged, for a failing test's message."""
    return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-last:]}"
                     for p in sorted(data_dir.glob("centre-*.log")))
