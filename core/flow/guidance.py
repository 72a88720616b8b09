"""*Touch once to hear, touch again to choose*, while voice guidance is on.

A blind or low-literacy user explores the screen by touch: the first touch on a
control says what it is (and arms it), a second touch on the same control within
`window_s` does it. Touching another control says that one instead. The rule is plain
Python with an injected clock; the UI applies it to every public control.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

WINDOW_S = 10.0


class TouchToHear:
    def __init__(self, clock: Callable[[], float], window_s: float = WINDOW_S) -> None:
        self._clock = clock
        self.window_s = window_s
        self._armed: Hashable | None = None
        self._armed_at = 0.0

    def touch(self, control: Hashable) -> bool:
        """True: do it now (second touch). False: it was only announced (first touch)."""
        now = self._clock()
        if self._armed == control and now - self._armed_at <= self.window_s:
            self._armed = None
            return True
        self._armed, self._armed_at = control, now
        return False

    @property
    def armed(self) -> Hashable | None:
        if self._armed is not None and self._clock() - self._armed_at > self.window_s:
            self._armed = None
        return self._armed

    def reset(self) -> None:
        self._armed = None
