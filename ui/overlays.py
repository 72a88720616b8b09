"""Questions that cover the whole window: "Discard your report?" before *Home*.

Drawn inside the kiosk window (no dialog windows, which a compositor could place
anywhere), with two big answers; the safe one (keep writing) comes first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets.buttons import KioskButton, label


class ConfirmHome(QWidget):
    discard = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 64, 64, 64)
        box.setSpacing(32)
        box.addStretch(1)
        self.question = label("title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = label("body")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QVBoxLayout()   # stacked: each answer gets the full width for its words
        row.setSpacing(32)
        self.keep = KioskButton("primary", "keep", min_height=140, icon_px=56)
        self.leave = KioskButton("choice", "delete", min_height=140, icon_px=56)
        row.addWidget(self.keep)
        row.addWidget(self.leave)
        box.addWidget(self.question)
        box.addWidget(self.explain)
        box.addLayout(row)
        box.addStretch(1)
        self.keep.clicked.connect(self.hide)
        self.leave.clicked.connect(self._discard)
        self.hide()

    def _discard(self) -> None:
        self.hide()
        self.discard.emit()

    def ask(self) -> None:
        self.question.setText(self.tr("Discard your report?"))
        self.explain.setText(self.tr("What you wrote will be deleted and you go back to "
                                     "the start. Your language and settings stay."))
        self.keep.set_label(self.tr("Keep writing"))
        self.leave.set_label(self.tr("Discard and go to the start"))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def spoken(self) -> str:
        return f"{self.question.text()} {self.explain.text()}"
