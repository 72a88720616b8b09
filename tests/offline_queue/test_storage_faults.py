"""A full disk, a read-only data dir, a corrupt database: a clear error, and nothing is
ever reported as stored when it was not.

Real where this machine allows: the full disk is a real 256 KiB tmpfs and the read-only
dir a real read-only bind mount, each in a private mount namespace (`unshare`); a
directory with mode 0555 is made really unwritable for root by dropping the DAC
capabilities before exec; corruption is real bytes in a real file. The in-process
quota test uses SQLite's own `max_page_count`, which fails with the same SQLITE_FULL.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from offline_queue.errors import OutboxError, StorageCorrupt, StorageFull
from offline_queue.outbox import Outbox
from tests.offline_queue.cli_support import REPO, child_env, cli, run_cli
from tests.offline_queue.helpers import report, report_line
from tests.support.config import write_config
from tests.support.keys import sealer as kiosk_sealer


def _can_unshare_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "sh", "-c",
                            "mount -t tmpfs -o size=16k tmpfs /mnt"],
                           capture_output=True, timeout=10, check=False)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def mount_namespace() -> None:
    """Skip unless this machine lets us mount in a private namespace (root, unshare)."""
    if not _can_unshare_mount():
        pytest.skip("needs unshare --mount and mount (root)")


def stored_ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM items")}


def test_a_quota_hit_raises_storage_full_and_keeps_what_was_stored(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(path, sealer=kiosk_sealer()).close()  # create the schema without a quota
    box = Outbox(path, max_pages=12, sealer=kiosk_sealer())
    kept, refused = [], None
    for _ in range(200):
        r = report(description="x" * 2000)
        try:
            box.enqueue_report(r)
        except StorageFull as exc:
            refused = r
            assert "storage full" in str(exc)
            break
        kept.append(r.id)
    box.close()
    assert refused is not None and kept
    with Outbox(path, sealer=kiosk_sealer()) as reopened:
        ids = {i.id for i in reopened.list_items()}
        assert ids == set(kept) and refused.id not in ids
        assert reopened.integrity_check() == "ok"


def test_a_real_full_disk_refuses_lines_and_every_printed_id_is_stored(
        tmp_path: Path, mount_namespace: None) -> None:
    cfg = write_config(tmp_path)
    data, saved = tmp_path / "data", tmp_path / "saved"
    saved.mkdir()
    lines = "".join(report_line(description="y" * 2000) + "\n" for _ in range(400))
    (tmp_path / "in.jsonl").write_text(lines)
    enqueue = " ".join(cli(cfg, "enqueue"))
    script = (f"mount -t tmpfs -o size=256k tmpfs {data} && cd {REPO} && "
              f"{enqueue} < {tmp_path}/in.jsonl > {tmp_path}/out 2> {tmp_path}/err; "
              f"echo $? > {tmp_path}/rc; cp {data}/outbox.sqlite3* {saved}/")
    subprocess.run(["unshare", "--mount", "sh", "-c", script], check=True, timeout=120,
                   env=child_env())
    printed = (tmp_path / "out").read_text().split()
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "rc").read_text().strip() == "1"
    assert 0 < len(printed) < 400
    assert f"line {len(printed) + 1}: NOT stored: storage full" in err
    assert stored_ids(saved / "outbox.sqlite3") == set(printed)


def test_an_unwritable_data_dir_is_reported_and_nothing_printed(tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    (tmp_path / "data").chmod(0o555)
    try:
        result = run_cli(cfg, "enqueue", stdin=report_line() + "\n", as_plain_user=True)
    finally:
        (tmp_path / "data").chmod(0o755)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "read-only" in result.stderr


def test_an_existing_outbox_on_a_read_only_dir_refuses_new_reports(tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    first = run_cli(cfg, "enqueue", stdin=report_line() + "\n")
    assert first.returncode == 0
    data = tmp_path / "data"
    for f in data.iterdir():
        f.chmod(0o444)
    data.chmod(0o555)
    try:
        result = run_cli(cfg, "enqueue", stdin=report_line() + "\n", as_plain_user=True)
    finally:
        data.chmod(0o755)
        for f in data.iterdir():
            f.chmod(0o644)
    assert result.returncode == 1 and result.stdout == ""
    assert "read-only" in result.stderr
    assert stored_ids(data / "outbox.sqlite3") == {first.stdout.strip()}


def test_a_read_only_filesystem_is_reported_and_nothing_printed(tmp_path: Path,
                                                                mount_namespace: None) -> None:
    cfg = write_config(tmp_path)
    assert run_cli(cfg, "enqueue", stdin=report_line() + "\n").returncode == 0
    data = tmp_path / "data"
    enqueue = " ".join(cli(cfg, "enqueue"))
    script = (f"mount --bind {data} {data} && mount -o remount,bind,ro {data} && "
              f"cd {REPO} && echo '{report_line()}' | {enqueue}")
    result = subprocess.run(["unshare", "--mount", "sh", "-c", script], text=True,
                            capture_output=True, timeout=60, env=child_env(), check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert "read-only" in result.stderr


def test_a_file_of_garbage_is_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not a database, just noise " * 200)
    with pytest.raises(StorageCorrupt, match="corrupt"):
        Outbox(path, sealer=kiosk_sealer())


def test_a_damaged_page_is_reported_as_corrupt_and_nothing_claims_success(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path, sealer=kiosk_sealer()) as box:
        for _ in range(50):
            box.enqueue_report(report(description="z" * 1500))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        # The items table's root page and the one after it (pages are numbered from 1;
        # other tables' pages, e.g. the empty inbound ones, come before it or not).
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items'"
                            ).fetchone()[0]
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * page_size: (root + 1) * page_size] = \
        b"\xde\xad\xbe\xef" * (page_size // 2)
    path.write_bytes(bytes(raw))
    box = Outbox(path, sealer=kiosk_sealer())
    with pytest.raises(StorageCorrupt):
        box.list_items()
    with pytest.raises(StorageCorrupt):  # a report is refused, never said to be stored
        box.enqueue_report(report())
    box.close()


def test_the_cli_names_a_corrupt_database(tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    (tmp_path / "data" / "outbox.sqlite3").write_bytes(b"\x00garbage" * 500)
    result = run_cli(cfg, "status", "--json")
    assert result.returncode == 1 and result.stdout == ""
    assert "corrupt" in result.stderr


def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(OutboxError, match=r"cannot create data directory .*Not a directory"):
        Outbox(blocker / "sub" / "outbox.sqlite3", sealer=kiosk_sealer())
