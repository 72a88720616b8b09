"""`python -m offline_queue recover`: rebuild a damaged outbox instead of moving files by
hand (moving `outbox.sqlite3` alone loses every report still in its -wal).

1. Refuse while an uploader runs (it holds `uploader.lock`); the kiosk app may run on:
   its next write notices the swap (database.py) and continues in the new file.
2. Copy the database and its -wal (never the -shm: it is rebuilt from the -wal) into
   a work directory beside it; the original is never written to.
3. Rebuild the copy into a new file with SQLite's `.recover` (the `sqlite3` command
   line shell, when it can: Debian 12's is built without the sqlite_dbpage table that
   `.recover` needs), else by reading every row the b-tree still yields, range by
   range around the damage. Claims become pending; the schema is brought up to date.
4. Swap: the original and its -wal/-shm get a hard link under `<name>.damaged-<time>`
   (so they stay together, openable as one database), their old names are removed,
   and the new file is renamed into place in one step.
5. Copy in any item written to the original after step 2 (best effort).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.config import Config
from offline_queue.errors import OutboxError, RecoveryFailed
from offline_queue.outbox import ITEM_COLUMNS, Outbox, copy_items

SQLITE3_CLI = "sqlite3"
SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class Recovery:
    method: str
    items: int
    pending: int
    failed: int
    delivered: int
    late: int  # written to the original while it was being rebuilt
    lost_and_found: int
    aside: Path | None
    healthy: bool = False

    def summary(self) -> str:
        if self.healthy:
            return ("the outbox passes SQLite's integrity check: nothing to recover "
                    "(--force rebuilds it anyway)")
        lines = [f"recovered {self.items} item(s) with {self.method}: {self.pending} "
                 f"pending, {self.failed} failed, {self.delivered} delivered",
                 f"the original and its -wal/-shm are kept as {self.aside}{{,-wal,-shm}}"]
        if self.late:
            lines.append(f"{self.late} item(s) written meanwhile were copied in too")
        if self.lost_and_found:
            lines.append(f"{self.lost_and_found} unattributable record(s) are in the "
                         "table lost_and_found of the new outbox")
        return "\n".join(lines)


def recover_outbox(cfg: Config, *, force: bool = False, cli: str | None = SQLITE3_CLI
                   ) -> Recovery:
    from offline_queue.service import acquire_lock  # the uploader's own lock

    path = cfg.outbox_path
    if not path.exists():
        raise RecoveryFailed(f"{path} does not exist: nothing to recover")
    lock = acquire_lock(cfg.storage.data_dir)
    try:
        work = path.parent / f"recover-{_stamp()}"
        work.mkdir()
        try:
            return _recover(path, work, force=force, cli=cli)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    finally:
        os.close(lock)


def _recover(path: Path, work: Path, *, force: bool, cli: str | None) -> Recovery:
    copy = work / "damaged.sqlite3"
    _copy_with_wal(path, copy)
    if not force and _healthy(copy):
        return Recovery("", 0, 0, 0, 0, 0, 0, None, healthy=True)
    rebuilt = work / "outbox.sqlite3"
    method = "sqlite3 .recover"
    if cli is None or not _cli_recover(cli, copy, rebuilt):
        method = "a row-by-row read around the damage"
        with suppress(FileNotFoundError):
            rebuilt.unlink()
        _salvage(copy, rebuilt)
    counts = _normalise(rebuilt)
    aside = path.with_name(f"{path.name}.damaged-{_stamp()}")
    _swap(path, rebuilt, aside)
    late = _merge_late(path, aside)
    return Recovery(method, sum(counts[:3]) + late, counts[0] + late, counts[1], counts[2],
                    late, counts[3], aside)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _copy_with_wal(path: Path, copy: Path) -> None:
    shutil.copyfile(path, copy)
    wal = Path(f"{path}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{copy}-wal"))


def _healthy(copy: Path) -> bool:
    try:
        with closing(sqlite3.connect(copy)) as conn:
            return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    except sqlite3.Error:
        return False


def _cli_recover(cli: str, copy: Path, rebuilt: Path) -> bool:
    """SQLite's own `.recover` through the shell, if this shell can (False: it cannot)."""
    if shutil.which(cli) is None:
        return False
    try:
        dump = subprocess.run([cli, str(copy), ".recover"], capture_output=True,
                              timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    if dump.returncode != 0 or b"sql error" in dump.stderr or b"CREATE TABLE" not in dump.stdout:
        return False
    try:
        with closing(sqlite3.connect(rebuilt)) as conn:
            conn.executescript(dump.stdout.decode("utf-8", "surrogateescape"))
            conn.execute("PRAGMA writable_schema = OFF")
            return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'items'"
                                ).fetchone() is not None
    except (sqlite3.Error, UnicodeError):
        return False


