"""Done: the ticket code, the printing state, what happens next — or, if the report
could not be stored, a plain instruction to call instead (never a false "received")."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from core.flow import Flow, PrintState, Screen, StoreState, Submission
from core.ports import PrinterState
from ui.screens.base import ScreenBase, set_role
from ui.widgets.buttons import KioskButton, label
from ui.widgets.icons import GLYPHS
from wire.ticket import spoken


class DoneScreen(ScreenBase):
    kind = Screen.DONE

    def __init__(self, flow: Flow, parent: QWidget | None = None,
                 poll_s: float = 5.0) -> None:
        super().__init__(flow, parent)
        # The report is stored: there is no step to go back to (Back would only mean
        # Home, which is beside it and below as Finish).
        self.back_button.hide()
        self.code_caption = label("body")
        self.code = label("code", wrap=False)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.printing = label("info")
        self.acknowledged = label("good")
        self.next_steps = label("body")
        self.call_button = KioskButton("call", GLYPHS["call"], min_height=200, icon_px=96)
        self.call_button.clicked.connect(flow.call_button)
        for w in (self.code_caption, self.code, self.printing, self.acknowledged,
                  self.next_steps, self.call_button):
            self.body.addWidget(w)
        self.body.addStretch(1)
        self.finish_button = self.add_next_button(GLYPHS["tick"])
        self.finish_button.clicked.connect(flow.home)
        self._submission: Submission | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(max(100, int(poll_s * 1000)))
        self._poll.timeout.connect(flow.poll_operator_status)

    def submission_changed(self, sub: Submission) -> None:
        before = self._submission
        self._submission = sub
        self._render()
        if sub.store is StoreState.STORED and not sub.acknowledged:
            self._poll.start()
        else:
            self._poll.stop()
        if before is None or before.report is not sub.report or before.store != sub.store:
            self.flow.speak(self.prompt())
        elif sub.acknowledged and not before.acknowledged:
            self.flow.speak(self.acknowledged.text().lstrip(GLYPHS["tick"]).strip())
        elif sub.printing in (PrintState.FAILED, PrintState.NO_PRINTER) \
                and before.printing != sub.printing:
            self.flow.speak(self.printing.text()[2:])

    def problem_text(self, state: PrinterState | None) -> str:
        return {PrinterState.PAPER_OUT: self.tr("it is out of paper"),
                PrinterState.COVER_OPEN: self.tr("its cover is open"),
                PrinterState.NOT_INSTALLED: self.tr("there is no printer"),
                }.get(state or PrinterState.NO_ANSWER, self.tr("it is not responding"))

    def _print_text(self, sub: Submission) -> tuple[str, str]:
        if sub.printing is PrintState.PRINTED:
            return f"{GLYPHS['tick']} " + self.tr("Take your ticket from the printer below."), \
                "good"
        if sub.printing in (PrintState.FAILED, PrintState.NO_PRINTER):
            why = self.problem_text(sub.print_problem)
            return f"{GLYPHS['cross']} " + self.tr(
                "The ticket could not be printed (%1). Please write down your code or "
                "take a photo of it. Your report is safe.").replace("%1", why), "bad"
        return f"{GLYPHS['print']} " + self.tr("Printing your ticket…"), "info"

    def _render(self) -> None:
        sub = self._submission
        stored = sub is not None and sub.store is StoreState.STORED
        failed = sub is None or sub.store is StoreState.FAILED
        for w in (self.code_caption, self.code, self.printing, self.next_steps):
            w.setVisible(stored)
        self.call_button.setVisible(failed)
        self.acknowledged.setVisible(stored and sub is not None and sub.acknowledged)
        if sub is None or failed:
            self.title.setText(self.tr("Your report could not be saved"))
            self.next_steps.setVisible(True)
            self.next_steps.setText(self.tr("Sorry, this kiosk could not store your report. "
                                            "Please lift the handset to call 110 now, or "
                                            "tell the station staff."))
            set_role(self.next_steps, "warn")
            return
        set_role(self.next_steps, "body")
        if sub.store is StoreState.SAVING:
            self.title.setText(self.tr("Saving your report…"))
            return
        self.title.setText(f"{GLYPHS['tick']} " + self.tr("Your report has been received"))
        self.code_caption.setText(self.tr("Your ticket code:"))
        self.code.setText(sub.code)
        self.code.setAccessibleName(self.tr("Ticket code %1").replace("%1", sub.code))
        text, role = self._print_text(sub)
        self.printing.setText(text)
        set_role(self.printing, role)
        self.acknowledged.setText(f"{GLYPHS['tick']} "
                                  + self.tr("An operator has received your report."))
        lost = sub.report is not None and bool(sub.report.lost_items)
        self.next_steps.setText(self.lost_steps() if lost else self.report_steps())

    def report_steps(self) -> str:
        return self.tr("What happens next: the report goes to the 110 command centre. "
                       "Keep your code; the police may contact you. In danger now? Lift "
                       "the handset and call 110.")

    def lost_steps(self) -> str:
        return self.tr("Next steps: block your SIM card with your mobile operator and your "
                       "bank cards with your bank now. Take this code to a police station "
                       "for a loss certificate (Surat Keterangan Kehilangan).")

    def retranslate_body(self) -> None:
        self.finish_button.set_label(self.tr("Finish"))
        self.call_button.set_label(self.tr("Call 110"))
        self._render()

    def prompt(self) -> str:
        sub = self._submission
        if sub is None or sub.store is StoreState.FAILED:
            return self.tr("Your report could not be saved. Please lift the handset to "
                           "call 110.")
        if sub.store is StoreState.SAVING:
            return ""
        return self.tr("Your report has been received. Your ticket code is %1.") \
            .replace("%1", spoken(sub.code))

    def entered(self) -> None:
        self._submission = self.flow.submission
        self._render()

    def reset(self) -> None:
        self._poll.stop()
        self._submission = None
        self.code.clear()
