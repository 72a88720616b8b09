"""Issue 11 #6: stored is stored, deleted is deleted.

- An outbox file deleted or replaced under an open connection is noticed before a
  write is acknowledged (the dev+inode the connection opened against what the path
  names now, for the database and its -wal); the next write goes to the file that is
  really there, with the items the lost file held copied into it.
- After delivery, the personal data is gone from outbox.sqlite3, -wal and -shm, byte
  by byte, while a connection stays open the way the kiosk app keeps one all day.
- `recover` rebuilds a damaged outbox instead of files moved by hand.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from offline_queue.errors import StorageReplaced
from offline_queue.outbox import Outbox, State
from tests.offline_queue.cli_support import run_cli
from tests.offline_queue.faultserver import FaultServer
from tests.offline_queue.helpers import (
    KIOSK,
    VALID_NIK,
    VALID_PHONE,
    make_config_path,
    report,
)
from tests.support.keys import open_payload
from tests.support.keys import sealer as kiosk_sealer
from wire.report import Report as WireReport
from wire.report import Reporter

SIDES = ("", "-wal", "-shm")


def ids_in(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM items")}


@pytest.mark.parametrize("deleted", [("",), ("", "-wal", "-shm")])
def test_a_deleted_outbox_is_noticed_before_a_report_is_acknowledged(
        tmp_path: Path, deleted: tuple[str, ...]) -> None:
    path = tmp_path / "outbox.sqlite3"
    app = Outbox(path, sealer=kiosk_sealer())  # the kiosk app keeps its outbox open all day
    kept = report()
    app.enqueue_report(kept)
    for suffix in deleted:
        Path(f"{path}{suffix}").unlink()
    lost = report()
    with pytest.raises(StorageReplaced, match="was deleted") as refused:
        app.enqueue_report(lost)
    assert "NOT stored" in str(refused.value)
    # The next report goes to the file that is there now, with what the lost one held.
    after = report()
    app.enqueue_report(after)
    app.close()
    assert ids_in(path) == {kept.id, after.id}


def test_a_replaced_outbox_is_noticed_and_its_items_rescued(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    app = Outbox(path, sealer=kiosk_sealer())
    first = report()
    app.enqueue_report(first)
    backup = tmp_path / "backup.sqlite3"
    with Outbox(backup, sealer=kiosk_sealer()) as other:
        restored = report()
        other.enqueue_report(restored)
    shutil.move(path, tmp_path / "aside.sqlite3")  # a technician's hand-made "fix"
    for suffix in SIDES[1:]:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, path)
    with pytest.raises(StorageReplaced, match="replaced by another file"):
        app.enqueue_report(report())
    app.enqueue_report(second := report())
    app.close()
    assert ids_in(path) == {restored.id, first.id, second.id}


def test_a_deleted_wal_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    app = Outbox(path, sealer=kiosk_sealer())
    app.enqueue_report(report())
    Path(f"{path}-wal").unlink()
    with pytest.raises(StorageReplaced, match="-wal was deleted"):
        app.enqueue_report(report())
    app.close()


def test_delivered_personal_data_leaves_all_three_files_byte_by_byte(tmp_path: Path) -> None:
    name, description = "Budi Santoso", "Kalung emas saya dijambret dekat peron 2"
    with FaultServer() as server:
        config = make_config_path(tmp_path, url=server.url)
        path = tmp_path / "data" / "outbox.sqlite3"
        # Stays open, as the app's does.
        app = Outbox(path, kiosk_id=KIOSK.id, sealer=kiosk_sealer())
        personal = WireReport.create(
            kiosk=KIOSK, category="theft", language="id",
            description=(description + " ") * 40,  # long: overflow pages too
            reporter=Reporter(name=name, phone=VALID_PHONE, nik=VALID_NIK))
        app.enqueue_report(personal)
        secrets = (VALID_NIK, VALID_PHONE, name, description[:20])
        before = b"".join(raw(Path(f"{path}{s}")) for s in SIDES)
        assert not [s for s in secrets if s.encode() in before]   # sealed from the start
        sealed = json.loads(app.claim(1, owner="t", lease_s=60)[0].payload)["sealed"]["data"]
        app.release([personal.id], owner="t")
        assert sealed.encode() in before
        drained = run_cli(config, "run", "--until-empty")
        assert drained.returncode == 0, drained.stderr[-2000:]
        assert open_payload(server.stored[personal.id]).reporter.nik == VALID_NIK
        assert [i.state for i in app.list_items()] == [State.DELIVERED]
        for suffix in SIDES:
            data = raw(Path(f"{path}{suffix}"))
            for secret in (*secrets, sealed[:40]):   # the sealed part is purged too
                assert secret.encode() not in data, f"{secret!r} in {path.name}{suffix}"
        app.close()


def raw(path: Path) -> bytes:
    """The file's bytes, read by another process: closing any descriptor of a database
    file drops every POSIX lock this process holds on it (SQLite's own warning), and
    the open "app" connection of the test would lose its claim to the -wal."""
    return subprocess.run(["cat", str(path)], capture_output=True, check=True).stdout


def _damage(path: Path) -> None:
    """Overwrite a leaf page in the middle of the items table."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    raw = bytearray(path.read_bytes())
    middle = (len(raw) // page) // 2
    raw[middle * page: (middle + 1) * page] = b"\xde\xad\xbe\xef" * (page // 4)
    path.write_bytes(bytes(raw))


def test_recover_rebuilds_a_damaged_outbox_and_keeps_the_original_aside(tmp_path: Path) -> None:
    config = make_config_path(tmp_path)
    path = tmp_path / "data" / "outbox.sqlite3"
    ids = run_cli(config, "enqueue", stdin="".join(
        json.dumps({"category": "theft", "language": "id",
                    "description": "x" * 1500}) + "\n" for _ in range(60))).stdout.split()
    assert len(ids) == 60
    _damage(path)
    with Outbox(path, sealer=kiosk_sealer()) as broken, pytest.raises(Exception, match="corrupt"):
        broken.list_items()
    status = run_cli(config, "status", "--json")
    assert "recover" in status.stderr and "-wal" in status.stderr  # the advice
    with Outbox(path, sealer=kiosk_sealer()) as late:  # written after the damage, into the WAL
        late.enqueue_report(late_one := report())
    result = run_cli(config, "recover")
    assert result.returncode == 0, result.stderr
    assert "recovered" in result.stdout
    aside = sorted(path.parent.glob("outbox.sqlite3.damaged-*"))
    assert aside and aside[0].name + "-wal" in {p.name for p in aside}  # kept together
    with Outbox(path, sealer=kiosk_sealer()) as rebuilt:
        assert rebuilt.integrity_check() == "ok"
        recovered = {i.id for i in rebuilt.list_items()}
    assert late_one.id in recovered
    assert 40 <= len(recovered & set(ids)) < 60  # one page of rows is really gone
    assert not list(path.parent.glob("recover-*"))  # no work files left
    healthy = run_cli(config, "recover")
    assert healthy.returncode == 0 and "nothing to recover" in healthy.stdout


def test_recover_refuses_while_an_uploader_runs(tmp_path: Path) -> None:
    from offline_queue.service import acquire_lock

    config = make_config_path(tmp_path)
    run_cli(config, "enqueue", stdin=json.dumps({"category": "theft", "language": "id",
                                                 "description": "x"}) + "\n")
    fd = acquire_lock(tmp_path / "data")
    try:
        result = run_cli(config, "recover", "--force")
    finally:
        import os

        os.close(fd)
    assert result.returncode == 1 and "already running" in result.stderr