def _salvage(copy: Path, rebuilt: Path) -> None:
    """Read every row the damaged b-tree still gives, bisecting around pages that fail."""
    try:
        src = sqlite3.connect(copy)
        have = {r[1] for r in src.execute("PRAGMA table_info(items)")}
    except sqlite3.Error as exc:
        raise RecoveryFailed(f"the items table cannot be read at all ({exc}); the "
                             "original is untouched") from exc
    columns = [c.strip() for c in ITEM_COLUMNS.split(",") if c.strip() in have]
    if "id" not in columns:
        raise RecoveryFailed("the damaged outbox has no readable items table; the "
                             "original is untouched")
    Outbox(rebuilt).close()
    dst = sqlite3.connect(rebuilt)
    select = f"SELECT {', '.join(columns)} FROM items WHERE seq BETWEEN ? AND ?"  # noqa: S608
    insert = (f"INSERT OR IGNORE INTO items ({', '.join(columns)}) "  # noqa: S608
              f"VALUES ({', '.join('?' for _ in columns)})")
    try:
        top = int(src.execute("SELECT max(seq) FROM items").fetchone()[0] or 0)
    except sqlite3.Error:
        top = 1 << 40
    stack = [(0, top)]
    with closing(src), closing(dst):
        while stack:
            low, high = stack.pop()
            try:
                rows = src.execute(select, (low, high)).fetchall()
            except sqlite3.Error:
                if high > low:
                    mid = (low + high) // 2
                    stack += [(mid + 1, high), (low, mid)]
                continue
            dst.executemany(insert, rows)
        dst.commit()


def _normalise(rebuilt: Path) -> tuple[int, int, int, int]:
    """Bring the rebuilt file to our schema; (pending, failed, delivered, lost) counts."""
    try:
        with Outbox(rebuilt) as outbox:
            outbox.recover()  # claims of a dead uploader are pending again
            if outbox.integrity_check() != "ok":
                raise RecoveryFailed("the rebuilt outbox fails its integrity check; the "
                                     "original is untouched")
            stats = outbox.stats()
        with closing(sqlite3.connect(rebuilt)) as conn:
            lost = 0
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'lost_and_found'"
                            ).fetchone():
                lost = int(conn.execute("SELECT count(*) FROM lost_and_found").fetchone()[0])
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except OutboxError as exc:
        raise RecoveryFailed(f"the rebuilt outbox is not usable ({exc}); the original is "
                             "untouched") from exc
    return stats.pending, stats.failed, stats.delivered, lost


def _swap(path: Path, rebuilt: Path, aside: Path) -> None:
    """Keep the original under `aside` with its side files, then put `rebuilt` in place.

    The name `path` never disappears: hard links first, then the rename, which replaces
    it in one step. The old -wal/-shm names go before it, or the new database would be
    opened with the old one's log.
    """
    os.link(path, aside)
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        with suppress(FileNotFoundError):
            os.link(side, Path(f"{aside}{suffix}"))
    for suffix in SIDE_FILES:
        with suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
    for suffix in SIDE_FILES:  # the rebuilt file was checkpointed and closed: none left
        with suppress(FileNotFoundError):
            Path(f"{rebuilt}{suffix}").unlink()
    os.replace(rebuilt, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _merge_late(path: Path, aside: Path) -> int:
    """Items written to the original after it was copied (the app kept writing)."""
    try:
        with closing(sqlite3.connect(path, uri=True)) as conn:
            # Read-only: closing it must not checkpoint the kept original or drop its -wal.
            conn.execute("ATTACH DATABASE ? AS aside", (f"{aside.as_uri()}?mode=ro",))
            conn.execute("BEGIN IMMEDIATE")
            copied = copy_items(conn, "aside", "main")
            conn.execute("COMMIT")
            return copied
    except sqlite3.Error:  # the damage itself: what .recover found is what there is
        return 0
