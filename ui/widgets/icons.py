"""Icons drawn with QPainter from symbols in DejaVu Sans / Noto Sans (no emoji font).

Each icon is a glyph rendered into a pixmap in the button's text colour; a second
pixmap in the "checked" colour keeps it visible when an option is selected.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from ui import theme

ICON_FONT = "DejaVu Sans"

GLYPHS = {
    "call": "\u260e",        # ☎
    "report": "\u270e",      # ✎
    "back": "\u2190",        # ←
    "home": "\u2302",        # ⌂
    "next": "\u2192",        # →
    "end": "\u2716",         # ✖
    "tick": "\u2713",        # ✓
    "cross": "\u2717",       # ✗
    "language": "\u2691",    # ⚑
    "voice": "\u266b",       # ♫
    "text": "A",
    "print": "\u2399",       # ⎙
    "warning": "\u26a0",     # ⚠
    "info": "\u2139",        # ℹ
    "ring": "\u2706",        # ✆
    "clock": "\u231a",       # ⌚
    "place": "\u2316",       # ⌖
    "person": "\u263a",      # ☺
    "send": "\u2709",        # ✉
}

CATEGORY_GLYPHS = {
    "accident": "\u26a0",          # ⚠
    "fire": "\u2668",              # ♨
    "disaster": "\u2608",          # ☈
    "riot": "\u2691",              # ⚑
    "crime_in_progress": "\u270b",  # ✋
    "medical": "\u271a",           # ✚
    "theft": "\u2702",             # ✂ (pickpockets cut bags)
    "threat": "\u203c",            # ‼
    "violence": "\u2694",          # ⚔
    "insult": "\u2639",            # ☹
    "extortion": "Rp",
    "harassment": "\u2298",        # ⊘
    "lost_item": "?",
    "information": "\u2139",       # ℹ
}

LOST_ITEM_GLYPHS = {
    "phone": "\u2706", "wallet": "\u25a4", "ktp": "\u25ad", "bank_cards": "\u25a3",
    "sim": "\u25a6", "other": "\u2026",
}


def glyph_pixmap(glyph: str, colour: str, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont(ICON_FONT)
    font.setPixelSize(int(size * (0.8 if len(glyph) == 1 else 0.5)))
    font.setBold(len(glyph) > 1)
    painter.setFont(font)
    painter.setPen(QColor(colour))
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return pix


def glyph_icon(glyph: str, pair: theme.Pair, size: int) -> QIcon:
    """An icon in `pair.fg`, and in the checked colour when the button is checked."""
    icon = QIcon()
    normal = glyph_pixmap(glyph, pair.fg, size)
    icon.addPixmap(normal, QIcon.Mode.Normal, QIcon.State.Off)
    icon.addPixmap(glyph_pixmap(glyph, theme.CHECKED.fg, size), QIcon.Mode.Normal,
                   QIcon.State.On)
    return icon
