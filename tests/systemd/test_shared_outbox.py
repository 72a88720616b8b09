"""The app and the uploader, two users in group kiosk110, can both write the WAL outbox.

tmpfiles.d pre-creates outbox.sqlite3 empty, 0660, in a setgid directory; the uploader
runs with UMask=0077 and the app with UMask=0027. SQLite must then create -wal and -shm
as 0660 in the directory's group, or the second user could not write them.
"""

from __future__ import annotations

import grp
import os
import sys
from pathlib import Path

from tests.support.config import write_config
from tests.systemd.notify_listener import NotifyListener
from tests.systemd.procs import DEAD_SERVER, enqueue_one_report, running


def shared_group() -> int:
    """A group other than ours when we may chown (root), so inheritance is visible."""
    if os.geteuid() == 0:
        try:
            return grp.getgrnam("nogroup").gr_gid
        except KeyError:
            pass
    return os.getegid()


def with_umask(umask: str, argv: list[str]) -> list[str]:
    return ["/bin/sh", "-c", f'umask {umask}; exec "$@"', "sh", *argv]


def test_wal_files_stay_group_writable_under_the_services_umasks(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, url=DEAD_SERVER)
    data, gid = tmp_path / "data", shared_group()
    os.chown(data, -1, gid)
    data.chmod(0o2770)  # as tmpfiles.d: d /var/lib/kiosk110 2770 kiosk kiosk110
    outbox = data / "outbox.sqlite3"
    outbox.touch()  # as tmpfiles.d: f .../outbox.sqlite3 0660 kiosk kiosk110
    outbox.chmod(0o660)

    uploader = with_umask("077", [sys.executable, "-m", "offline_queue", "--config",
                                  str(cfg), "run"])
    with NotifyListener() as n, running(uploader, n.env(2_000_000), tmp_path / "log"):
        n.wait_for("READY")  # the uploader has the outbox open
        enqueue_one_report(cfg, umask="027")  # what the app does, with its UMask
        for name in ("outbox.sqlite3", "outbox.sqlite3-wal", "outbox.sqlite3-shm"):
            st = (data / name).stat()
            assert (oct(st.st_mode & 0o777), st.st_gid) == (oct(0o660), gid), name
