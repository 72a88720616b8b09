"""ui.bridge.Bridge: driver threads hand work and device callbacks to the UI thread.

Only an argument-less wake-up crosses threads through Qt; these tests hold it to what
the app relies on: everything runs on the UI thread, in the order each thread posted
it, none is lost under contention, and one callable that raises stalls none after it.
"""

from __future__ import annotations

import functools
import threading

from pytestqt.qtbot import QtBot

from core.ports import CallPhase, CallStatus
from devtools.standins import StandInHook, StandInPhone
from ui.bridge import Bridge

THREADS = 8
EACH = 500


def test_posts_from_many_threads_all_run_on_the_ui_thread_in_order(qtbot: QtBot) -> None:
    bridge = Bridge()
    ui = threading.get_ident()
    ran: list[tuple[int, int]] = []
    wrong_thread: list[int] = []

    def record(sender: int, n: int) -> None:
        if threading.get_ident() != ui:
            wrong_thread.append(sender)
        ran.append((sender, n))

    def poster(sender: int) -> None:
        for n in range(EACH):
            bridge.post(functools.partial(record, sender, n))

    threads = [threading.Thread(target=poster, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    qtbot.waitUntil(lambda: len(ran) == THREADS * EACH, timeout=30_000)
    assert not wrong_thread
    for sender in range(THREADS):
        assert [n for s, n in ran if s == sender] == list(range(EACH))


def test_a_posted_callable_that_raises_stalls_none_after_it(qtbot: QtBot) -> None:
    bridge = Bridge()
    ran: list[str] = []

    def boom() -> None:
        raise RuntimeError("a slot's bug")

    with qtbot.captureExceptions() as raised:   # PySide hands it to sys.excepthook
        bridge.post(boom)
        bridge.post(lambda: ran.append("after"))
        qtbot.waitUntil(lambda: ran == ["after"], timeout=10_000)
    assert [type(e[1]) for e in raised] == [RuntimeError]


def test_device_callbacks_from_a_driver_thread_are_emitted_on_the_ui_thread(
        qtbot: QtBot) -> None:
    bridge, phone, hook = Bridge(), StandInPhone(), StandInHook()
    bridge.attach(phone, hook)
    ui = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []
    bridge.hook_changed.connect(
        lambda up: seen.append(("hook", up, threading.get_ident() == ui)))
    bridge.call_status.connect(
        lambda s: seen.append(("call", s.phase, threading.get_ident() == ui)))
    hook.set(True)                        # both told from a driver thread of their own
    phone.publish(CallStatus(CallPhase.DIALLING, "110", emergency=True))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert seen == [("hook", True, True), ("call", CallPhase.DIALLING, True)]
