"""What every maintenance page shares: a title, big buttons, level labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from core.health import Level
from core.jobs import Jobs, Lane, Result
from ui.maintenance.style import MIN_TOUCH_PX, level_text

T = TypeVar("T")


class Page(QWidget):
    """A page of the maintenance view; `activate` when shown, `deactivate` when left."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("maintpage", True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(24, 16, 24, 16)
        self.box.setSpacing(16)
        heading = QLabel(title)
        heading.setProperty("mrole", "title")
        self.box.addWidget(heading)

    def activate(self) -> None:
        """The page became visible: refresh what it shows."""

    def run(self, jobs: Jobs, lane: Lane, work: Callable[[], T],
            done: Callable[[Result[T]], None]) -> None:
        """`work` in `lane`; `done` on the UI thread unless this page was deleted."""
        run_for(self, jobs, lane, work, done)

    def deactivate(self) -> None:
        """The page was left (or maintenance ended): stop timers."""


def run_for(widget: QWidget, jobs: Jobs, lane: Lane, work: Callable[[], T],
            done: Callable[[Result[T]], None]) -> None:
    """Run `work` for `widget`; its `done` is skipped once the widget's C++ side is gone
    (a page closed during a slow printer query)."""
    jobs.run(lane, work, done, alive=lambda: isValid(widget))


def button(text: str, slot: Callable[[], object], *, role: str = "",
           description: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(text)
    b.setAccessibleDescription(description)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setMinimumHeight(max(72, MIN_TOUCH_PX))
    if role:
        b.setProperty("mrole", role)
    b.clicked.connect(slot)
    return b


def body(text: str = "", role: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if role:
        label.setProperty("mrole", role)
    return label


def set_level(label: QLabel, level: Level | None) -> None:
    """Colour, symbol and word together; None = unknown (plain text)."""
    label.setProperty("level", level.value if level else "")
    label.setText(level_text(level) if level else "…")
    label.setAccessibleName(label.text())
    # A dynamic property change needs a re-polish for the stylesheet to follow it.
    label.style().unpolish(label)
    label.style().polish(label)


def level_label() -> QLabel:
    label = QLabel("…")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumWidth(190)
    label.setMinimumHeight(48)
    return label
