"""A throw-away PostgreSQL cluster: initdb into a temporary directory, pg_ctl start on a
Unix socket only (listen_addresses=''), stop and remove at the end.

Used by the tests (tests/support/pgcluster.py), the demo's `--postgres` and the engine
benchmark. initdb refuses to run as root, so under root the cluster belongs to Debian's
`postgres` system user (`runuser -u postgres`); otherwise to whoever runs it. Either way
its superuser is named `postgres` and local connections are trusted: nothing but this
machine's users can reach a socket in a private directory, and the cluster lives for one
run.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"
PORT = 5432   # the socket is in our own directory: no other cluster can clash with it


def why_not() -> str | None:
    """Why no throw-away cluster can be started here, or None."""
    if not (BIN / "initdb").exists():
        return f"PostgreSQL server binaries not found in {BIN} (scripts/setup installs them)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' system user to own a cluster"
        if shutil.which("runuser") is None:
            return "running as root without runuser"
    return None


class Cluster:
    """One cluster. `with Cluster() as c:` starts it; `c.url(db)` names a database."""

    def __init__(self, base: Path | None = None, *, synchronous_commit: str = "on",
                 fsync: bool = True, directory: Path | None = None) -> None:
        """A new cluster in a fresh temporary directory under `base` (removed by
        `stop`), or, with `directory`, one kept there across runs (initdb the first
        time; `stop` only stops it: the demo's)."""
        problem = why_not()
        if problem:
            raise RuntimeError(problem)
        self.keep = directory is not None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self.root = directory.resolve()
        else:
            # Unix socket paths are limited to ~107 bytes: keep the socket dir short.
            self.root = Path(tempfile.mkdtemp(prefix="k110pg-", dir=base or "/tmp"))  # noqa: S108
        if len(str(self.root)) > 80:
            raise RuntimeError(f"{self.root}: too long a path for the server's Unix socket")
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.log = self.root / "postgres.log"
        self._settings = {"listen_addresses": "''", "unix_socket_directories": f"'{self.root}'",
                          "port": str(PORT), "synchronous_commit": synchronous_commit,
                          "fsync": "on" if fsync else "off", "max_connections": "200",
                          "shared_buffers": "32MB", "log_min_messages": "warning"}
        self._owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        self.started = False

    # -- life -------------------------------------------------------------------------

    def start(self) -> Cluster:
        if self._owner is not None:
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
        self.root.chmod(0o700)
        if not (self.data / "PG_VERSION").exists():
            self._run([str(BIN / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                       "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                       "--no-instructions"])
            with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
                for key, value in self._settings.items():
                    conf.write(f"{key} = {value}\n")
        self._run([str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                   "-w", "-t", "60", "start"])
        self.started = True
        return self

    def stop(self) -> None:
        """Stop the server (fast: open connections are closed) and, unless it is kept,
        remove every file."""
        if self.started:
            self._run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                       "stop"], check=False)
            self.started = False
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- use --------------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        return (f"postgresql://{SUPERUSER}@/{quote(database)}?host={quote(str(self.root))}"
                f"&port={PORT}")

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run `sql` with psql as the superuser (for set-up such as CREATE DATABASE)."""
        done = subprocess.run([str(BIN / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                               "-h", str(self.root), "-p", str(PORT), "-U", SUPERUSER,
                               "-d", database, "-c", sql],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def _run(self, argv: list[str], check: bool = True) -> None:
        if self._owner is not None:
            argv = ["runuser", "-u", self._owner.pw_name, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, check=False,
                              cwd=self.root if self._owner is None else "/")
        if check and done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{Path(argv[-1]).name if argv else ''} failed "
                               f"({done.returncode}): {done.stderr.strip()}\n{log}")
