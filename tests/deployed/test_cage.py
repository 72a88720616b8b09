"""Under real cage 0.1.4 (headless backend, pixman), as the throw-away user: the capture
path is proved with a control client first, then the installed app must cover the whole
output, landscape and portrait, on home and on the next screens of a report.

cage's headless output is 1280×720. `-m last` (the unit's) crashes cage on the headless
backend and is not needed with one output. A rotation is added on purpose: without one,
cage scans a full-screen client's buffer out directly and grim gets a stale frame;
rotated, cage composites every frame (the control client shows the difference).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from devtools.box import install
from devtools.box.kiosk import ACCESSIBILITY, Services, configure, ui_command, wait_home_painted
from devtools.box.pixels import GREEN, PAGE, fraction
from devtools.box.session import HERE, Probe, Session, wait_for
from tests.deployed.conftest import need
from tests.systemd.test_install import deb_packages

ORIENTATIONS = {   # cage's rotation flags -> the output's size as clients see it
    "landscape": (["-r", "-r"], (1280, 720)),
    "portrait": (["-r"], (720, 1280)),
}


def cage_flags(rotation: list[str]) -> list[str]:
    flags, _app, _env = ui_command(Path("/"))
    assert flags[:1] == ["-d"], flags   # what the unit gives; -m last is dropped (above)
    return [f for f in flags if f not in ("-m", "last")] + rotation


def control_client_is_seen(session: Session, installed: install.Installed,
                           flags: list[str], shots: Path) -> float:
    """The control client's green share of a grim screenshot under `cage FLAGS`."""
    client = session.home / "control_client.py"
    client.write_bytes((HERE / "control_client.py").read_bytes())
    proc, socket = session.start_cage(flags, [str(installed.python), str(client)],
                                      env={"QT_QPA_PLATFORM": "wayland"}, name="control")
    try:
        wait_for(lambda: "green" in session.log("control"), "the control client's green")
        session.grim(socket, shots / "control.png")
        return fraction(shots / "control.png", GREEN)
    finally:
        session.stop(proc)


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_the_app_covers_the_output_on_home_and_the_next_screens(
        session: Session, installed: install.Installed, shots: Path, orientation: str) -> None:
    need("cage", "grim", "Xwayland", "dbus-daemon")
    rotation, size = ORIENTATIONS[orientation]
    flags = cage_flags(rotation)
    # GIVEN a capture path that shows what is really on the output
    assert control_client_is_seen(session, installed, flags, shots) == 1.0, \
        f"grim under cage {' '.join(flags)} does not show the control client's frame"

    # WHEN the installed app starts the way kiosk-ui.service starts it
    configure(installed, session, Services())
    session.start_dbus()
    probe = Probe(session)
    assert probe.ask("ping")["ok"], "no AT-SPI registry on the session bus"
    _flags, app, env = ui_command(installed.root)
    _proc, socket = session.start_cage(flags, app, env={**env, **ACCESSIBILITY})
    wait_home_painted(session, "cage")

    # THEN its pixels cover the whole output, on home and the next two screens
    for step, (press, wait) in enumerate([(None, "Buat Laporan"),
                                          ("Buat Laporan", "Pencurian"),
                                          ("Pencurian", "Lanjut")]):
        if press:
            assert probe.ask("press", name=press)["ok"], press
        probe.find(wait)
        shot = shots / f"cage-{orientation}-{step}.png"
        covered = session.grim(socket, shot)
        assert covered.size == size, covered
        assert covered.full, f"after {press or 'start'}: {covered}"
        assert fraction(shot, PAGE) > 0.05, "the kiosk's page colour is not on screen"
    probe.close()


def test_cage_needs_xwayland_and_the_install_brings_it(session: Session) -> None:
    """Debian 12's cage 0.1.4 exits at start when /usr/bin/Xwayland is missing, so
    scripts/install must install xwayland (docs/deploy.md). Shown in a private mount
    namespace where /usr/bin/Xwayland is not an executable."""
    need("cage", "Xwayland", "unshare")
    assert "xwayland" in deb_packages()
    fake = session.home / "not-xwayland"
    fake.write_text("not an executable\n")
    script = ("mount --bind \"$1\" /usr/bin/Xwayland && exec setpriv --reuid=\"$2\" "
              "--regid=\"$3\" --clear-groups env XDG_RUNTIME_DIR=\"$4\" WLR_BACKENDS=headless "
              "WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 cage -d -- /bin/sleep 2")
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                           script, "sh", str(fake), str(session.user.uid),
                           str(session.user.gid), str(session.run_dir)],
                          capture_output=True, text=True, timeout=30, check=False)
    if "mount" in done.stderr and done.returncode != 0 and "Xwayland" not in done.stderr:
        pytest.skip(f"cannot hide Xwayland in a mount namespace here: {done.stderr.strip()}")
    assert done.returncode != 0, "cage started without Xwayland: the install may not need it"
    assert "Cannot create XWayland server" in done.stderr, done.stderr
    # ... and with Xwayland in place the same cage starts and runs its client.
    proc, _socket = session.start_cage(["-d"], ["/bin/sleep", "1"])
    assert proc.wait(30) == 0, session.log("cage")
