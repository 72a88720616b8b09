"""The emergency bar on every public screen: at the bottom in portrait, a rail on the
right in landscape (where height is scarce and every point is within reach).

Back · Home · language · voice · larger text (· listen again · volume, with voice
guidance on) · *Panggil 110* with the handset pictogram — all within reach of a
seated or short user (docs/ui.md: the bar sits in the 800–1,220 mm band). While a
call is live, *Panggil 110* becomes the call's state and timer (touch: back to the
call) and *Akhiri panggilan*. The call button keeps the report in progress: the flow
returns to it after the call.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.flow import VOLUME_LEVELS, Flow, Screen
from core.ports import CallPhase
from ui import theme
from ui.widgets.buttons import HoldButton, KioskButton, label
from ui.widgets.flow_layout import FlowLayout

VOLUME_ICONS = ("volume-low", "volume-medium", "volume-high")
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}   # always in their own language


class EmergencyBar(QWidget):
    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setObjectName("EmergencyBar")
        self.setProperty("page", True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 16)
        outer.setSpacing(8)
        outer.addStretch(1)   # a rail keeps its controls low, within reach
        self.row = FlowLayout(spacing=theme.SPACING_PX)
        outer.addLayout(self.row)
        self.rail = False
        self.back_button = KioskButton("nav", "back")
        self.home_button = KioskButton("nav", "home")
        self.language_button = KioskButton("toggle", "language")
        self.voice_button = KioskButton("toggle", "voice", checkable=True)
        self.text_button = KioskButton("toggle", "text", checkable=True)
        self.listen_button = KioskButton("toggle", "listen")
        self.volume_button = KioskButton("toggle", "volume")
        self.call_button = HoldButton("call", "handset", icon_px=52)
        self.call_state = KioskButton("state", "call")
        self.end_button = KioskButton("call", "end", icon_px=52)
        for widget, stretch in ((self.back_button, 1.0), (self.home_button, 1.0),
                                (self.language_button, 1.0), (self.voice_button, 1.0),
                                (self.text_button, 1.0), (self.listen_button, 1.0),
                                (self.volume_button, 1.0), (self.call_state, 1.5),
                                (self.end_button, 1.5), (self.call_button, 3.0)):
            self.row.add(widget, stretch)
        self.handset_hint = label("muted")
        outer.addWidget(self.handset_hint)
        self.language_button.clicked.connect(self._next_language)
        self.voice_button.clicked.connect(flow.toggle_voice)
        self.text_button.clicked.connect(flow.toggle_large_text)
        self.volume_button.clicked.connect(flow.cycle_volume)
        self.call_state.clicked.connect(flow.call_button)
        self.end_button.clicked.connect(flow.end_call)
        self.call_button.activated.connect(flow.call_button)
        self._scale = 1.0
        self._screen = Screen.HOME

    def buttons(self) -> list[KioskButton]:
        return [self.back_button, self.home_button, self.language_button,
                self.voice_button, self.text_button, self.listen_button,
                self.volume_button, self.call_state, self.end_button, self.call_button]

    def _next_language(self) -> None:
        languages = self.flow.languages
        current = languages.index(self.flow.language) if self.flow.language in languages \
            else 0
        self.flow.set_language(languages[(current + 1) % len(languages)])

    def apply_scale(self, scale: float) -> None:
        self._scale = scale
        self.row.set_gap(max(8, round(theme.SPACING_PX * scale)))
        self._margins(self._screen)

    def set_rail(self, rail: bool) -> None:
        """A column on the right (landscape) or rows at the bottom (portrait)."""
        self.rail = rail
        self.row.set_one_per_row(rail)
        self._margins(self._screen)

    def _margins(self, screen: Screen) -> None:
        # On home the corners stay free of controls: technicians' hidden entry gesture
        # taps them (ui/maintenance/gesture.py sizes them this way).
        window = self.window()
        side, top, bottom = (max(8, round(24 * self._scale)), max(4, round(8 * self._scale)),
                             max(8, round(16 * self._scale)))
        if screen is Screen.HOME and window is not None:
            corner = max(100, min(window.width(), window.height()) // 9) + 8
            if self.rail:
                top = bottom = corner
            else:
                side = corner
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(side if not self.rail else top // 4 + 8, top, side,
                                      bottom)

    def refresh(self, screen: Screen, own_call: bool = False) -> None:
        """Show what belongs on `screen` now, in the active language. `own_call`: the
        screen shows a call button of its own (one is enough)."""
        self._screen = screen
        self._margins(screen)
        flow, s = self.flow, self.flow.settings
        live = flow.in_call
        self.back_button.setVisible(screen not in (Screen.HOME, Screen.DONE))
        self.home_button.setVisible(screen is not Screen.HOME)
        self.listen_button.setVisible(s.voice)
        self.volume_button.setVisible(s.voice)
        on_call_screen = screen is Screen.CALL
        # Home has its own big call button; the call screen shows the call itself.
        self.call_button.setVisible(not live and not own_call and screen is not Screen.CALL)
        self.call_state.setVisible(live and not on_call_screen)
        self.end_button.setVisible(live and not on_call_screen)
        # On a short panel the words go (the handset pictogram on the button stays):
        # the keyboard and the form need the height.
        window = self.window()
        roomy = window is None or window.height() >= 1200
        self.handset_hint.setVisible(self.call_button.isVisibleTo(self) and roomy)
        self.back_button.set_label(self.tr("Back"), self.tr("Go to the previous step"))
        self.home_button.set_label(self.tr("Home"), self.tr("Go back to the start screen"))
        other = [lang for lang in flow.languages if lang != flow.language]
        self.language_button.set_label(LANGUAGE_NAMES.get(other[0], other[0]) if other
                                       else LANGUAGE_NAMES.get(flow.language, ""),
                                       self.tr("Change the language"))
        # Toggles show their state by a tick, the fill and the icon; the words stay short.
        tick = "\u2713 "
        self.voice_button.setChecked(s.voice)
        self.voice_button.set_label((tick if s.voice else "") + self.tr("Voice"),
                                    self.tr("Voice guidance is on: it reads the screen "
                                            "aloud") if s.voice else
                                    self.tr("Voice guidance is off"))
        self.voice_button.set_icon_name("voice" if s.voice else "voice-off")
        self.text_button.setChecked(s.large_text)
        self.text_button.set_label((tick if s.large_text else "") + self.tr("Large text"),
                                   self.tr("Large text is on") if s.large_text
                                   else self.tr("Large text is off"))
        self.listen_button.set_label(self.tr("Listen again"),
                                     self.tr("Read this screen aloud again"))
        self.volume_button.set_label(self.tr("Volume"), self.volume_text(s.volume))
        self.volume_button.set_icon_name(VOLUME_ICONS[self.volume_index(s.volume)])
        self._call_texts()

    @staticmethod
    def volume_index(volume: float) -> int:
        return min(range(len(VOLUME_LEVELS)), key=lambda i: abs(VOLUME_LEVELS[i] - volume))

    def volume_text(self, volume: float) -> str:
        names = (self.tr("Volume: low"), self.tr("Volume: medium"), self.tr("Volume: high"))
        return names[self.volume_index(volume)]

    def _call_texts(self) -> None:
        flow = self.flow
        hold = flow.hold_to_call and not flow.in_call
        self.call_button.hold_s = flow.abuse.hold_s if hold else 0.0
        if hold:
            self.call_button.set_label(self.tr("Call 110 (hold 2 s)"),
                                       self.tr("Hold the button for 2 seconds to call"))
        else:
            self.call_button.set_label(self.tr("Call 110"),
                                       self.tr("Call the police now; your report is kept. "
                                               "Lifting the handset also calls 110."))
        self.handset_hint.setText(self.tr("Or lift the handset: it calls 110 from any "
                                          "screen and keeps what you wrote."))
        self.end_button.set_label(self.tr("End call"), self.tr("Hang up"))
        self.call_state.set_label(self.call_summary(), self.tr("Show the call"))

    def call_summary(self) -> str:
        status = self.flow.call
        number = status.number or self.flow.emergency_numbers[0]
        if status.phase is CallPhase.ACTIVE and status.connected_at is not None:
            seconds = max(0, int(time.monotonic() - status.connected_at))
            return self.tr("On the call %1 · %2").replace("%1", number).replace(
                "%2", f"{seconds // 60:02d}:{seconds % 60:02d}")
        if status.phase is CallPhase.ALERTING:
            return self.tr("Ringing %1…").replace("%1", number)
        return self.tr("Calling %1…").replace("%1", number)

    def tick(self) -> None:
        """Once a second during a call: the timer on the call state."""
        if self.call_state.isVisible():
            self.call_state.set_label(self.call_summary(), self.tr("Show the call"))
