"""Run by Debian's /usr/bin/python3 (python3-pyatspi) as the kiosk's user, next to the
app: finds the app's controls on the AT-SPI accessibility bus, as a screen reader does,
and answers JSON lines on stdin/stdout:

    {"op": "ping"}                        -> {"ok": true, "apps": N}
    {"op": "find", "name": "Lanjut"}      -> {"ok": true, "x":…, "y":…, "w":…, "h":…}
    {"op": "at", "x": 10, "y": 20}  -> {"ok": true, "name":…, "role":…, "button":…}
    {"op": "press", "name": "Buat Laporan"}  -> {"ok": true}   (the button's action)
    {"op": "names"}                       -> {"ok": true, "names": [… showing buttons]}

Only showing buttons (push, toggle: a checkable choice) count; a single letter matches
either case (the on-screen keyboard's shift), and a chosen option's leading tick is
ignored. Coordinates are the desktop's: the window fills the screen at 0,0.
Not part of the shipped app: the deployed tests use it to find where to tap.
"""

import json
import sys
from collections.abc import Iterator
from typing import Any

import pyatspi

TICK = "\u2713 "
BUTTONS = ("push button", "toggle button", "check box", "radio button")


def nodes(node: Any, depth: int = 0) -> Iterator[Any]:
    yield node
    if depth > 40:
        return
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from nodes(child, depth + 1)


def showing_buttons() -> Iterator[Any]:
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is None:
            continue
        for node in nodes(app):
            try:
                if node.getRoleName() in BUTTONS and \
                        node.getState().contains(pyatspi.STATE_SHOWING):
                    yield node
            except Exception:   # noqa: S112 - a widget destroyed while we walk it
                continue


def matches(name: str, wanted: str) -> bool:
    """`wanted` is the label; a chosen option's name starts with a tick (ui.widgets)."""
    name = name.removeprefix(TICK)
    return name == wanted or (len(wanted) == 1 and name.lower() == wanted.lower())


def find(name: str) -> Any:
    for node in showing_buttons():
        if matches(node.name, name):
            return node
    return None


def extents(node: Any) -> dict[str, int]:
    e = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return {"x": e.x, "y": e.y, "w": e.width, "h": e.height}


def at(x: int, y: int) -> dict[str, Any]:
    """What a tap at (x, y) would hit: the deepest accessible there, and the deepest
    push button on the way down to it (a button's icon and label are its children)."""
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        for j in range(app.childCount if app else 0):
            node = app.getChildAtIndex(j)
            hit, button = None, None
            while node is not None:
                try:
                    child = node.queryComponent().getAccessibleAtPoint(
                        x, y, pyatspi.DESKTOP_COORDS)
                except Exception:
                    child = None
                if child is None or child == node:
                    break
                hit = node = child
                if child.getRoleName() in BUTTONS:
                    button = child.name
            if hit is not None:
                return {"name": hit.name, "role": hit.getRoleName(), "button": button}
    return {"name": None, "role": None, "button": None}


def answer(request: dict[str, Any]) -> dict[str, Any]:
    op = request["op"]
    if op == "ping":
        return {"apps": pyatspi.Registry.getDesktop(0).childCount}
    if op == "names":
        return {"names": [n.name for n in showing_buttons()]}
    if op == "at":
        return at(int(request["x"]), int(request["y"]))
    node = find(request["name"])
    if node is None:
        return {"ok": False, "error": f"no showing button named {request['name']!r}"}
    if op == "find":
        return extents(node)
    if op == "press":
        node.queryAction().doAction(0)
        return {}
    return {"ok": False, "error": f"unknown op {op}"}


def main() -> None:
    for line in sys.stdin:
        try:
            reply = {"ok": True, **answer(json.loads(line))}
        except Exception as exc:
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
