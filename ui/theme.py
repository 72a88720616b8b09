"""Colours, sizes and the one stylesheet every screen uses.

Every text colour is declared together with the background it is drawn on (`PAIRS`),
and the stylesheet is generated from those pairs only, so the contrast test can check
each rule of the real stylesheet against WCAG's 7:1 (AAA). State is never shown by
colour alone: every coloured state also has a word and an icon.
"""

from __future__ import annotations

from dataclasses import dataclass

FONT_FAMILY = "Noto Sans, DejaVu Sans"
LARGE_TEXT_SCALE = 1.3
MIN_TOUCH_PX = 60     # 15 mm on a 21.5" 1080p panel
NAV_PX = 88           # back/home/next buttons
SPACING_PX = 16


@dataclass(frozen=True)
class Pair:
    fg: str
    bg: str


PAGE = Pair("#FFFFFF", "#0B1A2E")        # the window
MUTED = Pair("#D5DFEC", "#0B1A2E")       # secondary text on the page
SURFACE = Pair("#FFFFFF", "#22395A")     # ordinary buttons and panels
CHECKED = Pair("#0B1A2E", "#FFFFFF")     # a chosen option (also shows a tick)
CALL = Pair("#FFFFFF", "#A3001B")        # call / end call
REPORT = Pair("#FFFFFF", "#0B4F9C")      # make a report, next, send
FIELD = Pair("#0B1A2E", "#FFFFFF")       # text inputs
KEY = Pair("#0B1A2E", "#E6EDF5")         # keyboard keys
WARN = Pair("#000000", "#FFD23F")        # warnings, ringing
GOOD = Pair("#FFFFFF", "#075C26")        # connected, printed, received
BAD = Pair("#FFFFFF", "#8C0016")         # failed
OVERLAY = Pair("#FFFFFF", "#0B1A2E")     # "Still there?"

# role name used in `setProperty("role", ...)` -> colours
BUTTON_ROLES: dict[str, Pair] = {
    "nav": SURFACE, "choice": SURFACE, "call": CALL, "report": REPORT, "primary": REPORT,
    "key": KEY, "toggle": SURFACE, "cat-emergency": CALL, "cat-crime": REPORT,
}
LABEL_ROLES: dict[str, Pair] = {
    "title": PAGE, "body": PAGE, "muted": MUTED, "code": CHECKED, "warn": WARN,
    "good": GOOD, "bad": BAD, "info": SURFACE, "error": WARN,
    "state-info": SURFACE, "state-warn": WARN, "state-good": GOOD, "state-bad": BAD,
}
LABEL_SIZES = {"title": 44, "body": 30, "muted": 26, "code": 96, "warn": 30, "good": 32,
               "bad": 32, "info": 30, "error": 26, "state-info": 60, "state-warn": 60,
               "state-good": 60, "state-bad": 60}
BUTTON_SIZES = {"nav": 30, "choice": 30, "call": 56, "report": 56, "primary": 36,
                "key": 32, "toggle": 26, "cat-emergency": 34, "cat-crime": 34}


def stylesheet(large_text: bool = False) -> str:
    """The application stylesheet; `large_text` scales every font by 1.3."""
    k = LARGE_TEXT_SCALE if large_text else 1.0

    def px(size: int) -> int:
        return round(size * k)

    rules = [
        f"QWidget#KioskWindow, QStackedWidget, QWidget[page=\"true\"] "
        f"{{ color: {PAGE.fg}; background-color: {PAGE.bg}; "
        f"font-family: {FONT_FAMILY}; font-size: {px(28)}px; }}",
    ]
    for role, pair in LABEL_ROLES.items():
        pad = "0px" if role in ("title", "body", "muted") else "16px"
        weight = "bold" if role.startswith("state") else "normal"
        rules.append(f"QLabel[role=\"{role}\"] {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; font-size: {px(LABEL_SIZES[role])}px; "
                     f"padding: {pad}; border-radius: 12px; font-weight: {weight}; }}")
    for role, pair in BUTTON_ROLES.items():
        weight = "bold" if role in ("call", "report", "primary", "cat-emergency",
                                    "cat-crime") else "normal"
        rules.append(f"QPushButton[role=\"{role}\"] {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; font-size: {px(BUTTON_SIZES[role])}px; "
                     f"font-weight: {weight}; border: 3px solid {pair.bg}; "
                     f"border-radius: 14px; padding: 8px 16px; }}")
        rules.append(f"QPushButton[role=\"{role}\"]:pressed {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; border: 6px solid {WARN.bg}; }}")
    rules.append(f"QPushButton:checked {{ color: {CHECKED.fg}; "
                 f"background-color: {CHECKED.bg}; border: 6px solid {WARN.bg}; }}")
    rules.append(f"QLineEdit, QPlainTextEdit {{ color: {FIELD.fg}; "
                 f"background-color: {FIELD.bg}; font-size: {px(32)}px; "
                 f"border: 4px solid {SURFACE.bg}; border-radius: 10px; padding: 10px; }}")
    rules.append(f"QLineEdit:focus, QPlainTextEdit:focus {{ color: {FIELD.fg}; "
                 f"background-color: {FIELD.bg}; border: 6px solid {WARN.bg}; }}")
    rules.append(f"QWidget#StillThere {{ color: {OVERLAY.fg}; "
                 f"background-color: {OVERLAY.bg}; }}")
    return "\n".join(rules)


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.03928 else float(((s + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#RRGGBB'."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio, 1..21."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
