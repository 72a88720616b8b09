"""Lockdown: keys, menus and close requests that could leave the app do nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from core.flow import Screen
from tests.ui.kiosk_support import Sims, kiosk_config, running_kiosk, screen_of
from ui.screens.describe import DescribeScreen
from ui.screens.home import HomeScreen

K, M = Qt.Key, Qt.KeyboardModifier
ESCAPES = [
    (K.Key_F4, M.AltModifier), (K.Key_Tab, M.AltModifier), (K.Key_Q, M.ControlModifier),
    (K.Key_W, M.ControlModifier), (K.Key_Escape, M.NoModifier), (K.Key_F11, M.NoModifier),
    (K.Key_Menu, M.NoModifier), (K.Key_Meta, M.MetaModifier),
    (K.Key_Delete, M.ControlModifier | M.AltModifier), (K.Key_F1, M.NoModifier),
    (K.Key_C, M.ControlModifier), (K.Key_V, M.ControlModifier), (K.Key_P, M.ControlModifier),
]


def test_escape_keys_context_menus_and_close_do_nothing(qtbot: QtBot, tmp_path: Path,
                                                        sims: Sims) -> None:
    with running_kiosk(qtbot, kiosk_config(tmp_path, sims)) as kiosk:
        w, flow = kiosk.window, kiosk.flow
        flow.start_report()
        flow.choose_category("threat")
        describe = screen_of(w, DescribeScreen)
        describe.text.setFocus()
        QTest.keyClicks(describe.text, "ok")          # ordinary typing still works
        assert flow.session.description == "ok"
        before = kiosk.lockdown.blocked
        for key, mods in ESCAPES:
            for target in (w, describe.text):
                QTest.keyClick(target, key, mods)
        assert kiosk.lockdown.blocked >= before + len(ESCAPES) * 2
        assert flow.session.description == "ok" and flow.screen is Screen.DESCRIBE
        menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
        QApplication.sendEvent(describe.text, menu)
        long_press = QContextMenuEvent(QContextMenuEvent.Reason.Other, QPoint(5, 5),
                                       QPoint(5, 5))
        QApplication.sendEvent(screen_of(w, HomeScreen).call_button, long_press)
        assert QApplication.activePopupWidget() is None
        assert kiosk.lockdown.blocked >= before + len(ESCAPES) * 2 + 2
        assert not w.close() and w.isVisible()
        assert not any(x.acceptDrops() for x in w.findChildren(QWidget))
