"""Pictograms: Material Design Icons (Apache-2.0), as shipped by `qtawesome` (MIT).

qtawesome installs the Material Design Icons font with its code-point map from PyPI;
we render its glyphs ourselves with QPainter in the button's text colour (a second
pixmap in the "checked" colour keeps an icon visible on a chosen option). Why not
`qtawesome.icon()`: importing qtawesome imports QtPy, which star-imports the Qt
modules and costs ~0.15 s of start-up before the home screen can paint; the font and
its map are all we need. Every name below is checked against the map by a test, and
each category and lost item has its own pictogram.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPixmap

from ui import theme
from wire.logs import event

log = logging.getLogger(__name__)
FONT_GLOB = "materialdesignicons6-webfont-*.ttf"
CHARMAP_GLOB = "materialdesignicons6-webfont-charmap-*.json"

ICONS = {
    "call": "phone", "end": "phone-hangup", "report": "file-document-edit-outline",
    "back": "arrow-left", "home": "home", "next": "arrow-right", "tick": "check-bold",
    "cross": "close", "language": "translate", "voice": "account-voice",
    "voice-off": "volume-off", "text": "format-size", "print": "printer",
    "reprint": "printer-check", "print-failed": "printer-alert", "warning": "alert",
    "info": "information-outline", "ring": "phone-ring", "clock": "clock-outline",
    "place": "map-marker", "elsewhere": "map-marker-question", "person": "account",
    "send": "send", "listen": "replay", "volume": "volume-high", "lookup":
    "text-box-search-outline", "police": "police-badge", "handset": "phone-classic",
    "alert": "bell-ring-outline", "assist": "ear-hearing-off", "message":
    "message-text-outline", "edit": "pencil-outline", "delete": "delete-outline",
    "keep": "pencil", "stolen": "robber", "lost": "map-marker-question",
    "journey": "cellphone-off", "stored": "database-check-outline",
    "delivered": "cloud-check-outline", "sending": "cloud-upload-outline",
    "timer": "timer-outline", "redial": "phone-return", "failed": "phone-off",
    "keyboard": "keyboard-outline",
}

CATEGORY_ICONS = {
    "accident": "car-brake-alert", "fire": "fire", "disaster": "home-flood",
    "riot": "account-group", "crime_in_progress": "alarm-light", "medical": "ambulance",
    "theft": "robber", "threat": "account-alert", "violence": "account-injury",
    "insult": "comment-alert", "extortion": "cash-lock", "harassment":
    "hand-back-left-off", "lost_item": "archive-search", "information":
    "help-circle-outline",
}

LOST_ITEM_ICONS = {
    "phone": "cellphone", "wallet": "wallet", "ktp": "card-account-details",
    "bank_cards": "credit-card", "sim": "sim", "other": "dots-horizontal-circle",
}


def _font_dir() -> Path | None:
    # find_spec does not import qtawesome (see the module doc).
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@cache
def charmap() -> dict[str, int]:
    """Icon name -> code point; empty (and logged once) when the font is missing."""
    folder = _font_dir()
    maps = sorted(folder.glob(CHARMAP_GLOB)) if folder else []
    if not maps:
        event(log, "icons.missing", logging.ERROR, reason="qtawesome is not installed")
        return {}
    raw = json.loads(maps[-1].read_text(encoding="utf-8"))
    return {name: int(code, 16) for name, code in raw.items()}


@cache
def family() -> str:
    folder = _font_dir()
    fonts = sorted(folder.glob(FONT_GLOB)) if folder else []
    if not fonts:
        return ""
    font_id = QFontDatabase.addApplicationFont(str(fonts[-1]))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else ""


def icon_pixmap(name: str, colour: str, size: int, gap: int = 0) -> QPixmap:
    """`name` is one of ours (`ICONS`) or a Material Design Icons name; `gap` adds
    transparent space on the right (the same gap between icon and words everywhere)."""
    pix = QPixmap(size + gap, size)
    pix.fill(Qt.GlobalColor.transparent)
    code = charmap().get(ICONS.get(name, name))
    if code is None or not family():
        return pix
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont(family())
    font.setPixelSize(size)
    painter.setFont(font)
    painter.setPen(QColor(colour))
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, chr(code))
    painter.end()
    return pix


def icon_gap(size: int) -> int:
    return max(8, size // 4)


def icon(name: str, pair: theme.Pair, size: int) -> QIcon:
    """An icon in `pair.fg`, and in the checked colour when the button is checked,
    followed by the standard gap before the button's words."""
    gap = icon_gap(size)
    result = QIcon()
    result.addPixmap(icon_pixmap(name, pair.fg, size, gap), QIcon.Mode.Normal,
                     QIcon.State.Off)
    result.addPixmap(icon_pixmap(name, theme.CHECKED.fg, size, gap), QIcon.Mode.Normal,
                     QIcon.State.On)
    return result


# Symbols written inside text (a tick before a chosen option's words, a warning sign in
# a message): DejaVu Sans has them all. Also for key caps of the on-screen keyboard.
GLYPHS = {"tick": "\u2713", "cross": "\u2717", "warning": "\u26a0", "back": "\u2190",
          "next": "\u2192", "enter": "\u21b5", "shift": "\u21e7", "delete": "\u232b"}
GLYPH_FONT = "DejaVu Sans"


def glyph_pixmap(glyph: str, colour: str, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont(GLYPH_FONT)
    font.setPixelSize(int(size * 0.8))
    painter.setFont(font)
    painter.setPen(QColor(colour))
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return pix


def glyph_icon(glyph: str, pair: theme.Pair, size: int) -> QIcon:
    """A text symbol as an icon (key caps); pictograms use `icon()`."""
    result = QIcon()
    result.addPixmap(glyph_pixmap(glyph, pair.fg, size), QIcon.Mode.Normal, QIcon.State.Off)
    result.addPixmap(glyph_pixmap(glyph, theme.CHECKED.fg, size), QIcon.Mode.Normal,
                     QIcon.State.On)
    return result
