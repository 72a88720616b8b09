"""The technician PIN pad: digits as big keys, dots instead of digits, the delay or the
lockout said in words. The PIN is checked off the UI thread (scrypt takes ~100 ms)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.jobs import Jobs, Lane, Ok, Result
from core.maintenance import Gate, GateStatus, MaintenanceAuth, PinOutcome, PinResult
from core.pin import MAX_PIN_DIGITS, MIN_PIN_DIGITS
from ui.maintenance.page import run_for
from ui.maintenance.style import MIN_TOUCH_PX

KEY_PX = 130   # well above the 60 px minimum: the pad is used standing, in a hurry


class PinPad(QWidget):
    accepted = Signal()
    cancelled = Signal()
    checked = Signal(object)   # PinResult, after each check (tests wait on it)

    def __init__(self, auth: MaintenanceAuth, jobs: Jobs,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MaintenancePin")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._auth = auth
        self._jobs = jobs
        self._digits: list[str] = []
        self._checking = False
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.show_gate)
        self._build()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = QLabel(self.tr("Maintenance — enter the technician PIN"))
        self.title.setProperty("mrole", "title")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel()
        self.dots.setProperty("mrole", "dots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setAccessibleName(self.tr("PIN digits entered"))
        self.message = QLabel()
        self.message.setProperty("mrole", "message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMinimumHeight(90)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.keys: dict[str, QPushButton] = {}
        for i, digit in enumerate("123456789"):
            grid.addWidget(self._key(digit), i // 3, i % 3)
        self.back_key = self._button("⌫", self.tr("Delete last digit"), self._backspace)
        self.ok_key = self._button("OK", self.tr("Check the PIN"), self._submit)
        self.ok_key.setProperty("mrole", "primary")
        grid.addWidget(self.back_key, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self.ok_key, 3, 2)
        self.cancel = self._button(self.tr("Cancel"), self.tr("Back to the home screen"),
                                   self._cancel)
        self.cancel.setProperty("mrole", "leave")
        pad = QWidget()
        pad.setLayout(grid)
        pad.setMaximumWidth(3 * 200 + 2 * 16)
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 32, 32, 32)
        box.setSpacing(20)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.dots)
        box.addWidget(self.message)
        box.addWidget(pad, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        self.cancel.setMinimumSize(3 * 200, 88)
        self.cancel.setMaximumHeight(88)

    def _key(self, digit: str) -> QPushButton:
        key = self._button(digit, digit, lambda: self._press(digit))
        key.setProperty("mrole", "key")
        self.keys[digit] = key
        return key

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(max(KEY_PX, MIN_TOUCH_PX), max(KEY_PX, MIN_TOUCH_PX))
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ behaviour

    def reset(self) -> None:
        """Forget typed digits and show whether a PIN can be tried now."""
        self._digits.clear()
        self._render_dots()
        self.show_gate()

    def show_gate(self) -> Gate:
        gate = self._auth.gate()
        open_ = gate.status is GateStatus.OPEN and not self._checking
        for key in (*self.keys.values(), self.back_key, self.ok_key):
            key.setEnabled(open_)
        if gate.status is GateStatus.OPEN:
            self._tick.stop()
            if not self._checking and not self.message.property("sticky"):
                self.message.setText(self.tr("Enter the PIN (at least %1 digits), then OK.")
                                     .replace("%1", str(MIN_PIN_DIGITS)))
        else:
            self.message.setProperty("sticky", False)
            self.message.setText(self.gate_words(gate))
            if gate.status is GateStatus.DELAYED:
                self._tick.start()
            else:
                self._tick.stop()
        return gate

    def gate_words(self, gate: Gate) -> str:
        if gate.status is GateStatus.DELAYED:
            return self.tr("Too many wrong PINs. Wait %1 s, then try again.").replace(
                "%1", str(math.ceil(gate.wait_s)))
        if gate.status is GateStatus.LOCKED:
            return self.tr("Maintenance is locked after too many wrong PINs. Run "
                           "'unlock-maintenance' on the kiosk console.")
        if gate.status is GateStatus.NOT_CONFIGURED:
            return self.tr("No technician PIN is set. Run 'set-pin' on the kiosk console.")
        return ""

    def _press(self, digit: str) -> None:
        if len(self._digits) < MAX_PIN_DIGITS and not self._checking:
            self._digits.append(digit)
            self.message.setProperty("sticky", False)
            self._render_dots()

    def _backspace(self) -> None:
        if self._digits:
            self._digits.pop()
            self._render_dots()

    def _render_dots(self) -> None:
        self.dots.setText("●" * len(self._digits) or "○")

    def _cancel(self) -> None:
        self._digits.clear()
        self._render_dots()
        self.cancelled.emit()

    def _submit(self) -> None:
        if self._checking:
            return
        if len(self._digits) < MIN_PIN_DIGITS:
            self.message.setText(self.tr("The PIN has at least %1 digits.")
                                 .replace("%1", str(MIN_PIN_DIGITS)))
            return
        pin = "".join(self._digits)
        self._digits.clear()   # the typed PIN lives only in this closure until checked
        self._render_dots()
        self._checking = True
        self.message.setText(self.tr("Checking…"))
        self.show_gate()
        run_for(self, self._jobs, Lane.PIN, lambda: self._auth.check(pin), self._done)

    def _done(self, outcome: Result[PinResult]) -> None:
        self._checking = False
        if not isinstance(outcome, Ok):
            self.message.setText(self.tr("The PIN could not be checked. Try again."))
            self.show_gate()
            return
        self._checked(outcome.value)

    def _checked(self, result: PinResult) -> None:
        if result.outcome is PinOutcome.ACCEPTED:
            self.message.setText("")
            self.show_gate()
            self.accepted.emit()
        elif result.outcome is PinOutcome.WRONG and result.gate.status is GateStatus.OPEN:
            self.message.setText(self.tr("Wrong PIN. Tries left before maintenance locks: %1.")
                                 .replace("%1", str(result.gate.tries_before_lockout)))
            self.message.setProperty("sticky", True)
            self.show_gate()
        else:
            self.show_gate()
        self.checked.emit(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A plugged-in keyboard works too (digits, Backspace, Enter)."""
        text = event.text()
        if text.isdigit() and text.isascii() and self.keys[text].isEnabled():
            self._press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self._backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)
