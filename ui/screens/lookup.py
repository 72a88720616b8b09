"""*Cek laporan*: type the report number from a receipt, see what the police have done.

The pad offers only the characters a report number can contain (wire.ticket's
alphabet has no look-alikes), so nobody has to guess between 0 and O. The answer
comes from this kiosk's outbox for a report filed here, or from the command centre
through the uploader (core.flow.lookup).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QWidget

from core.flow import Flow, Lookup, LookupState, Screen
from core.lookup import Progress
from ui.screens.base import ScreenBase
from ui.widgets.buttons import KioskButton, centred_label, label
from ui.widgets.card import Card
from wire import categories
from wire.status import OperatorStatus
from wire.ticket import ALPHABET, LENGTH

BACKSPACE = "⌫"
PAD_COLUMNS = 8


class LookupScreen(ScreenBase):
    kind = Screen.LOOKUP

    def __init__(self, flow: Flow, parent: QWidget | None = None,
                 poll_s: float = 2.0) -> None:
        super().__init__(flow, parent)
        self.intro = label("muted")
        self.code = centred_label("code", wrap=False)
        self.answer = Card("info", "lookup")
        self.answer.hide()
        for w in (self.intro, self.code, self.answer):
            self.body.addWidget(w)
        pad = QGridLayout()
        self.gap_layout(pad, 10)
        self.keys: dict[str, KioskButton] = {}
        for i, ch in enumerate([*sorted(ALPHABET), BACKSPACE]):
            key = KioskButton("key", min_height=76)
            key.setText(ch)
            key.setAccessibleName(ch)
            key.setProperty("key", ch)
            key.clicked.connect(lambda _=False, c=ch: self._key(c))
            pad.addWidget(key, i // PAD_COLUMNS, i % PAD_COLUMNS)
            self.keys[ch] = key
        self.keyboard_row.addLayout(pad)
        self.check_button = self.add_next_button("lookup")
        self.check_button.clicked.connect(self._check)
        self._typed = ""
        self._poll = QTimer(self)
        self._poll.setInterval(max(100, int(poll_s * 1000)))
        self._poll.timeout.connect(flow.lookups.poll)

    def _key(self, ch: str) -> None:
        if ch == BACKSPACE:
            self._typed = self._typed[:-1]
        elif len(self._typed) < LENGTH:
            self._typed += ch
        self._show_typed()

    def _show_typed(self) -> None:
        raw = self._typed.ljust(LENGTH, "_")
        self.code.setText(f"{raw[:4]}-{raw[4:]}")
        self.code.setAccessibleName(self.tr("Report number typed: %1").replace(
            "%1", " ".join(self._typed) or self.tr("nothing yet")))

    def _check(self) -> None:
        self.flow.lookups.check(self._typed)

    def lookup_changed(self, lookup: Lookup) -> None:
        if self.flow.lookups.waiting:
            self._poll.start()
        else:
            self._poll.stop()
        self._render(lookup)
        if lookup.state is not LookupState.IDLE:
            self.flow.speak(self.answer.plain())

    def _render(self, lookup: Lookup) -> None:
        self.answer.setVisible(lookup.state is not LookupState.IDLE)
        if lookup.state is LookupState.BAD_CODE:
            self.answer.set_role("error")
            self.answer.setText(self.tr("A report number has 8 letters and digits, like "
                                        "KX4M-7HPA. Please check your receipt."))
        elif lookup.state is LookupState.ASKING:
            self.answer.set_role("info", "sending")
            self.answer.setText(self.tr("Asking the 110 centre about %1…").replace(
                "%1", lookup.code))
        elif lookup.answer is not None:
            role, text = self.answer_text(lookup.answer.progress, lookup.answer.status)
            category = lookup.answer.category
            if category in categories.BY_CODE:
                text = f"{categories.get(category).label(self.flow.language)}: {text}"
            self.answer.set_role(role, "lookup")
            self.answer.setText(f"{lookup.code} — {text}")

    def answer_text(self, progress: Progress, status: OperatorStatus | None) -> tuple[str, str]:
        if progress is Progress.IN_HAND:
            words = {OperatorStatus.ACKNOWLEDGED: self.tr("a police operator has taken it "
                                                          "up."),
                     OperatorStatus.DISPATCHED: self.tr("officers have been sent."),
                     OperatorStatus.CLOSED: self.tr("the police have closed it.")}
            return "good", words.get(status or OperatorStatus.ACKNOWLEDGED,
                                     self.tr("a police operator has taken it up."))
        return {
            Progress.STORED: ("info", self.tr("saved on the kiosk where it was made; not "
                                              "yet at the 110 centre.")),
            Progress.DELIVERED: ("info", self.tr("the 110 centre has it; no operator has "
                                                 "taken it up yet.")),
            Progress.INVALID: ("warn", self.tr("an operator marked it as not a police "
                                               "matter. Call 110 if you need help.")),
            Progress.NOT_FOUND: ("warn", self.tr("the 110 centre knows no report with this "
                                                 "number. Please check your receipt.")),
            Progress.UNAVAILABLE: ("warn", self.tr("this kiosk cannot ask the 110 centre "
                                                   "right now. Please try again later, or "
                                                   "call 110.")),
        }.get(progress, ("info", ""))

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Check a report"))
        self.intro.setText(self.tr("Type the report number from your receipt."))
        self.keys[BACKSPACE].setAccessibleName(self.tr("Delete"))
        self.check_button.set_label(self.tr("Check"))
        self._show_typed()
        self._render(self.flow.lookups.current)

    def prompt(self) -> str:
        return self.tr("Type the report number from your receipt, then touch Check.")

    def entered(self) -> None:
        self._show_typed()
        self._render(self.flow.lookups.current)

    def reset(self) -> None:
        self._typed = ""
        self._poll.stop()
        self.answer.hide()
        self.answer.setText("")
        self._show_typed()
