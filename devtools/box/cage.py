"""The app under cage, as in kiosk-ui.service, with a capture path proved first.

cage's headless output is 1280×720. `-m last` (the unit's) crashes cage 0.1.4 on the
headless backend and is not needed with one output, so it is dropped. A rotation is
added on purpose: without one, cage scans a full-screen client's buffer out directly and
grim receives cage's last composited frame (the client's first, small one); rotated,
cage composites every frame. The control client shows the difference, and a capture
path counts only once it shows the control client's green.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

from devtools.box.install import Installed
from devtools.box.kiosk import ACCESSIBILITY, Services, configure, ui_command, wait_home_painted
from devtools.box.pixels import GREEN, Coverage, fraction
from devtools.box.session import HERE, Probe, Session, wait_for

ORIENTATIONS = {   # cage's rotation flags -> the output's size as clients see it
    "landscape": (["-r", "-r"], (1280, 720)),
    "portrait": (["-r"], (720, 1280)),
}
# The first screens of a written report: (what to press, a button the screen shows).
REPORT_SCREENS = [("home", None, "Buat Laporan"),
                  ("category", "Buat Laporan", "Pencurian"),
                  ("describe", "Ancaman", "Lanjut")]   # Pencurian opens the item list


def cage_flags(rotation: list[str]) -> list[str]:
    flags, _app, _env = ui_command(Path("/"))
    assert flags[:1] == ["-d"], flags   # the unit's; -m last is dropped (above)
    return [f for f in flags if f not in ("-m", "last")] + rotation


def control_green(session: Session, installed: Installed, flags: list[str],
                  out: Path) -> float:
    """The control client's green share of a grim screenshot under `cage FLAGS`."""
    client = session.home / "control_client.py"
    session.put(client, (HERE / "control_client.py").read_bytes())
    proc, socket = session.start_cage(flags, [str(installed.python), str(client)],
                                      env={"QT_QPA_PLATFORM": "wayland"}, name="control")
    try:
        wait_for(lambda: "green" in session.log("control"), "the control client's green",
                 why=lambda: f"exit {proc.poll()}; log: {session.log('control')[-2000:]}")
        session.grim(socket, out)
        return fraction(out, GREEN)
    finally:
        session.stop(proc)


def report_screens(session: Session, installed: Installed, flags: list[str],
                   shots: Path, prefix: str) -> Iterator[tuple[str, Path, Coverage]]:
    """Start the installed app in cage; yield (screen, png, coverage) for home and the
    next screens of a report, reached by pressing buttons through AT-SPI."""
    configure(installed, session, Services())
    session.start_dbus()
    probe = Probe(session)
    if not probe.ask("ping")["ok"]:
        raise RuntimeError("no AT-SPI registry on the session bus")
    _flags, app, env = ui_command(installed.root)
    proc, socket = session.start_cage(flags, app, env={**env, **ACCESSIBILITY})
    try:
        wait_home_painted(session, "cage")
        for screen, press, shows in REPORT_SCREENS:
            if press:
                pressed = probe.ask("press", name=press)
                if not pressed["ok"]:
                    raise RuntimeError(f"pressing {press!r}: {pressed}")
            probe.find(shows)
            shot = shots / f"{prefix}-{screen}.png"
            yield screen, shot, session.grim(socket, shot)
    finally:
        probe.close()
        session.stop(proc)


def xwayland_missing_stops_cage(session: Session) -> subprocess.CompletedProcess[str]:
    """cage -d, as the user, in a private mount namespace where /usr/bin/Xwayland is
    not an executable."""
    fake = session.home / "not-xwayland"
    fake.write_text("not an executable\n")
    script = ('mount --bind "$1" /usr/bin/Xwayland && exec setpriv --reuid="$2" '
              '--regid="$3" --clear-groups env XDG_RUNTIME_DIR="$4" WLR_BACKENDS=headless '
              "WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 cage -d -- /bin/sleep 2")
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                           script, "sh", str(fake), str(session.user.uid),
                           str(session.user.gid), str(session.run_dir)],
                          capture_output=True, text=True, timeout=30, check=False)
