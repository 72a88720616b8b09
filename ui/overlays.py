"""Questions that cover the whole window: "Discard your report?" before *Home*, and
the idle wipe's "Still there?" (ui/idle.py).

Drawn inside the kiosk window (no dialog windows, which a compositor could place
anywhere), with big answers; the safe one (keep writing, stay) comes first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets.buttons import KioskButton, centred_label


class Overlay(QWidget):
    """A panel over the whole window: its content in a centred column (`box`)."""

    def __init__(self, parent: QWidget, name: str, margin: int, spacing: int) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(margin, margin, margin, margin)
        self.box.setSpacing(spacing)
        self.box.addStretch(1)
        self.hide()

    def finish(self) -> None:
        """The content is in: the column's closing stretch."""
        self.box.addStretch(1)

    def cover(self) -> None:
        """Show over everything, at the window's size now."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()


class ConfirmHome(Overlay):
    discard = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "Overlay", margin=64, spacing=32)
        self.question = centred_label("title")
        self.explain = centred_label("body")
        row = QVBoxLayout()   # stacked: each answer gets the full width for its words
        row.setSpacing(32)
        self.keep = KioskButton("primary", "keep", min_height=140, icon_px=56)
        self.leave = KioskButton("choice", "delete", min_height=140, icon_px=56)
        row.addWidget(self.keep)
        row.addWidget(self.leave)
        self.box.addWidget(self.question)
        self.box.addWidget(self.explain)
        self.box.addLayout(row)
        self.finish()
        self.keep.clicked.connect(self.hide)
        self.leave.clicked.connect(self._discard)

    def _discard(self) -> None:
        self.hide()
        self.discard.emit()

    def ask(self) -> None:
        self.question.setText(self.tr("Discard your report?"))
        self.explain.setText(self.tr("What you wrote will be deleted and you go back to "
                                     "the start. Your language and settings stay."))
        self.keep.set_label(self.tr("Keep writing"))
        self.leave.set_label(self.tr("Discard and go to the start"))
        self.cover()

    def spoken(self) -> str:
        return f"{self.question.text()} {self.explain.text()}"
