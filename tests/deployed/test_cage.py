"""Under real cage 0.1.4 (headless backend, pixman), as the throw-away user: the capture
path is proved with a control client first, then the installed app must cover the whole
output, landscape and portrait, on home and on the next screens of a report (reached by
pressing buttons through AT-SPI: cage 0.1.4 accepts no injected input).
devtools/box/cage.py says why the flags differ from the unit's."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.box import install
from devtools.box.cage import (
    ORIENTATIONS,
    cage_flags,
    control_green,
    report_screens,
    xwayland_missing_stops_cage,
)
from devtools.box.pixels import PAGE, fraction
from devtools.box.session import Session
from tests.deployed.conftest import need
from tests.systemd.test_install import deb_packages


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_the_app_covers_the_output_on_home_and_the_next_screens(
        session: Session, installed: install.Installed, shots: Path, orientation: str) -> None:
    need("cage", "grim", "Xwayland", "dbus-daemon")
    rotation, size = ORIENTATIONS[orientation]
    flags = cage_flags(rotation)
    # GIVEN a capture path that shows what is really on the output
    assert control_green(session, installed, flags, shots / "control.png") == 1.0, \
        f"grim under cage {' '.join(flags)} does not show the control client's frame"
    # WHEN the installed app runs as kiosk-ui.service runs it
    # THEN its pixels cover the whole output on home and the next two screens
    seen = []
    for screen, shot, covered in report_screens(session, installed, flags, shots,
                                                f"cage-{orientation}"):
        assert covered.size == size, covered
        assert covered.full, f"{screen}: {covered}"
        assert fraction(shot, PAGE) > 0.05, f"{screen}: the kiosk's page colour is missing"
        seen.append(screen)
    assert seen == ["home", "category", "describe"]


def test_cage_needs_xwayland_and_the_install_brings_it(session: Session) -> None:
    """Debian 12's cage 0.1.4 exits at start when /usr/bin/Xwayland is missing, so
    scripts/install must install xwayland (docs/deploy.md)."""
    need("cage", "Xwayland", "unshare", "setpriv")
    assert "xwayland" in deb_packages()
    done = xwayland_missing_stops_cage(session)
    if done.returncode != 0 and "Xwayland" not in done.stderr:
        pytest.skip(f"cannot hide Xwayland in a mount namespace here: {done.stderr.strip()}")
    assert done.returncode != 0, "cage started without Xwayland: the install may not need it"
    assert "Cannot create XWayland server" in done.stderr, done.stderr
    # ... and with Xwayland in place the same cage starts and runs its client.
    proc, _socket = session.start_cage(["-d"], ["/bin/sleep", "1"])
    assert proc.wait(30) == 0, session.log("cage")
