"""What every screen has: a header with Back and Home, a title, a body, a footer.

Screens are built once and reused; `entered()` loads the flow's session into the
widgets, `reset()` empties them (the idle wipe), `retranslate()` re-reads every
visible string in the active language, `set_portrait()` re-flows the layout.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from core.flow import Flow, Screen
from ui import theme
from ui.widgets.buttons import KioskButton, label
from ui.widgets.icons import GLYPHS


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property (e.g. `role`) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_role(widget: QWidget, role: str) -> None:
    if widget.property("role") != role:
        widget.setProperty("role", role)
        repolish(widget)


class ScreenBase(QWidget):
    kind: Screen = Screen.HOME
    has_header = True

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setProperty("page", True)
        # The stack must not grow to the tallest screen's pessimistic minimum (wrapped
        # labels measured at a tiny width): each screen gets the window's size, and a
        # test checks every screen really fits 1080x1920 and 1920x1080.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setObjectName(f"screen-{self.kind.value}")
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 32)
        outer.setSpacing(theme.SPACING_PX + 8)
        self.title = label("title")
        if self.has_header:
            header = QHBoxLayout()
            header.setSpacing(theme.SPACING_PX)
            self.back_button = KioskButton("nav", GLYPHS["back"])
            self.back_button.clicked.connect(self.go_back)
            self.home_button = KioskButton("nav", GLYPHS["home"])
            self.home_button.clicked.connect(flow.home)
            self.back_button.setMaximumWidth(300)
            self.home_button.setMaximumWidth(300)
            header.addWidget(self.back_button)
            header.addStretch(1)
            header.addWidget(self.home_button)
            outer.addLayout(header)
            outer.addWidget(self.title)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(theme.SPACING_PX + 8)
        outer.addLayout(self.body, 1)
        self.footer = QHBoxLayout()
        self.footer.setSpacing(theme.SPACING_PX)
        outer.addLayout(self.footer)
        self.portrait = True

    def go_back(self) -> None:
        self.flow.back()

    def add_next_button(self, glyph: str = GLYPHS["next"], role: str = "primary") -> KioskButton:
        button = KioskButton(role, glyph, min_height=120, icon_px=56)
        self.footer.addWidget(button)
        return button

    def retranslate(self) -> None:
        if self.has_header:
            self.back_button.set_label(self.tr("Back"), self.tr("Go to the previous step"))
            self.home_button.set_label(self.tr("Home"),
                                       self.tr("Start again; what you entered is deleted"))
        self.retranslate_body()

    # Overridden by the screens -------------------------------------------------

    def retranslate_body(self) -> None:
        pass

    def prompt(self) -> str:
        """The short sentence spoken when the screen appears."""
        return self.title.text()

    def entered(self) -> None:
        """The screen became visible: show the flow's current values."""

    def reset(self) -> None:
        """Forget everything shown or typed (the idle wipe)."""

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait
        # Landscape has 1080 px of height for the same content: tighter vertical rhythm.
        gap = theme.SPACING_PX + 8 if portrait else theme.SPACING_PX
        self.outer.setSpacing(gap)
        self.body.setSpacing(gap)
