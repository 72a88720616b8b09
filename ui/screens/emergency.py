"""An emergency category was touched: call 110 now (first and biggest), or send an
emergency alert without speaking — one touch, no typing: the category and this
kiosk's place go to the 110 centre at once; details are an optional follow-up."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QWidget

from core.flow import Flow, Screen
from ui import theme
from ui.screens.base import ScreenBase
from ui.screens.category import two_lines
from ui.widgets.buttons import KioskButton, label
from ui.widgets.card import Card
from wire import categories


class EmergencyScreen(ScreenBase):
    kind = Screen.EMERGENCY

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.action_row = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.gap_layout(self.action_row, theme.SPACING_PX * 2)
        self.call_button = KioskButton("call", "handset", min_height=260, icon_px=110)
        self.call_button.clicked.connect(flow.call_button)
        self.alert_button = KioskButton("alert", "alert", min_height=200, icon_px=88)
        self.alert_button.clicked.connect(flow.send_alert)
        self.action_row.addWidget(self.call_button, 3)
        self.action_row.addWidget(self.alert_button, 2)
        self.body.addLayout(self.action_row)
        self.explain = Card("info")
        self.body.addWidget(self.explain)
        self.write_button = KioskButton("choice", "report", min_height=96)
        self.write_button.clicked.connect(flow.next_step)
        self.body.addWidget(self.write_button)
        self.safety = label("muted")
        self.body.addWidget(self.safety)

    def category_name(self) -> str:
        code = self.flow.session.category
        return categories.get(code).label(self.flow.language) if code else ""

    def retranslate_body(self) -> None:
        self.title.setText(self.category_name())
        self.call_button.set_label(self.tr("Call 110 now"),
                                   self.tr("Talk to a police operator"))
        self.alert_button.set_label(two_lines(self.tr("Send an alert without speaking"), 16),
                                    self.tr("One touch: the police get what is happening "
                                            "and where this kiosk is"))
        self.explain.setText(self.tr("The alert sends “%1” and this place, %2, to the 110 "
                                     "centre at once. You do not need to type anything. "
                                     "You can add details afterwards.")
                             .replace("%1", self.category_name())
                             .replace("%2", self.flow.kiosk.station))
        self.write_button.set_label(self.tr("Write a report instead"))
        self.safety.setText(self.tr("If you are in danger, move somewhere safe first. "
                                    "Lifting the handset also calls 110."))

    def has_call_button(self) -> bool:
        return True

    def prompt(self) -> str:
        return self.tr("%1. Touch Call 110 now to talk to the police, or send an alert "
                       "without speaking.").replace("%1", self.category_name())

    def entered(self) -> None:
        self.retranslate_body()

