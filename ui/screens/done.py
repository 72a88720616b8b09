"""Done: the report number, how far the report has got, the receipt, what to do next.

Honest wording: "saved on this kiosk" after the outbox's commit, "delivered to the 110
centre" only once the uploader marked it delivered, "an operator has it" only for an
in-hand operator status. An emergency alert says what to do now (stay near the kiosk
if it is safe) and offers the call and an optional follow-up with details. A report
that could not be stored says so in an outlined warning card and offers the call.
After a failed print, *Cetak ulang* appears once the printer is ready again.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.flow import Flow, PrintState, Screen, StoreState, Submission
from core.next_steps import Step
from core.ports import PrinterState
from ui.screens.base import ScreenBase
from ui.widgets.buttons import KioskButton, centred_label, label
from ui.widgets.card import Card
from wire.categories import Priority
from wire.ticket import spoken


class DoneScreen(ScreenBase):
    kind = Screen.DONE

    def __init__(self, flow: Flow, parent: QWidget | None = None,
                 poll_s: float = 5.0) -> None:
        super().__init__(flow, parent)
        self.code_caption = label("body")
        self.code = centred_label("code", wrap=False)
        self.progress = Card("info", "stored")
        self.printing = Card("info", "print")
        self.now = Card("warn", "alert")
        self.next_steps = Card("info", "info")
        self.problem = Card("error")
        for w in (self.problem, self.code_caption, self.code, self.progress, self.now,
                  self.printing, self.next_steps):
            self.body.addWidget(w)
        actions = QVBoxLayout()   # stacked: each gets the full width for its words
        self.gap_layout(actions)
        self.reprint_button = KioskButton("primary", "reprint", min_height=96)
        self.reprint_button.clicked.connect(flow.reprint)
        self.details_button = KioskButton("choice", "report", min_height=96)
        self.details_button.clicked.connect(flow.add_alert_details)
        self.call_button = KioskButton("call", "handset", min_height=150, icon_px=72)
        self.call_button.clicked.connect(flow.call_button)
        for b in (self.reprint_button, self.details_button, self.call_button):
            actions.addWidget(b)
        self.body.addLayout(actions)
        self.finish_button = self.add_next_button("tick")
        self.finish_button.clicked.connect(flow.end_session)
        self._submission: Submission | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(max(100, int(poll_s * 1000)))
        self._poll.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.flow.poll_operator_status()
        self.flow.poll_printer()

    def submission_changed(self, sub: Submission) -> None:
        before = self._submission
        self._submission = sub
        self._render()
        waiting = sub.store is StoreState.STORED and (
            not sub.acknowledged or (sub.printing is PrintState.FAILED
                                     and not sub.printer_ready))
        if waiting:
            self._poll.start()
        else:
            self._poll.stop()
        if before is None or before.report is not sub.report or before.store != sub.store:
            self.flow.speak(self.prompt())
        elif (sub.acknowledged, sub.delivered) != (before.acknowledged, before.delivered):
            self.flow.speak(self.progress.plain())
        elif sub.printing in (PrintState.FAILED, PrintState.NO_PRINTER) \
                and before.printing != sub.printing:
            self.flow.speak(self.printing.plain())
        elif sub.printer_ready and not before.printer_ready:
            self.flow.speak(self.tr("The printer is ready again. Touch Print again."))

    def problem_text(self, state: PrinterState | None) -> str:
        return {PrinterState.PAPER_OUT: self.tr("it is out of paper"),
                PrinterState.COVER_OPEN: self.tr("its cover is open"),
                PrinterState.NOT_INSTALLED: self.tr("this kiosk has no printer"),
                }.get(state or PrinterState.NO_ANSWER, self.tr("it is not responding"))

    def _print_text(self, sub: Submission) -> tuple[str, str, str]:
        """(words, card role, icon)."""
        if sub.printing is PrintState.PRINTED:
            return self.tr("Take your receipt from the printer below."), "good", "print"
        if sub.printing in (PrintState.FAILED, PrintState.NO_PRINTER):
            why = self.problem_text(sub.print_problem)
            text = self.tr("The receipt could not be printed (%1). Your report is safe. "
                           "Please write down the report number.").replace("%1", why)
            if sub.printer_ready:
                text = self.tr("The printer is ready again. Touch Print again for your "
                               "receipt.")
            return text, "error", "print-failed"
        return self.tr("Printing your receipt…"), "info", "print"

    def progress_text(self, sub: Submission) -> tuple[str, str, str]:
        if sub.acknowledged:
            return (self.tr("A police operator has your alert.") if sub.is_alert
                    else self.tr("A police operator has your report.")), "good", "tick"
        if sub.delivered:
            return (self.tr("Delivered to the 110 centre; officers are being notified.")
                    if sub.is_alert else self.tr("Delivered to the 110 centre.")), \
                "good", "delivered"
        return self.tr("Saved on this kiosk. It goes to the 110 centre as soon as the "
                       "connection allows; this screen will say when it has arrived."), \
            "info", "sending"

    def _render(self) -> None:
        sub = self._submission
        stored = sub is not None and sub.store is StoreState.STORED
        failed = sub is None or sub.store is StoreState.FAILED
        alert = sub is not None and sub.is_alert
        for w in (self.code_caption, self.code, self.progress):
            w.setVisible(stored)
        self.printing.setVisible(stored and not alert)
        self.next_steps.setVisible(stored and not alert)
        self.now.setVisible(stored and (alert or self._emergency(sub)))
        self.problem.setVisible(failed)
        self.call_button.setVisible(failed or alert)
        self.details_button.setVisible(stored and alert)
        self.reprint_button.setVisible(stored and sub is not None and sub.printer_ready
                                       and sub.printing is PrintState.FAILED)
        if sub is None or failed:
            self.title.setText(self.tr("Your report could not be saved"))
            self.problem.setText(self.tr("Sorry, this kiosk could not store your report. "
                                         "Please call 110 now: touch Call 110 or lift the "
                                         "handset. You can also tell the station staff."))
            return
        if sub.store is StoreState.SAVING:
            self.title.setText(self.tr("Saving your report…"))
            return
        self.title.setText(self.tr("Your alert is saved") if alert
                           else self.tr("Your report is saved"))
        self.code_caption.setText(self.tr("Your report number:"))
        self.code.setText(sub.code)
        self.code.setAccessibleName(self.tr("Report number %1").replace("%1", sub.code))
        text, role, icon = self.progress_text(sub)
        self.progress.set_role(role, icon)
        self.progress.setText(text)
        text, role, icon = self._print_text(sub)
        self.printing.set_role(role, icon)
        self.printing.setText(text)
        self.now.setText(self.tr("What to do now: stay near this kiosk if it is safe, so "
                                 "the officers can find you. In danger? Move away and "
                                 "call 110."))
        self.next_steps.setText(self.steps_text(sub))

    def _emergency(self, sub: Submission | None) -> bool:
        return sub is not None and sub.report is not None and \
            sub.report.priority is Priority.EMERGENCY

    def steps_text(self, sub: Submission) -> str:
        steps = sub.steps
        if not steps:
            return self.tr("What happens next: the 110 centre reads your report. Keep your "
                           "report number; the police may contact you if you gave a way "
                           "to reach you.")
        lines = [self.tr("What to do next:")]
        lines += [f"{n}. {self.step_text(step)}" for n, step in enumerate(steps, 1)]
        return "\n".join(lines)

    def step_text(self, step: Step) -> str:
        # core.next_steps keeps the words in both languages: the receipt prints the same.
        return step.text(self.flow.language).replace("\u00a0", " ")

    def retranslate_body(self) -> None:
        self.finish_button.set_label(self.tr("Finish"),
                                     self.tr("End and delete what you entered"))
        self.call_button.set_label(self.tr("Call 110"))
        self.details_button.set_label(self.tr("Add details (optional)"))
        self.reprint_button.set_label(self.tr("Print again"))
        self._render()

    def has_call_button(self) -> bool:
        return self.call_button.isVisibleTo(self)

    def prompt(self) -> str:
        sub = self._submission
        if sub is None or sub.store is StoreState.FAILED:
            return self.tr("Your report could not be saved. Please call 110: touch Call "
                           "110 or lift the handset.")
        if sub.store is StoreState.SAVING:
            return ""
        said = self.tr("Saved. Your report number is %1.").replace("%1", spoken(sub.code))
        if sub.is_alert:
            said += " " + self.now.plain()
        elif sub.steps:
            said += " " + self.steps_text(sub).replace("\n", " ")
        return said

    def entered(self) -> None:
        self._submission = self.flow.submission
        self._render()

    def reset(self) -> None:
        self._poll.stop()
        self._submission = None
        self.code.clear()
        self.scroll_to_top()
