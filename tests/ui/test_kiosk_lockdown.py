"""Lockdown: keys, menus and close requests that could leave the app do nothing."""

from __future__ import annotations

from kiosk_support import kiosk_config, sims, start_kiosk
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QWidget

from core.flow import Screen

__all__ = ["sims"]

K, M = Qt.Key, Qt.KeyboardModifier
ESCAPES = [
    (K.Key_F4, M.AltModifier), (K.Key_Tab, M.AltModifier), (K.Key_Q, M.ControlModifier),
    (K.Key_W, M.ControlModifier), (K.Key_Escape, M.NoModifier), (K.Key_F11, M.NoModifier),
    (K.Key_Menu, M.NoModifier), (K.Key_Meta, M.MetaModifier),
    (K.Key_Delete, M.ControlModifier | M.AltModifier), (K.Key_F1, M.NoModifier),
    (K.Key_C, M.ControlModifier), (K.Key_V, M.ControlModifier), (K.Key_P, M.ControlModifier),
]


def test_escape_keys_context_menus_and_close_do_nothing(qtbot, tmp_path, sims):
    kiosk = start_kiosk(qtbot, kiosk_config(tmp_path, sims))
    w, flow = kiosk.window, kiosk.flow
    try:
        flow.start_report()
        flow.choose_category("threat")
        describe = w.screens[Screen.DESCRIBE]
        describe.text.setFocus()
        qtbot.keyClicks(describe.text, "ok")          # ordinary typing still works
        assert flow.session.description == "ok"
        before = kiosk.lockdown.blocked
        for key, mods in ESCAPES:
            for target in (w, describe.text):
                qtbot.keyClick(target, key, mods)
        assert kiosk.lockdown.blocked >= before + len(ESCAPES) * 2
        assert flow.session.description == "ok" and flow.screen is Screen.DESCRIBE
        menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
        QApplication.sendEvent(describe.text, menu)
        long_press = QContextMenuEvent(QContextMenuEvent.Reason.Other, QPoint(5, 5),
                                       QPoint(5, 5))
        QApplication.sendEvent(w.screens[Screen.HOME].call_button, long_press)
        assert QApplication.activePopupWidget() is None
        assert kiosk.lockdown.blocked >= before + len(ESCAPES) * 2 + 2
        assert not w.close() and w.isVisible()
        assert not any(x.acceptDrops() for x in w.findChildren(QWidget))
    finally:
        kiosk.close()
