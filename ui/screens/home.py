"""Home / attract: Call 110, Make a report, language and accessibility toggles."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QWidget

from core.flow import Flow, Screen
from ui import theme
from ui.screens.base import ScreenBase
from ui.widgets.buttons import HoldButton, KioskButton, label
from ui.widgets.icons import GLYPHS

ROTATE_MS = 8000
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}   # always in their own language


class HomeScreen(ScreenBase):
    kind = Screen.HOME
    has_header = False

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        top = QGridLayout()
        top.setSpacing(theme.SPACING_PX)
        self.language_buttons: dict[str, KioskButton] = {}
        for code in flow.languages:
            button = KioskButton("toggle", GLYPHS["language"], checkable=True)
            button.set_label(LANGUAGE_NAMES[code])
            button.clicked.connect(lambda _=False, c=code: self._language(c))
            self.language_buttons[code] = button
        self.voice_button = KioskButton("toggle", GLYPHS["voice"], checkable=True)
        self.voice_button.clicked.connect(flow.toggle_voice)
        self.text_button = KioskButton("toggle", GLYPHS["text"], checkable=True)
        self.text_button.clicked.connect(flow.toggle_large_text)
        self.toggles = top
        self._place_toggles(portrait=True)
        self.body.addLayout(top)
        self.station = label("muted")
        self.station.setText(flow.kiosk.station)
        self.body.addWidget(self.title)
        self.body.addWidget(self.station)

        self.action_row = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.action_row.setSpacing(48)
        self.call_button = HoldButton("call", GLYPHS["call"], min_height=360, icon_px=140)
        self.call_button.activated.connect(flow.call_button)
        self.call_button.hold_progress.connect(self._hold_progress)
        self.report_button = KioskButton("report", GLYPHS["report"], min_height=360,
                                         icon_px=140)
        self.report_button.clicked.connect(flow.start_report)
        self.action_row.addWidget(self.call_button, 1)
        self.action_row.addWidget(self.report_button, 1)
        self.body.addLayout(self.action_row, 1)
        self.hold_warning = label("warn")
        self.hold_warning.hide()
        self.body.addWidget(self.hold_warning)
        self.message = label("muted")
        self.body.addWidget(self.message)
        self._message_index = 0
        self._rotate = QTimer(self)
        self._rotate.setInterval(ROTATE_MS)
        self._rotate.timeout.connect(self._next_message)
        self._rotate.start()

    def messages(self) -> list[str]:
        return [
            self.tr("110 is the police emergency number: crime, accidents, fire, "
                    "disasters, or when you feel unsafe. Free of charge."),
            self.tr("Phone stolen? Lift the handset and call 110, or make a written "
                    "report and take a ticket."),
            self.tr("Prank calls are recorded and traced. They keep help from people "
                    "who need it."),
        ]

    def _language(self, code: str) -> None:
        self.flow.set_language(code)
        self.language_buttons[code].setChecked(True)

    def _next_message(self) -> None:
        self._message_index = (self._message_index + 1) % len(self.messages())
        self.message.setText(self.messages()[self._message_index])

    def _hold_progress(self, fraction: float) -> None:
        if fraction > 0:
            self.call_button.setText(self.tr("Keep holding… %n%", "",
                                             round(fraction * 100)))
        else:
            self._call_text()

    def _call_text(self) -> None:
        if self.flow.in_call:
            self.call_button.set_label(self.tr("Back to the call"))
        elif self.flow.hold_to_call:
            self.call_button.set_label(self.tr("Call 110\n(hold 2 seconds)"),
                                       self.tr("Hold the button for 2 seconds to call"))
        else:
            self.call_button.set_label(self.tr("Call 110"),
                                       self.tr("Call the police now"))

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Police emergency help"))
        self._call_text()
        self.report_button.set_label(self.tr("Make a report"),
                                     self.tr("Write a report and get a ticket"))
        settings = self.flow.settings
        self.voice_button.set_label(self.tr("Voice guidance: on") if settings.voice
                                    else self.tr("Voice guidance: off"))
        self.text_button.set_label(self.tr("Larger text: on") if settings.large_text
                                   else self.tr("Larger text: off"))
        self.hold_warning.setText(self.tr("⚠ Several calls were ended at once. Prank calls "
                                          "are recorded and traced. Hold the button for 2 "
                                          "seconds to call, or lift the handset."))
        self.message.setText(self.messages()[self._message_index])

    def prompt(self) -> str:
        return self.tr("Lift the handset to call 110, or touch Make a report.")

    def entered(self) -> None:
        settings = self.flow.settings
        for code, button in self.language_buttons.items():
            button.setChecked(code == settings.language)
        self.voice_button.setChecked(settings.voice)
        self.text_button.setChecked(settings.large_text)
        hold = self.flow.hold_to_call and not self.flow.in_call
        self.call_button.hold_s = self.flow.abuse.hold_s if hold else 0.0
        self.hold_warning.setVisible(hold)
        self.retranslate_body()

    def _place_toggles(self, portrait: bool) -> None:
        buttons = [*self.language_buttons.values(), self.voice_button, self.text_button]
        for button in buttons:
            self.toggles.removeWidget(button)
        for i, button in enumerate(buttons):
            if portrait:
                self.toggles.addWidget(button, i // 2, i % 2)
            else:
                self.toggles.addWidget(button, 0, i)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self._place_toggles(portrait)
        self.action_row.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                  else QBoxLayout.Direction.LeftToRight)
