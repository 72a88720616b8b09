"""Geometry checks of a rendered kiosk window: what a person would notice as broken.

- every control (button, text field) lies inside the window, is at least
  `theme.MIN_TOUCH_PX` in both directions and keeps 8 px from every other control;
- no control sits on a label, and no label or button is too small for its words
  (a button narrower or lower than its size hint clips its text; a word-wrapped
  label lower than its height-for-width cuts lines);
- inside a scrolling body a control may be below the fold, but only if the body
  really scrolls (`Layout.scrolls`), never half-hidden under a fixed part.

Used by the resolution test (tests/ui/test_kiosk_layout.py) for every public screen
at every supported size, and by `python -m devtools.layout_check` to print the
control height band in portrait (docs/ui.md).
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from ui import theme

GAP_PX = 8
CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit)


@dataclass
class Layout:
    problems: list[str] = field(default_factory=list)
    controls: dict[str, QRect] = field(default_factory=dict)   # name -> window rect
    scrolls: bool = False


def rect_in(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, QAbstractButton | QLabel | QLineEdit) else ""
    return (w.accessibleName() or text or type(w).__name__).replace("\n", " ")[:50]


def _inside_control(w: QWidget, stop: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None and parent is not stop:
        if isinstance(parent, (*CONTROLS, QAbstractScrollArea)) and \
                not isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _roots(window: QWidget) -> list[QWidget]:
    """The parts a user sees: an overlay if one is up, else the screen and the bar."""
    overlays = [getattr(window, n, None) for n in ("confirm_home", "still_there")]
    shown = [o for o in overlays if isinstance(o, QWidget) and o.isVisible()]
    if shown:
        return shown
    roots = [getattr(window, "current_screen", window)]
    bar = getattr(window, "bar", None)
    if isinstance(bar, QWidget) and bar.isVisible():
        roots.append(bar)
    return roots


def check(window: QWidget) -> Layout:
    out = Layout()
    area = window.rect()
    controls: list[tuple[QWidget, QRect, QRect | None]] = []   # widget, rect, viewport
    labels: list[tuple[QLabel, QRect, QRect]] = []   # label, its rect, the part shown
    for root in _roots(window):
        scroll = root.findChild(QScrollArea)
        viewport = rect_in(scroll.viewport(), window) if scroll is not None else None
        scroll_body = scroll.widget() if scroll is not None else None
        if scroll is not None and scroll.verticalScrollBar().maximum() > 0:
            out.scrolls = True
        for w in root.findChildren(QWidget):
            if not w.isVisibleTo(window) or w.width() <= 0:
                continue
            in_scroll = scroll_body is not None and scroll_body.isAncestorOf(w)
            r = rect_in(w, window)
            if in_scroll and viewport is not None and r.intersected(viewport).isEmpty():
                continue   # below the fold: hidden, not on top of anything
            if isinstance(w, CONTROLS) and not _inside_control(w, root):
                controls.append((w, r, viewport if in_scroll else None))
            elif isinstance(w, QLabel) and w.text() and not _inside_control(w, root):
                labels.append((w, r, r.intersected(viewport) if in_scroll and viewport
                               is not None else r))
    for w, r, viewport in controls:
        name = _name(w)
        out.controls[name] = r
        seen = r.intersected(viewport) if viewport is not None and out.scrolls else r
        if not area.contains(seen):
            out.problems.append(f"{name!r} is outside the window ({seen} vs {area})")
        if viewport is not None and not viewport.contains(r) and not out.scrolls:
            out.problems.append(f"{name!r} is cut off by its scroll area")
        if w.width() < theme.MIN_TOUCH_PX or w.height() < theme.MIN_TOUCH_PX:
            out.problems.append(f"{name!r} is only {w.width()}x{w.height()} px")
        if isinstance(w, QAbstractButton):
            hint = w.sizeHint()
            if hint.width() > w.width() + 1 or hint.height() > w.height() + 1:
                out.problems.append(f"{name!r} clips its words ({w.width()}x{w.height()} "
                                    f"< {hint.width()}x{hint.height()})")
    shown = [(w, r.intersected(v) if v is not None else r, v) for w, r, v in controls]
    for (a, ra, _), (b, rb, _) in itertools.combinations(shown, 2):
        if ra.adjusted(-GAP_PX // 2, -GAP_PX // 2, GAP_PX // 2, GAP_PX // 2).intersects(
                rb.adjusted(-GAP_PX // 2, -GAP_PX // 2, GAP_PX // 2, GAP_PX // 2)):
            out.problems.append(f"{_name(a)!r} and {_name(b)!r} overlap or touch")
    for lab, r, seen in labels:
        if lab.wordWrap():
            need = lab.heightForWidth(r.width())
            if need > r.height() + 1:
                out.problems.append(f"label {_name(lab)!r} needs {need} px, has {r.height()}")
        elif lab.sizeHint().width() > r.width() + 1:
            out.problems.append(f"label {_name(lab)!r} is cut ({r.width()} px < "
                                f"{lab.sizeHint().width()})")
        for w, rc, _ in shown:
            if seen.intersects(rc) and not w.isAncestorOf(lab):
                out.problems.append(f"label {_name(lab)!r} lies on {_name(w)!r}")
    return out


# ---------------------------------------------------------------- panels and mounting

@dataclass(frozen=True)
class Panel:
    """A touch panel the kiosk may have, with the pitch its size implies."""

    width_px: int
    height_px: int
    diagonal_in: float

    @property
    def mm_per_px(self) -> float:
        diagonal_px = (self.width_px ** 2 + self.height_px ** 2) ** 0.5
        return float(self.diagonal_in * 25.4 / diagonal_px)

    @property
    def height_mm(self) -> float:
        return self.height_px * self.mm_per_px


# docs/ui.md "Panels and mounting": the landscape sizes; each also mounted portrait.
PANELS = {
    (1024, 768): Panel(1024, 768, 15.0),
    (1280, 720): Panel(1280, 720, 15.6),
    (1280, 800): Panel(1280, 800, 10.1),
    (1366, 768): Panel(1366, 768, 18.5),
    (1280, 1024): Panel(1280, 1024, 17.0),
    (1920, 1080): Panel(1920, 1080, 21.5),
}
BOTTOM_EDGE_MM = 800      # the lower edge of the visible area above the floor
REACH_BAND_MM = (800, 1220)


def panel_for(width: int, height: int) -> Panel:
    key = (max(width, height), min(width, height))
    base = PANELS[key]
    return Panel(width, height, base.diagonal_in)


def height_above_floor(rect: QRect, window_height: int, panel: Panel) -> tuple[int, int]:
    """(lowest, highest) mm above the floor of `rect` on `panel` mounted per docs."""
    pitch = panel.mm_per_px
    low = BOTTOM_EDGE_MM + (window_height - rect.bottom() - 1) * pitch
    high = BOTTOM_EDGE_MM + (window_height - rect.top()) * pitch
    return round(low), round(high)


def main(argv: list[str]) -> int:
    """Print the height band of every control of every screen in portrait."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from devtools.kiosk_screens import STATES, build, prepare, settle

    app = QApplication.instance() or QApplication([])
    assert app is not None
    sizes = [(1080, 1920), (768, 1024), (720, 1280)] if not argv else \
        [tuple(int(x) for x in a.split("x")) for a in argv]
    for w, h in sizes:
        flow, window = build("id")
        window.resize(w, h)
        window.show()
        panel = panel_for(w, h)
        lowest, highest = 10_000, 0
        for name, drive in STATES.items():
            prepare(flow)
            drive(flow)
            settle()
            for full in check(window).controls.values():
                seen = full.intersected(window.rect())   # below the fold: seen scrolled
                if seen.isEmpty():
                    continue
                low, high = height_above_floor(seen, h, panel)
                lowest, highest = min(lowest, low), max(highest, high)
            del name
        print(f"{w}x{h} ({panel.diagonal_in}\" panel, {panel.mm_per_px:.3f} mm/px, bottom "
              f"edge {BOTTOM_EDGE_MM} mm): controls between {lowest} and {highest} mm")
        window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
