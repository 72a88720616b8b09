"""Under X11 with no window manager (Xvfb, Qt's xcb plugin), nobody honours a full-screen
request: the installed app must still cover the whole screen, portrait and landscape
(before ui/fullscreen.py it was a 200 px strip of the home screen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.box import install
from devtools.box.kiosk import Services, configure, ui_command, wait_home_painted
from devtools.box.pixels import GREEN, PAGE, fraction
from devtools.box.session import HERE, Session, wait_for
from tests.deployed.conftest import need

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


@pytest.mark.parametrize("orientation", SIZES)
def test_the_app_covers_an_x_screen_without_a_window_manager(
        session: Session, installed: install.Installed, shots: Path, orientation: str) -> None:
    need("Xvfb")
    width, height = SIZES[orientation]
    display = session.start_xvfb(width, height)
    x = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    # GIVEN a capture path that shows what is on the X screen (the control client)
    client = session.home / "control_client.py"
    client.write_bytes((HERE / "control_client.py").read_bytes())
    control = session.spawn("control", [str(installed.python), str(client)], env=x)
    wait_for(lambda: "green" in session.log("control"), "the control client's green")
    session.x_screenshot(display, installed.python, shots / "control.png")
    assert fraction(shots / "control.png", GREEN) == 1.0, "the X screenshot is not the screen"
    session.stop(control)

    # WHEN the installed app starts as the unit starts it, but on X11
    configure(installed, session, Services())
    _flags, app, env = ui_command(installed.root)
    session.spawn("app", app, env={**env, **x})
    wait_home_painted(session, "app")

    # THEN it covers the screen (wait: the X server maps and paints asynchronously)
    shot = shots / f"xvfb-{orientation}.png"

    def covered() -> bool:
        return session.x_screenshot(display, installed.python, shot).full
    try:
        wait_for(covered, "the app to cover the X screen", 30, every=0.5)
    except TimeoutError:
        pytest.fail(f"{session.x_screenshot(display, installed.python, shot)}")
    assert fraction(shot, PAGE) > 0.05
