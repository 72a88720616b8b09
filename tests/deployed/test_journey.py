"""A written report driven from outside the app's process, through the compositor: taps
injected with the wlroots virtual-pointer protocol into sway (headless), because cage
0.1.4 offers no virtual input and this machine has no /dev/uinput. Where to tap is read
off the accessibility tree (AT-SPI), as a screen reader sees the screen, and each tap is
checked to land on that button and nothing overlapping it. The report must reach a
command centre on 127.0.0.1 through the installed uploader, and the receipt the printer
simulator. Then the output is rotated: the app must cover it again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from command_center.keyring import Keyring
from command_center.personal import reveal_body
from devtools.box import install
from devtools.box.kiosk import (
    ACCESSIBILITY,
    Services,
    configure,
    ui_command,
    uploader_command,
    wait_home_painted,
)
from devtools.box.pixels import GREEN, fraction
from devtools.box.pointer import VirtualPointer
from devtools.box.session import HERE, Probe, Session, wait_for
from devtools.demo import ROOT, _free_port
from simulators.printer import PrinterSimulator
from tests.deployed.conftest import need

WIDTH, HEIGHT = 1080, 1920
SWAY = f"""# devtools/box: one headless output, no bar, no borders, no idle.
output HEADLESS-1 mode {WIDTH}x{HEIGHT}
default_border none
focus_follows_mouse no
"""
WORDS = "tas hilang"
CENTRE_DB = "command_center.sqlite3"


def start_centre(home: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    """The reference command centre on 127.0.0.1 (the development venv, as root), with
    its key pair (`keygen`) for the kiosk to seal to."""
    data, port = home / "cc", _free_port(0)
    cc = [sys.executable, "-m", "command_center", "--data-dir", str(data)]
    token = subprocess.run([*cc, "add-kiosk", "deployed-test-01"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    subprocess.run([*cc, "keygen"], cwd=ROOT, check=True, capture_output=True)
    log = (home / "centre.log").open("ab")
    proc = subprocess.Popen([*cc, "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT,
                            stdout=log, stderr=log)
    return proc, f"http://127.0.0.1:{port}/api/v1", token


def reports(home: Path) -> list[tuple[str, str, str]]:
    db = home / "cc" / CENTRE_DB
    if not db.exists():
        return []
    with closing(sqlite3.connect(db)) as conn:
        try:
            return list(conn.execute("SELECT ticket, category, body FROM reports"))
        except sqlite3.OperationalError:   # not created yet
            return []


def test_a_report_tapped_in_reaches_the_centre_and_the_printer(
        session: Session, installed: install.Installed, shots: Path) -> None:
    need("sway", "grim", "dbus-daemon")
    printer = PrinterSimulator(baudrate=115200, output_dir=session.home / "printer").start()
    os.chown(printer.port, session.user.uid, session.user.gid)   # as udev gives dialout
    centre, url, token = start_centre(session.home)
    try:
        _run_journey(session, installed, shots, printer=printer, url=url, token=token)
    finally:
        centre.terminate()
        centre.wait(15)
        printer.stop()


def _run_journey(session: Session, installed: install.Installed, shots: Path, *,
                 printer: PrinterSimulator, url: str, token: str) -> None:
    _sway, socket = session.start_sway(SWAY)
    # GIVEN a capture path that shows what is on sway's output (the control client)
    client = session.home / "control_client.py"
    session.put(client, (HERE / "control_client.py").read_bytes())
    control = session.spawn("control", [str(installed.python), str(client)],
                            env={"WAYLAND_DISPLAY": socket, "QT_QPA_PLATFORM": "wayland"})
    wait_for(lambda: "green" in session.log("control"), "the control client's green")
    session.grim(socket, shots / "control.png")
    assert fraction(shots / "control.png", GREEN) == 1.0, "grim under sway shows a stale frame"
    session.stop(control)

    # AND the installed kiosk, its uploader and an AT-SPI probe, as the throw-away user
    keys = session.home / "cc" / "keys"
    (centre_pub,) = (keys / "centre").glob("*.pub")
    config = configure(installed, session, Services(server_url=url, token=token,
                                                    printer_port=printer.port,
                                                    centre_key=centre_pub))
    subprocess.run([sys.executable, "-m", "command_center", "--data-dir",
                    str(session.home / "cc"), "add-kiosk-key", "deployed-test-01",
                    str(config.parent / "signing.key.pub")], cwd=ROOT, check=True,
                   capture_output=True)
    session.start_dbus()
    probe = Probe(session)
    assert probe.ask("ping")["ok"]
    _flags, app, env = ui_command(installed.root)
    session.spawn("app", app, env={**env, **ACCESSIBILITY, "WAYLAND_DISPLAY": socket})
    session.spawn("uploader", uploader_command(installed.root))
    wait_home_painted(session, "app")
    pointer = VirtualPointer(socket, WIDTH, HEIGHT)

    def tap(name: str) -> None:
        pointer.tap(*probe.centre(name))

    # WHEN a commuter taps through a written report
    tap("Buat Laporan")
    tap("Pencurian")         # the theft/loss journey (issue 13): what was taken first
    tap("Dompet")
    tap("Lanjut")
    tap("Di sini, di MRT Bundaran HI")
    tap("Lanjut")
    tap("Baru saja")
    tap("Lanjut")
    probe.find("Lanjut")     # the story, optional here, typed on the on-screen keyboard
    covered = session.grim(socket, shots / "sway-describe.png")
    assert covered.full, covered
    for key in WORDS:
        tap("Spasi" if key == " " else key)
    tap("Lanjut")
    tap("Lanjut")            # contact details are optional
    tap("Kirim laporan")

    # THEN the receipt reaches the printer and the report the command centre
    assert printer.wait_for_tickets(1, timeout=60), \
        f"no ticket printed; app log:\n{session.log('app')[-3000:]}"
    wait_for(lambda: bool(reports(session.home)), "the report at the command centre", 90)
    (ticket, category, body), = reports(session.home)
    assert category == "theft"
    # Sealed on the kiosk, opened at the centre, kept encrypted at rest:
    assert json.loads(body)["description"] == ""
    revealed = reveal_body(json.loads(body), Keyring(session.home / "cc" / "keys"))
    assert revealed["description"] == WORDS
    assert ticket in printer.tickets[0].text, "the printed ticket code is not the centre's"
    covered = session.grim(socket, shots / "sway-done.png")
    assert covered.full, covered

    # AND after the screen turns (a portrait panel mounted as landscape) it covers again
    session.swaymsg("output", "HEADLESS-1", "transform", "90")
    wait_for(lambda: session.grim(socket, shots / "sway-rotated.png").size == (HEIGHT, WIDTH),
             "the rotated output")

    def refilled() -> bool:
        return session.grim(socket, shots / "sway-rotated.png").full
    wait_for(refilled, "the app to cover the rotated output", 30, every=0.5)
    probe.close()
    pointer.close()
