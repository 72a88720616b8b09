"""The screen the kiosk shows when it cannot run normally: "out of order — lift the
handset for 110", in Bahasa Indonesia and English at once, big and plain.

Shown when the UI's own configuration is broken (`kiosk/app.py` `run_out_of_order`).
The emergency phone runs in its own process and does not depend on that
configuration, so the handset still dials 110; this screen only says so, shows the
call while there is one, and offers the one button that still matters. It depends on
nothing but Qt and the call's typed status: no theme, no translations, no flow, so a
broken config or a half-installed UI cannot break it too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from core.ports import CallPhase, CallStatus

STYLE = """
QWidget#out-of-order { background: #111111; }
QLabel { color: #ffffff; }
QLabel[role="head"] { font-size: 64px; font-weight: 700; color: #ffd400; }
QLabel[role="say"] { font-size: 52px; font-weight: 700; }
QLabel[role="say-en"] { font-size: 40px; color: #dddddd; }
QLabel[role="call"] { font-size: 44px; font-weight: 700; color: #7CFC9A; }
QLabel[role="call-warn"] { font-size: 44px; font-weight: 700; color: #ffb000; }
QLabel[role="tech"] { font-size: 20px; color: #999999; }
QPushButton { font-size: 48px; font-weight: 700; color: #ffffff; background: #c8102e;
              border: 4px solid #ffffff; border-radius: 24px; padding: 28px; }
QPushButton:pressed { background: #8a0b20; }
"""

# (Bahasa Indonesia, English) for each live phase of a call.
CALL_WORDS: dict[CallPhase, tuple[str, str]] = {
    CallPhase.DIALLING: ("Menelepon {n}…", "Calling {n}…"),
    CallPhase.ALERTING: ("Berdering di {n}…", "Ringing {n}…"),
    CallPhase.ACTIVE: ("Tersambung ke {n}. Bicaralah.", "Connected to {n}. Speak now."),
}
TROUBLE = ("Gangguan sambungan — tetap di telepon.", "Connection trouble — stay on the line.")
ENDED = ("Panggilan berakhir.", "Call ended.")


def _label(text: str, role: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class OutOfOrderScreen(QWidget):
    def __init__(self, *, problem_key: str = "", on_call: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("out-of-order")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 64, 48, 48)
        box.setSpacing(32)
        self.head = _label("Kios ini sedang tidak berfungsi\nThis kiosk is out of order",
                           "head")
        self.say = _label("Angkat gagang telepon untuk menelepon polisi di 110.", "say")
        self.say_en = _label("Lift the handset to call the police on 110.", "say-en")
        self.call_line = _label("", "call")
        self.call_line.hide()
        box.addStretch(1)
        for widget in (self.head, self.say, self.say_en, self.call_line):
            box.addWidget(widget)
        self.button: QPushButton | None = None
        if on_call is not None:
            self.button = QPushButton("Panggil 110  ·  Call 110")
            self.button.setAccessibleName("Panggil 110, Call 110")
            self.button.setMinimumHeight(180)
            self.button.clicked.connect(on_call)
            box.addWidget(self.button)
        box.addStretch(1)
        # For a technician: which key to fix (never its value, which may be secret).
        tech = f"Teknisi / Technician: config {problem_key}" if problem_key else \
            "Teknisi / Technician: see the health report (doctor)"
        self.tech = _label(tech, "tech")
        box.addWidget(self.tech)

    def show_call(self, status: object) -> None:
        """A CallStatus from the phone (through the Qt bridge): shown while it lasts."""
        if not isinstance(status, CallStatus):
            return
        number = status.number or "110"
        if status.phase.is_live:
            words = TROUBLE if status.connection_trouble else CALL_WORDS[status.phase]
            text = "\n".join(w.format(n=number) for w in words)
        elif status.phase is CallPhase.ENDED:
            text = "\n".join(ENDED)
        else:
            text = ""
        calm = status.phase is CallPhase.ACTIVE and not status.connection_trouble
        role = "call" if calm else "call-warn"
        if self.call_line.property("role") != role:
            self.call_line.setProperty("role", role)
            self.call_line.style().unpolish(self.call_line)
            self.call_line.style().polish(self.call_line)
        self.call_line.setText(text)
        self.call_line.setAccessibleName(text)
        self.call_line.setVisible(bool(text))
        if self.button is not None:
            self.button.setVisible(not status.phase.is_live)
