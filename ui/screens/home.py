"""Home: who this is (Polri 110), *Panggil 110* first and biggest, then a written
report and *Cek laporan*. Language, voice and text size are in the bar below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from core.flow import Flow, Screen
from core.ports import SERVICE_NAME
from ui import theme
from ui.screens.base import ScreenBase
from ui.screens.category import two_lines
from ui.widgets.buttons import HoldButton, KioskButton, centred_label, label
from ui.widgets.card import Card
from ui.widgets.icons import icon_pixmap


class HomeScreen(ScreenBase):
    kind = Screen.HOME

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        brand = QHBoxLayout()
        self.badge = QLabel()
        self.brand = label("brand")
        brand.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        brand.addWidget(self.brand, 1)
        self.outer.insertLayout(0, brand)
        self.identity.hide()   # the full line above says it
        self.station = label("muted")
        self.body.addWidget(self.station)
        self.call_button = HoldButton("call", "handset", min_height=300, icon_px=120)
        self.call_button.activated.connect(flow.call_button)
        self.call_button.hold_progress.connect(self._hold_progress)
        self.call_button.too_short.connect(self._too_short)
        # The big buttons take the free height: bottom-weighted, but not a bare screen.
        for big in (self.call_button,):
            big.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.body.addWidget(self.call_button, 3)
        self.handset = centred_label("body")
        self.body.addWidget(self.handset)
        self.hold_note = Card("warn", "timer")
        self.hold_note.hide()
        self.body.addWidget(self.hold_note)
        self.action_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.gap_layout(self.action_row, theme.SPACING_PX * 2)
        self.report_button = KioskButton("report", "report", min_height=200, icon_px=88)
        self.report_button.clicked.connect(flow.start_report)
        self.lookup_button = KioskButton("choice", "lookup", min_height=200, icon_px=88)
        self.lookup_button.clicked.connect(flow.start_lookup)
        self.action_row.addWidget(self.report_button, 1)
        self.action_row.addWidget(self.lookup_button, 1)
        self.body.addLayout(self.action_row, 2)
        self._badge_px = 0
        self.set_body_stretch(4)
        self.apply_scale(1.0)

    def apply_scale(self, scale: float) -> None:
        super().apply_scale(scale)
        px = max(32, round(64 * scale))
        if hasattr(self, "badge") and px != self._badge_px:
            self._badge_px = px
            self.badge.setPixmap(icon_pixmap("police-badge", theme.PAGE.fg, px))

    def _hold_progress(self, fraction: float) -> None:
        if fraction > 0:
            self.call_button.setText(self.tr("Keep holding… %n%", "", round(fraction * 100)))
        else:
            self._call_text()

    def _too_short(self) -> None:
        """A quick tap in hold-to-call mode: say what to do instead of ignoring it."""
        self.hold_note.setText(self.hold_text())
        self.hold_note.show()
        self.flow.announce(self.hold_text())

    def hold_text(self) -> str:
        return self.tr("To call from the screen, keep your finger on the button for 2 "
                       "seconds. Or lift the handset: it always calls 110 at once.")

    def _call_text(self) -> None:
        if self.flow.in_call:
            self.call_button.set_label(self.tr("Back to the call"))
        elif self.flow.hold_to_call:
            self.call_button.set_label(self.tr("Call 110\n(hold for 2 seconds)"),
                                       self.tr("Hold the button for 2 seconds to call"))
        else:
            self.call_button.set_label(self.tr("Call 110"),
                                       self.tr("Talk to a police operator now. Free."))

    def retranslate_body(self) -> None:
        lang = self.flow.language
        self.brand.setText("POLRI · " + SERVICE_NAME.get(lang, SERVICE_NAME["en"]))
        self.title.setText(self.tr("Need the police? Help is one touch away."))
        self.station.setText(self.tr("This help point: %1").replace(
            "%1", self.flow.kiosk.station))
        self._call_text()
        self.handset.setText(self.handset_text())
        self.report_button.set_label(two_lines(self.tr("Make a report"), 10),
                                     self.tr("An emergency alert, a theft or loss, or a "
                                             "complaint; you get a printed receipt"))
        self.lookup_button.set_label(two_lines(self.tr("Check a report"), 10),
                                     self.tr("Type the report number from your receipt "
                                             "to see what the police have done"))
        self.hold_note.setText(self.hold_text())

    def handset_text(self) -> str:
        if self.flow.off_hook and not self.flow.in_call:
            return self.tr("The handset is lifted. Touch Call 110 to call again.")
        return self.tr("Or lift the handset: it calls 110 at once, from any screen.")

    def has_call_button(self) -> bool:
        return True

    def prompt(self) -> str:
        if self.flow.off_hook and not self.flow.in_call:
            return self.handset_text()
        return self.tr("Police emergency help. Lift the handset to call 110, or touch the "
                       "screen.")

    def entered(self) -> None:
        hold = self.flow.hold_to_call and not self.flow.in_call
        self.call_button.hold_s = self.flow.abuse.hold_s if hold else 0.0
        self.hold_note.setVisible(hold)
        self.retranslate_body()

    def reflow(self, portrait: bool) -> None:
        self.action_row.setDirection(QBoxLayout.Direction.LeftToRight)
