"""Colours, sizes and the one stylesheet every screen uses.

Every text colour is declared together with the background it is drawn on (`PAIRS`),
and the stylesheet is generated from those pairs only, so the contrast test can check
each rule of the real stylesheet against WCAG's 7:1 (AAA) for text and 3:1 (1.4.11)
for the outline that shows where a control is. State is never shown by colour alone:
every coloured state also has a word and an icon.

Dark text is the page's navy, never pure black (the deployed tier reads black pixels
as "not painted" when it checks that the app covers the screen).

Colour has one meaning each (issue 13): red only for the emergency call and hanging
up; amber for an emergency category (urgent, not "call"); blue for the way forward;
an outlined card with a warning icon for a problem; green for something done.

Sizes are designed for a 1080 px-wide portrait or 1080 px-tall landscape window and
scaled down for smaller panels (`scale_for`), but a touch target never goes below
`MIN_TOUCH_PX` (≥ 9 mm on every panel docs/ui.md assumes).
"""

from __future__ import annotations

from dataclasses import dataclass

FONT_FAMILY = "Noto Sans, DejaVu Sans"
LARGE_TEXT_SCALE = 1.3
MIN_TOUCH_PX = 60     # 10.2 mm on the densest panel assumed (10.1" 1280x800)
NAV_PX = 88           # bar buttons and *Next* at scale 1
SPACING_PX = 16
MIN_SCALE = 0.6


@dataclass(frozen=True)
class Pair:
    fg: str
    bg: str
    border: str = ""   # the outline, when the fill alone is < 3:1 against the page

    @property
    def edge(self) -> str:
        return self.border or self.bg


PAGE = Pair("#FFFFFF", "#0B1A2E")                 # the window
MUTED = Pair("#D5DFEC", "#0B1A2E")                # secondary text on the page
SURFACE = Pair("#FFFFFF", "#22395A", "#9DB8DC")   # ordinary buttons and panels
CHECKED = Pair("#0B1A2E", "#FFFFFF", "#FFD23F")   # a chosen option (also shows a tick)
CALL = Pair("#FFFFFF", "#A3001B", "#FF9EAA")      # the emergency call / end call ONLY
REPORT = Pair("#FFFFFF", "#0B4F9C", "#8CC4FF")    # make a report, next, send
URGENT = Pair("#0B1A2E", "#FFC226")               # an emergency category, an alert
FIELD = Pair("#0B1A2E", "#FFFFFF")                # text inputs
KEY = Pair("#0B1A2E", "#E6EDF5")                  # keyboard keys
WARN = Pair("#0B1A2E", "#FFD23F")                 # ringing, hold-to-call
GOOD = Pair("#FFFFFF", "#075C26", "#6FD08C")      # connected, printed, delivered
BAD = Pair("#FFFFFF", "#8C0016")                  # technicians' FAIL level only (maintenance)
ERROR = Pair("#FFFFFF", "#0B1A2E", "#FFD23F")     # an outlined card with a warning icon
OVERLAY = Pair("#FFFFFF", "#0B1A2E")              # "Still there?", "Discard?"
PLACEHOLDER = "#4A5568"                           # hint text inside a white field
SCROLL = Pair("#0B1A2E", "#9DB8DC")               # the scroll bar handle on its groove

# role name used in `setProperty("role", ...)` -> colours
BUTTON_ROLES: dict[str, Pair] = {
    "nav": SURFACE, "choice": SURFACE, "call": CALL, "report": REPORT, "primary": REPORT,
    "key": KEY, "toggle": SURFACE, "cat-emergency": URGENT, "cat-crime": SURFACE,
    "alert": URGENT, "state": SURFACE,
}
LABEL_ROLES: dict[str, Pair] = {
    "title": PAGE, "body": PAGE, "muted": MUTED, "code": CHECKED, "warn": WARN,
    "good": GOOD, "info": SURFACE, "error": ERROR, "brand": PAGE,
    "state-info": SURFACE, "state-warn": WARN, "state-good": GOOD, "state-bad": ERROR,
    "bubble-operator": CHECKED, "bubble-caller": SURFACE,
}
LABEL_SIZES = {"title": 44, "body": 30, "muted": 26, "code": 96, "warn": 28, "good": 30,
               "info": 30, "error": 28, "brand": 26, "state-info": 56, "state-warn": 56,
               "state-good": 56, "state-bad": 56, "bubble-operator": 30,
               "bubble-caller": 28}
BUTTON_SIZES = {"nav": 26, "choice": 30, "call": 48, "report": 40, "primary": 34,
                "key": 30, "toggle": 26, "cat-emergency": 30, "cat-crime": 30, "alert": 36,
                "state": 28}
# Cards: an icon and words in an outlined box (a problem, a state, what happens next).
CARD_ROLES: dict[str, Pair] = {"error": ERROR, "info": SURFACE, "good": GOOD, "warn": WARN}
# Labels drawn as cards (padding, rounded corners, an outline when the pair has one).
CARD_LABELS = frozenset(LABEL_ROLES) - {"title", "body", "muted", "brand"}


