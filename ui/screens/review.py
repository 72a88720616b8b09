"""Step 5: check everything, then send."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from core.flow import Flow, Screen
from ui.screens.base import ScreenBase
from ui.screens.where_when import WhereWhenScreen
from ui.widgets.buttons import label
from ui.widgets.icons import GLYPHS
from wire import categories


class ReviewScreen(ScreenBase):
    kind = Screen.REVIEW

    def __init__(self, flow: Flow, parent: QWidget | None = None,
                 where_when: WhereWhenScreen | None = None) -> None:
        super().__init__(flow, parent)
        self._where_when = where_when
        self.summary = label("info")
        self.summary.setFrameShape(QFrame.Shape.NoFrame)
        box = QVBoxLayout()
        box.addWidget(self.summary)
        self.body.addLayout(box)
        self.note = label("muted")
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.send_button = self.add_next_button(GLYPHS["send"], role="report")
        self.send_button.setMinimumHeight(160)
        self.send_button.clicked.connect(flow.submit)

    def summary_text(self) -> str:
        s = self.flow.session
        lang = self.flow.language
        lines = []
        if s.category:
            lines.append(self.tr("Report") + f": {categories.get(s.category).label(lang)}")
        if s.is_lost_item:
            items = ", ".join(categories.LOST_ITEMS[c][lang] for c in s.lost_items)
            lines.append(self.tr("Lost") + f": {items}")
        if s.description.strip():
            lines.append(self.tr("What happened") + f": {s.description.strip()}")
        if not s.is_lost_item:
            where = (self.tr("Here, at %1").replace("%1", self.flow.kiosk.station)
                     if s.at_kiosk else s.where_text.strip())
            lines.append(self.tr("Where") + f": {where}")
            if self._where_when is not None:
                lines.append(self.tr("When") + f": {self._where_when.when_text(s.when)}")
        contact = [v for v in (s.name.strip(), s.phone.strip()) if v]
        if s.nik.strip():
            contact.append(self.tr("NIK ending %1").replace("%1", s.nik.strip()[-4:]))
        lines.append(self.tr("Contact") + ": "
                     + (", ".join(contact) if contact else self.tr("none (anonymous)")))
        return "\n".join(lines)

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Check your report"))
        self.note.setText(self.tr("Touch Back to change something. Touch Send when it is "
                                  "right."))
        self.send_button.set_label(self.tr("Send report"))
        self.summary.setText(self.summary_text())

    def prompt(self) -> str:
        return self.tr("Check your report, then touch Send report.")

    def entered(self) -> None:
        self.summary.setText(self.summary_text())

    def reset(self) -> None:
        self.summary.clear()
