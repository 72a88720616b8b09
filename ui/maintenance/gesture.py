"""The hidden entry gesture: hold one corner of the screen, then tap corners in order.

`maintenance.gesture` describes it, e.g. `hold:tl:3,tap:tr,br,bl` = hold the top-left
corner 3 s, then tap top-right, bottom-right, bottom-left, each within 3 s of the
previous step. A passer-by does not stumble on it, and it only opens the PIN pad.

`GestureRecognizer` is plain logic on an injected clock (tested without a screen);
`GestureFilter` is the application-level Qt event filter that feeds it. The filter
never consumes an event: the public screens work exactly as if it were not there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from core.maintenance import Clock, MaintenanceError

STEP_TIMEOUT_S = 3.0   # longest gap between the end of one step and the next press
TAP_MAX_S = 1.0        # a longer press is not a tap
MIN_HOLD_S = 1.0
MAX_HOLD_S = 10.0


class Corner(StrEnum):
    TL = "tl"
    TR = "tr"
    BL = "bl"
    BR = "br"


@dataclass(frozen=True)
class GestureStep:
    kind: Literal["hold", "tap"]
    corner: Corner
    hold_s: float = 0.0


def parse_gesture(text: str) -> tuple[GestureStep, ...]:
    """Steps of `maintenance.gesture`; a bare corner repeats the previous verb."""
    def bad(why: str) -> MaintenanceError:
        return MaintenanceError(f"maintenance.gesture: {text!r}: {why} (e.g. "
                                "'hold:tl:3,tap:tr,br,bl')")

    steps: list[GestureStep] = []
    verb: str | None = None
    for token in (t.strip().lower() for t in text.split(",")):
        parts = token.split(":")
        if parts[0] in ("hold", "tap"):
            verb, parts = parts[0], parts[1:]
        if verb is None:
            raise bad("must start with hold: or tap:")
        try:
            corner = Corner(parts[0])
        except (ValueError, IndexError):
            raise bad(f"{token!r} does not name a corner tl, tr, bl or br") from None
        if verb == "hold":
            try:
                seconds = float(parts[1])
            except (ValueError, IndexError):
                raise bad(f"{token!r} needs the seconds to hold, e.g. hold:tl:3") from None
            if not MIN_HOLD_S <= seconds <= MAX_HOLD_S:
                raise bad(f"a hold lasts {MIN_HOLD_S:g} to {MAX_HOLD_S:g} s")
            steps.append(GestureStep("hold", corner, seconds))
        elif len(parts) != 1:
            raise bad(f"{token!r}: a tap names one corner")
        else:
            steps.append(GestureStep("tap", corner))
    if len(steps) < 3 or not any(s.kind == "hold" for s in steps):
        raise bad("needs a hold and at least three steps, so it is not found by chance")
    return tuple(steps)


class GestureRecognizer:
    """Feeds on presses and releases (with the corner they were in, or None)."""

    def __init__(self, steps: tuple[GestureStep, ...], clock: Clock = time.monotonic) -> None:
        self.steps = steps
        self._clock = clock
        self._index = 0
        self._last_end = 0.0
        self._press: tuple[Corner | None, float] | None = None

    def reset(self) -> None:
        self._index = 0
        self._press = None

    def press(self, corner: Corner | None) -> None:
        now = self._clock()
        if self._index and now - self._last_end > STEP_TIMEOUT_S:
            self._index = 0   # too slow: start again
        self._press = (corner, now)

    def release(self, corner: Corner | None) -> bool:
        """True when this release completes the gesture."""
        if self._press is None:
            return False
        pressed_in, pressed_at = self._press
        self._press = None
        now = self._clock()
        if not self._matches(self._index, pressed_in, corner, now - pressed_at):
            # A wrong step ends the attempt, but it may itself be a correct first step.
            self._index = 0
            if not self._matches(0, pressed_in, corner, now - pressed_at):
                return False
        self._index += 1
        self._last_end = now
        if self._index == len(self.steps):
            self._index = 0
            return True
        return False

    def _matches(self, index: int, pressed_in: Corner | None, released_in: Corner | None,
                 held_s: float) -> bool:
        step = self.steps[index]
        if pressed_in is not step.corner or released_in is not step.corner:
            return False
        return held_s >= step.hold_s if step.kind == "hold" else held_s <= TAP_MAX_S


def corner_at(pos: QPoint, width: int, height: int, size: int) -> Corner | None:
    left, top = pos.x() < size, pos.y() < size
    right, bottom = pos.x() >= width - size, pos.y() >= height - size
    if not (0 <= pos.x() < width and 0 <= pos.y() < height):
        return None
    if top and left:
        return Corner.TL
    if top and right:
        return Corner.TR
    if bottom and left:
        return Corner.BL
    if bottom and right:
        return Corner.BR
    return None


_PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
_RELEASE = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd)


class GestureFilter(QObject):
    """Install on the QApplication; watches presses inside `window`'s corners."""

    triggered = Signal()

    def __init__(self, window: QWidget, spec: str, clock: Clock = time.monotonic,
                 corner_px: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._recognizer = GestureRecognizer(parse_gesture(spec), clock)
        self._corner_px = corner_px
        self._last_key: tuple[str, int, int, int] | None = None
        self.enabled = True

    def corner_size(self) -> int:
        if self._corner_px is not None:
            return self._corner_px
        # ~1.5 cm on a 21.5" panel: big enough for a finger, small enough to be unused.
        return max(100, min(self._window.width(), self._window.height()) // 9)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = ("press" if event.type() in _PRESS
                else "release" if event.type() in _RELEASE else None)
        if kind is None or not self.enabled or not self._window.isVisible():
            return False
        pointer = _pointer(event)
        if pointer is None:
            return False
        pos, stamp = pointer
        # One touch reaches several objects (the window, then each parent widget) and
        # may come as a touch and a synthesized mouse event: count it once.
        key = (kind, stamp, round(pos.x()), round(pos.y()))
        if key == self._last_key:
            return False
        self._last_key = key
        local = self._window.mapFromGlobal(pos.toPoint())
        corner = corner_at(local, self._window.width(), self._window.height(),
                           self.corner_size())
        if kind == "press":
            self._recognizer.press(corner)
        elif self._recognizer.release(corner):
            self.triggered.emit()
        return False


def _pointer(event: QEvent) -> tuple[QPointF, int] | None:
    """Global position and timestamp of a mouse or (first point of a) touch event."""
    if isinstance(event, QMouseEvent):
        return event.globalPosition(), int(event.timestamp())
    if isinstance(event, QTouchEvent) and event.points():
        return event.points()[0].globalPosition(), int(event.timestamp())
    return None