def scale_for(width: int, height: int) -> float:
    """How much of the design size fits a `width` x `height` window (1 = 1080 wide
    portrait or 1080 tall landscape), never below `MIN_SCALE`."""
    portrait = height >= width
    fit = min(width / 1080, height / 1920) if portrait else min(width / 1920, height / 1080)
    return max(MIN_SCALE, min(1.0, fit))


def stylesheet(large_text: bool = False, scale: float = 1.0) -> str:
    """The application stylesheet; `large_text` scales every font by 1.3."""
    k = (LARGE_TEXT_SCALE if large_text else 1.0) * scale

    def px(size: float) -> int:
        return max(1, round(size * k))

    def sp(size: float) -> int:   # spacing and borders follow the panel, not the text
        return max(1, round(size * scale))

    rules = [
        f"QWidget#KioskWindow, QStackedWidget, QWidget[page=\"true\"], QScrollArea, "
        f"QWidget#ScrollBody, QWidget#EmergencyBar "
        f"{{ color: {PAGE.fg}; background-color: {PAGE.bg}; "
        f"font-family: {FONT_FAMILY}; font-size: {px(28)}px; }}",
    ]
    for role, pair in LABEL_ROLES.items():
        card = role in CARD_LABELS
        pad = f"{sp(12)}px {sp(16)}px" if card else "0px"
        border = f"{sp(4)}px solid {pair.edge}" if card and pair.border else "none"
        weight = "bold" if role.startswith("state") or role in ("brand", "code") else "normal"
        rules.append(f"QLabel[role=\"{role}\"] {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; font-size: {px(LABEL_SIZES[role])}px; "
                     f"padding: {pad}; border: {border}; border-radius: {sp(12)}px; "
                     f"font-weight: {weight}; }}")
    for role, pair in BUTTON_ROLES.items():
        weight = "bold" if role in ("call", "report", "primary", "cat-emergency",
                                    "alert") else "normal"
        rules.append(f"QPushButton[role=\"{role}\"] {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; font-size: {px(BUTTON_SIZES[role])}px; "
                     f"font-weight: {weight}; border: {sp(3)}px solid {pair.edge}; "
                     f"border-radius: {sp(14)}px; padding: {sp(6)}px {sp(14)}px; }}")
        rules.append(f"QPushButton[role=\"{role}\"]:pressed {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; border: {sp(6)}px solid {WARN.bg}; }}")
        rules.append(f"QPushButton[role=\"{role}\"][armed=\"true\"] {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; border: {sp(6)}px dashed {WARN.bg}; }}")
    for role, pair in CARD_ROLES.items():
        rules.append(f"QFrame[card=\"{role}\"] {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; border: {sp(4)}px solid {pair.edge}; "
                     f"border-radius: {sp(12)}px; }}")
        rules.append(f"QFrame[card=\"{role}\"] QLabel {{ color: {pair.fg}; "
                     f"background-color: {pair.bg}; font-size: {px(28)}px; border: none; "
                     f"padding: 0px; }}")
    rules.append(f"QPushButton:checked {{ color: {CHECKED.fg}; "
                 f"background-color: {CHECKED.bg}; border: {sp(6)}px solid {CHECKED.edge}; }}")
    rules.append(f"QLineEdit, QPlainTextEdit {{ color: {FIELD.fg}; "
                 f"background-color: {FIELD.bg}; font-size: {px(30)}px; "
                 f"border: {sp(4)}px solid {SURFACE.edge}; border-radius: {sp(10)}px; "
                 f"padding: {sp(8)}px; placeholder-text-color: {PLACEHOLDER}; }}")
    rules.append(f"QLineEdit:focus, QPlainTextEdit:focus {{ color: {FIELD.fg}; "
                 f"background-color: {FIELD.bg}; border: {sp(6)}px solid {WARN.bg}; }}")
    rules.append(f"QWidget#StillThere, QWidget#Overlay {{ color: {OVERLAY.fg}; "
                 f"background-color: {OVERLAY.bg}; }}")
    rules.append(f"QScrollBar:vertical {{ color: {PAGE.fg}; background-color: "
                 f"{PAGE.bg}; width: {max(40, sp(48))}px; border: {sp(2)}px solid "
                 f"{SCROLL.bg}; border-radius: {sp(10)}px; }}")
    rules.append(f"QScrollBar::handle:vertical {{ color: {SCROLL.fg}; "
                 f"background-color: {SCROLL.bg}; min-height: {MIN_TOUCH_PX}px; "
                 f"border-radius: {sp(10)}px; }}")
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


def control_contrast(pair: Pair, around: Pair = PAGE) -> float:
    """How well a control stands out from the page (WCAG 1.4.11): its outline's or
    its fill's contrast against the background around it, whichever is larger."""
    return max(contrast(pair.bg, around.bg), contrast(pair.edge, around.bg))
