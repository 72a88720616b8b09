"""One display session of the throw-away user: its runtime directory, a D-Bus session
with the AT-SPI accessibility bus, a compositor (cage or sway on wlroots' headless
backend, or Xvfb) and the clients in it, each a process we started and stop by its id.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from devtools.box import users
from devtools.box.pixels import Coverage, coverage

HERE = Path(__file__).resolve().parent
# wlroots without a GPU or input devices: the headless backend, the pixman renderer.
HEADLESS = {"WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman",
            "WLR_LIBINPUT_NO_DEVICES": "1"}
TOOLS = {"cage": "cage", "sway": "sway", "grim": "grim", "Xvfb": "xvfb",
         "dbus-daemon": "dbus-daemon", "Xwayland": "xwayland"}


def missing_tools(*names: str) -> list[str]:
    """Debian packages whose command is missing (scripts/setup installs them)."""
    return [TOOLS.get(n, n) for n in names if shutil.which(n) is None]


def wait_for(cond: Callable[[], bool], what: str, timeout: float = 60.0,
             every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


class Session:
    """Processes of `user` with XDG_RUNTIME_DIR `home/run` (0700, theirs)."""

    def __init__(self, user: users.User, home: Path) -> None:
        self.user, self.home = user, home
        self.run_dir = home / "run"
        self.run_dir.mkdir(mode=0o700)
        os.chown(self.run_dir, user.uid, user.gid)
        self.logs = home / "logs"
        self.logs.mkdir(exist_ok=True)
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.env: dict[str, str] = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
            "HOME": str(self.run_dir), "XDG_RUNTIME_DIR": str(self.run_dir),
            "XDG_CACHE_HOME": str(self.run_dir / "cache"), "PYTHONDONTWRITEBYTECODE": "1",
        }

    def spawn(self, name: str, argv: Sequence[str], env: dict[str, str] | None = None, *,
              stdin: int | None = subprocess.DEVNULL, stdout: int | IO[Any] | None = None,
              pass_fds: Sequence[int] = ()) -> subprocess.Popen[bytes]:
        """Start `argv` as the user; stdout and stderr go to logs/<name>.log."""
        log = (self.logs / f"{name}.log").open("ab")
        proc = subprocess.Popen(list(argv), user=self.user.uid, group=self.user.gid,
                                extra_groups=[], env={**self.env, **(env or {})},
                                cwd=self.run_dir, stdin=stdin,
                                stdout=log if stdout is None else stdout, stderr=log,
                                start_new_session=True, pass_fds=tuple(pass_fds))
        log.close()
        self.procs.append((name, proc))
        return proc

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def run(self, argv: Sequence[str], env: dict[str, str] | None = None,
            timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(argv), user=self.user.uid, group=self.user.gid,
                              extra_groups=[], env={**self.env, **(env or {})},
                              cwd=self.run_dir, capture_output=True, text=True,
                              timeout=timeout, check=False)

    def stop(self, proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)

    def close(self) -> None:
        for _name, proc in reversed(self.procs):
            self.stop(proc)
        self.procs.clear()
        users.end_processes(self.user.uid)   # what D-Bus activated for us

    # ------------------------------------------------------------------ D-Bus, AT-SPI

    def start_dbus(self) -> None:
        """A session bus; AT-SPI's bus is activated from it (at-spi2-core)."""
        address = f"unix:path={self.run_dir / 'bus'}"
        self.spawn("dbus", ["dbus-daemon", "--session", "--nofork", "--nopidfile",
                            f"--address={address}"])
        wait_for((self.run_dir / "bus").exists, "the D-Bus session bus", 20)
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address

    # ------------------------------------------------------------------ compositors

    def start_cage(self, flags: Sequence[str], argv: Sequence[str],
                   env: dict[str, str] | None = None,
                   name: str = "cage") -> tuple[subprocess.Popen[bytes], str]:
        """cage FLAGS -- ARGV on the headless backend; returns it and its socket path."""
        before = self._served_sockets()
        proc = self.spawn(name, ["cage", *flags, "--", *argv], env={**HEADLESS, **(env or {})})
        socket = self._wait_new_socket(before, proc, "cage")
        return proc, socket

    def start_sway(self, config: str) -> tuple[subprocess.Popen[bytes], str]:
        (self.run_dir / "sway.conf").write_text(config)
        before = self._served_sockets()
        proc = self.spawn("sway", ["sway", "--config", str(self.run_dir / "sway.conf")],
                          env=HEADLESS)
        socket = self._wait_new_socket(before, proc, "sway")
        return proc, socket

    def swaymsg(self, *command: str) -> str:
        socks = list(self.run_dir.glob("sway-ipc.*.sock"))
        done = self.run(["swaymsg", "--socket", str(socks[0]), *command])
        if done.returncode != 0:
            raise RuntimeError(f"swaymsg {' '.join(command)}: {done.stdout}{done.stderr}")
        return done.stdout

    def start_xvfb(self, width: int, height: int) -> str:
        """Xvfb with no window manager; returns its DISPLAY."""
        read, write = os.pipe()
        self.spawn("xvfb", ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp",
                            "-screen", "0", f"{width}x{height}x24"], pass_fds=[write])
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError(f"Xvfb did not start:\n{self.log('xvfb')}")
        return f":{number}"

    def _served_sockets(self) -> set[str]:
        return {str(p) for p in self.run_dir.glob("wayland-*")
                if not p.name.endswith(".lock") and _serving(str(p))}

    def _wait_new_socket(self, before: set[str], proc: subprocess.Popen[bytes],
                         name: str) -> str:
        """The Wayland socket the compositor just started serving (a compositor stopped
        by a signal leaves its socket files behind, and sway skips wayland-0)."""
        new: list[str] = []

        def started() -> bool:
            new[:] = sorted(self._served_sockets() - before)
            return bool(new) or proc.poll() is not None
        wait_for(started, f"{name}'s Wayland socket", 30)
        if not new:
            raise RuntimeError(f"{name} exited ({proc.returncode}):\n{self.log(name)}")
        return new[0]

    # ------------------------------------------------------------------ screenshots

    def grim(self, socket: str, out: Path) -> Coverage:
        """A grim screenshot of the compositor at `socket`, copied to `out`."""
        shot = self.run_dir / "shot.png"
        done = self.run(["grim", "-t", "png", str(shot)], env={"WAYLAND_DISPLAY": socket})
        if done.returncode != 0:
            raise RuntimeError(f"grim failed: {done.stderr}")
        shutil.copyfile(shot, out)
        return coverage(out)

    def x_screenshot(self, display: str, python: Path, out: Path) -> Coverage:
        """The X root window, grabbed by a separate X client (Qt's xcb plugin)."""
        shot = self.run_dir / "xshot.png"
        code = ("import sys; from PySide6.QtGui import QGuiApplication; "
                "a = QGuiApplication(sys.argv[:1]); "
                "sys.exit(0 if a.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)")
        done = self.run([str(python), "-c", code, str(shot)],
                        env={"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
        if done.returncode != 0:
            raise RuntimeError(f"X screenshot failed: {done.stderr}")
        shutil.copyfile(shot, out)
        return coverage(out)


class Probe:
    """The AT-SPI probe (atspi_probe.py) under Debian's python3, as the user."""

    def __init__(self, session: Session) -> None:
        script = session.home / "atspi_probe.py"
        shutil.copyfile(HERE / "atspi_probe.py", script)
        script.chmod(0o644)
        self._proc = session.spawn("atspi", ["/usr/bin/python3", str(script)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def ask(self, op: str, **args: object) -> dict[str, Any]:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps({"op": op, **args}).encode() + b"\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the AT-SPI probe exited")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def find(self, name: str, timeout: float = 30.0) -> dict[str, Any]:
        """The extents of the showing button `name`, once it shows."""
        found: dict[str, Any] = {}

        def showing() -> bool:
            found.update(self.ask("find", name=name))
            return bool(found.get("ok")) and found.get("w", 0) > 0
        try:
            wait_for(showing, f"a button named {name!r} on screen", timeout, every=0.2)
        except TimeoutError as exc:
            names = self.ask("names").get("names")
            raise TimeoutError(f"{exc}; showing: {names}") from None
        return found

    def centre(self, name: str) -> tuple[int, int]:
        """Where to tap `name`: its centre, checked to hit nothing but that button."""
        e = self.find(name)
        x, y = e["x"] + e["w"] // 2, e["y"] + e["h"] // 2
        hit = self.ask("at", x=x, y=y)
        if not hit.get("button") or not _same(hit["button"], name):
            raise AssertionError(f"a tap at ({x}, {y}), the centre of {name!r}, would hit "
                                 f"{hit.get('button') or hit.get('name')!r} ({hit.get('role')})")
        return x, y

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()


def _serving(socket: str) -> bool:
    """A compositor holds the socket's lock file and the socket exists."""
    if not os.path.exists(socket):
        return False
    try:
        with open(f"{socket}.lock", "rb") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except FileNotFoundError:
        return False
    return False


def _same(hit: str, wanted: str) -> bool:
    hit = hit.removeprefix("\u2713 ")   # a chosen option's tick
    return hit == wanted or (len(wanted) == 1 and hit.lower() == wanted.lower())
