"""The hidden gesture: only the configured hold-then-taps, in time, opens the PIN pad."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from core.maintenance import MaintenanceError
from tests.support.clock import FakeClock
from ui.maintenance.gesture import (
    Corner,
    GestureFilter,
    GestureRecognizer,
    GestureStep,
    parse_gesture,
)

SPEC = "hold:tl:3,tap:tr,br,bl"


def test_the_default_spec_parses_into_a_hold_and_three_taps() -> None:
    assert parse_gesture(SPEC) == (GestureStep("hold", Corner.TL, 3.0),
                                   GestureStep("tap", Corner.TR), GestureStep("tap", Corner.BR),
                                   GestureStep("tap", Corner.BL))


@pytest.mark.parametrize("bad", ["", "tap:tr", "hold:tl", "hold:xx:3,tap:tr,br",
                                 "hold:tl:30,tap:tr,br", "tl,tr,br", "tap:tr,br,bl",
                                 "hold:tl:3,tap:tr:br,bl"])
def test_a_bad_spec_names_the_key(bad: str) -> None:
    with pytest.raises(MaintenanceError, match=r"maintenance\.gesture"):
        parse_gesture(bad)


def _run(rec: GestureRecognizer, clock: FakeClock,
         steps: Sequence[tuple[Corner | None, float, float]]) -> list[bool]:
    """(corner, seconds held, pause before the next press) → results of each release."""
    results = []
    for corner, held, pause in steps:
        rec.press(corner)
        clock.advance(held)
        results.append(rec.release(corner))
        clock.advance(pause)
    return results


def test_recognizer_triggers_only_on_the_exact_gesture() -> None:
    clock = FakeClock()
    rec = GestureRecognizer(parse_gesture(SPEC), clock)
    right = [(Corner.TL, 3.2, 0.5), (Corner.TR, 0.1, 0.5), (Corner.BR, 0.1, 0.5),
             (Corner.BL, 0.1, 0.5)]
    assert _run(rec, clock, right) == [False, False, False, True]
    # wrong order
    assert not any(_run(rec, clock, [right[0], right[2], right[1], right[3]]))
    # too short a hold
    assert not any(_run(rec, clock, [(Corner.TL, 2.5, 0.5), *right[1:]]))
    # too slow between taps
    assert not any(_run(rec, clock, [right[0], right[1], (Corner.BR, 0.1, 3.5), right[3]]))
    # a tap held too long is not a tap
    assert not any(_run(rec, clock, [right[0], (Corner.TR, 1.5, 0.5), *right[2:]]))
    # a stray press in the middle of the screen breaks the sequence
    assert not any(_run(rec, clock, [right[0], right[1], (None, 0.1, 0.5), *right[2:]]))
    # after all those failures the right gesture still works
    assert _run(rec, clock, right)[-1] is True


def test_a_failed_attempt_can_restart_with_a_new_hold() -> None:
    clock = FakeClock()
    rec = GestureRecognizer(parse_gesture(SPEC), clock)
    steps = [(Corner.TL, 3.0, 0.2), (Corner.BL, 0.1, 0.2),       # wrong tap
             (Corner.TL, 3.0, 0.2), (Corner.TR, 0.1, 0.2), (Corner.BR, 0.1, 0.2),
             (Corner.BL, 0.1, 0.2)]
    assert _run(rec, clock, steps)[-1] is True


# ------------------------------------------------------------ through Qt events


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    w = QWidget()
    w.resize(1080, 1920)
    button = QPushButton("corner button", w)   # public UI controls keep working
    button.setObjectName("corner")
    button.setGeometry(0, 0, 100, 100)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


CORNERS = {Corner.TL: QPoint(20, 20), Corner.TR: QPoint(1060, 20),
           Corner.BR: QPoint(1060, 1900), Corner.BL: QPoint(20, 1900)}


def _touch(qtbot: QtBot, w: QWidget, clock: FakeClock, corner: Corner, held: float) -> None:
    target = w.childAt(CORNERS[corner]) or w
    pos = target.mapFrom(w, CORNERS[corner])
    QTest.mousePress(target, Qt.MouseButton.LeftButton, pos=pos)
    clock.advance(held)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, pos=pos)
    clock.advance(0.4)


def _filter(window: QWidget, clock: FakeClock) -> GestureFilter:
    gesture = GestureFilter(window, SPEC, clock, parent=window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(gesture)
    window.destroyed.connect(lambda: app.removeEventFilter(gesture))
    return gesture


def test_the_gesture_on_screen_emits_triggered_and_buttons_still_work(
        qtbot: QtBot, window: QWidget) -> None:
    clock = FakeClock()
    gesture = _filter(window, clock)
    hits: list[bool] = []
    gesture.triggered.connect(lambda: hits.append(True))
    clicks: list[bool] = []
    corner_button = window.findChild(QPushButton, "corner")
    assert corner_button is not None
    corner_button.clicked.connect(lambda: clicks.append(True))
    _touch(qtbot, window, clock, Corner.TL, 3.1)
    for corner in (Corner.TR, Corner.BR):
        _touch(qtbot, window, clock, corner, 0.1)
    assert hits == []
    _touch(qtbot, window, clock, Corner.BL, 0.1)
    assert hits == [True]
    assert clicks == [True]   # the filter never swallowed the press on the button


@pytest.mark.parametrize("sequence", [
    [(Corner.TL, 3.1), (Corner.BR, 0.1), (Corner.TR, 0.1), (Corner.BL, 0.1)],   # order
    [(Corner.TL, 1.0), (Corner.TR, 0.1), (Corner.BR, 0.1), (Corner.BL, 0.1)],   # short
    [(Corner.TR, 3.1), (Corner.TR, 0.1), (Corner.BR, 0.1), (Corner.BL, 0.1)],   # corner
])
def test_wrong_gestures_on_screen_do_nothing(qtbot: QtBot, window: QWidget,
                                             sequence: list[tuple[Corner, float]]) -> None:
    clock = FakeClock()
    gesture = _filter(window, clock)
    hits: list[bool] = []
    gesture.triggered.connect(lambda: hits.append(True))
    for corner, held in sequence:
        _touch(qtbot, window, clock, corner, held)
    assert hits == []


def test_too_slow_on_screen_does_nothing(qtbot: QtBot, window: QWidget) -> None:
    clock = FakeClock()
    gesture = _filter(window, clock)
    hits: list[bool] = []
    gesture.triggered.connect(lambda: hits.append(True))
    _touch(qtbot, window, clock, Corner.TL, 3.1)
    _touch(qtbot, window, clock, Corner.TR, 0.1)
    clock.advance(5)
    _touch(qtbot, window, clock, Corner.BR, 0.1)
    _touch(qtbot, window, clock, Corner.BL, 0.1)
    assert hits == []
