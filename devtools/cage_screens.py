"""`make cage-screenshots`: the public screens as the kiosk really shows them, taken
with grim under real cage (headless), the app installed by scripts/install and run as a
throw-away user, portrait (720×1280) and landscape (1280×720), each capture path proved
with the control client first. Writes OUTDIR/cage-<orientation>-<screen>.png.

    sudo python -m devtools.cage_screens docs/screenshots     (needs root: cage refuses
                                                               root, so a user is made)
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from devtools.box import install, users
from devtools.box.cage import ORIENTATIONS, cage_flags, control_green, report_screens
from devtools.box.session import Session, missing_tools


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.cage_screens", description=__doc__)
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    if reason := users.why_not() or install.why_not():
        print(f"cage_screens: {reason}", file=sys.stderr)
        return 2
    if missing := missing_tools("cage", "grim", "Xwayland", "dbus-daemon"):
        print(f"cage_screens: not installed: {', '.join(missing)}", file=sys.stderr)
        return 2
    args.outdir.mkdir(parents=True, exist_ok=True)
    base = install.make_world_readable_dir("k110-cage-screens-")
    user = users.create()
    try:
        installed = install.install(base / "root", install.build_wheelhouse(base / "wh"))
        for orientation, (rotation, _size) in ORIENTATIONS.items():
            session = Session(user, install.make_world_readable_dir("k110-cage-session-"))
            try:
                flags = cage_flags(rotation)
                green = control_green(session, installed, flags, session.home / "control.png")
                if green != 1.0:
                    print(f"cage_screens: capture path under cage {' '.join(flags)} fails "
                          f"the control client ({green:.0%} green)", file=sys.stderr)
                    return 1
                for screen, shot, covered in report_screens(session, installed, flags,
                                                            session.home, f"cage-{orientation}"):
                    shutil.copyfile(shot, args.outdir / shot.name)
                    print(f"{args.outdir / shot.name}: {screen}, {covered}")
            finally:
                session.close()
                shutil.rmtree(session.home, ignore_errors=True)
        return 0
    finally:
        users.remove(user)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
