"""The maintenance screens' look: the public theme's colours, denser technician layout.

States are words + a symbol + a colour (`LEVEL_TEXT`), never colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.health import Level
from ui import theme

MIN_TOUCH_PX = theme.MIN_TOUCH_PX
LEVEL_PAIRS = {Level.OK: theme.GOOD, Level.WARN: theme.WARN, Level.FAIL: theme.BAD}


def level_text(level: Level) -> str:
    """The level in words with a symbol, so it reads without colour."""
    return {Level.OK: "✔ " + QCoreApplication.translate("Maintenance", "OK"),
            Level.WARN: "▲ " + QCoreApplication.translate("Maintenance", "Attention"),
            Level.FAIL: "✖ " + QCoreApplication.translate("Maintenance", "Fault")}[level]


def stylesheet() -> str:
    page, surface, key = theme.PAGE, theme.SURFACE, theme.KEY
    rules = [
        f"QWidget#Maintenance, QWidget#MaintenancePin, QWidget[maintpage=\"true\"] "
        f"{{ color: {page.fg}; background-color: {page.bg}; "
        f"font-family: {theme.FONT_FAMILY}; font-size: 24px; }}",
        f"QLabel {{ color: {page.fg}; background-color: transparent; font-size: 22px; }}",
        "QLabel[mrole=\"title\"] { font-size: 36px; font-weight: bold; }",
        f"QLabel[mrole=\"muted\"] {{ color: {theme.MUTED.fg}; font-size: 22px; }}",
        "QLabel[mrole=\"dots\"] { font-size: 56px; letter-spacing: 12px; }",
        "QLabel[mrole=\"message\"] { font-size: 26px; }",
        f"QPushButton {{ color: {surface.fg}; background-color: {surface.bg}; "
        f"font-size: 24px; border: 3px solid {surface.bg}; border-radius: 12px; "
        f"padding: 8px 18px; }}",
        f"QPushButton:pressed {{ border: 5px solid {theme.WARN.bg}; }}",
        f"QPushButton:disabled {{ color: {theme.MUTED.fg}; background-color: {page.bg}; "
        f"border: 3px dashed {surface.bg}; }}",
        f"QPushButton[mrole=\"key\"] {{ color: {key.fg}; background-color: {key.bg}; "
        f"font-size: 44px; font-weight: bold; border-color: {key.bg}; }}",
        "QPushButton[mrole=\"key\"]:disabled { color: #4A5568; background-color: #9AA5B1; "
        "border-color: #9AA5B1; }",
        f"QPushButton[mrole=\"primary\"] {{ color: {theme.REPORT.fg}; "
        f"background-color: {theme.REPORT.bg}; border-color: {theme.REPORT.bg}; "
        f"font-weight: bold; }}",
        f"QPushButton[mrole=\"leave\"] {{ color: {theme.CALL.fg}; "
        f"background-color: {theme.CALL.bg}; border-color: {theme.CALL.bg}; "
        f"font-weight: bold; }}",
        f"QPushButton[mrole=\"primary\"]:disabled, QPushButton[mrole=\"leave\"]:disabled "
        f"{{ color: {theme.MUTED.fg}; background-color: {page.bg}; "
        f"border: 3px dashed {surface.bg}; font-weight: normal; }}",
        f"QTabWidget::pane {{ border: 0; background-color: {page.bg}; }}",
        f"QTabBar::tab {{ color: {surface.fg}; background-color: {surface.bg}; "
        f"font-size: 24px; min-height: {MIN_TOUCH_PX}px; min-width: 96px; "
        f"padding: 6px 14px; margin: 0 4px 8px 0; border-radius: 10px; }}",
        f"QTabBar::tab:selected {{ color: {theme.CHECKED.fg}; "
        f"background-color: {theme.CHECKED.bg}; font-weight: bold; }}",
        f"QPlainTextEdit, QTableWidget {{ color: {theme.FIELD.fg}; "
        f"background-color: {theme.FIELD.bg}; font-size: 18px; border-radius: 8px; }}",
        "QPlainTextEdit { font-family: 'DejaVu Sans Mono', monospace; font-size: 18px; }",
        f"QHeaderView::section {{ color: {surface.fg}; background-color: {surface.bg}; "
        f"font-size: 18px; padding: 6px; border: 0; }}",
    ]
    for level, pair in LEVEL_PAIRS.items():
        rules.append(f"QLabel[level=\"{level.value}\"] {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; font-size: 22px; font-weight: bold; "
                     f"padding: 6px 12px; "
                     f"border-radius: 8px; }}")
    return "\n".join(rules)
