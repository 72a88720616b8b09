"""A throw-away system user for one run: cage refuses to run as root, and a kiosk's app
runs unprivileged. Named after our pid, so a later run can tell a leftover from a
killed run (its pid is gone) from one in use, and remove only those."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PREFIX = "k110t"
NAME = re.compile(rf"^{PREFIX}(\d+)$")


@dataclass(frozen=True)
class User:
    name: str
    uid: int
    gid: int


def why_not() -> str | None:
    """Why no throw-away user can be made here, or None."""
    if os.geteuid() != 0:
        return "needs root to create a throw-away user (cage refuses to run as root)"
    if shutil.which("useradd") is None or shutil.which("userdel") is None:
        return "useradd/userdel not installed"
    return None


X11_SOCKETS = Path("/tmp/.X11-unix")  # noqa: S108 - the X servers' fixed path


def prepare_x11_sockets() -> None:
    """The X socket directory as a booted system has it (systemd-tmpfiles' x11.conf): root's,
    mode 1777. Left to the first X server, it belongs to that run's throw-away user, and
    every later user's Xwayland refuses it ("not owned by root or us"): cage then exits."""
    X11_SOCKETS.mkdir(mode=0o1777, exist_ok=True)
    os.chown(X11_SOCKETS, 0, 0)
    os.chmod(X11_SOCKETS, 0o1777)  # noqa: S103 - sticky and world-writable, as tmpfiles makes it


def create() -> User:
    remove_leftovers()
    prepare_x11_sockets()
    name = f"{PREFIX}{os.getpid()}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", "--user-group", name], check=True,
                   capture_output=True)
    entry = pwd.getpwnam(name)
    return User(name, entry.pw_uid, entry.pw_gid)


def processes_of(uid: int) -> list[int]:
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Uid:") and int(line.split()[1]) == uid:
                pids.append(int(status.parent.name))
                break
    return pids


def end_processes(uid: int, timeout: float = 5.0) -> None:
    """Stop what still runs as the throw-away user (all of it started by us: the
    compositor, the app, D-Bus and the accessibility bus it activated)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_of(uid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while processes_of(uid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not processes_of(uid):
            return


def remove(user: User) -> None:
    end_processes(user.uid)
    subprocess.run(["userdel", user.name], check=False, capture_output=True)


def remove_leftovers() -> None:
    """Users of earlier runs whose process is gone (a run killed before its clean-up)."""
    for entry in pwd.getpwall():
        match = NAME.match(entry.pw_name)
        if match and not Path(f"/proc/{match.group(1)}").exists():
            remove(User(entry.pw_name, entry.pw_uid, entry.pw_gid))
