"""Check your answers: one row per answer with *Ubah*, then *Kirim laporan*.

The rows scroll when they do not fit; a long description is shortened, with *Lihat
semua* to read all of it. *Ubah* opens that step; its *Next* comes back here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from core.flow import Flow, Screen
from ui.screens.base import ScreenBase
from ui.screens.where_when import WhenScreen
from ui.widgets.buttons import KioskButton, label
from wire import categories

SHORT_CHARS = 140


@dataclass
class Row:
    key: QLabel
    value: QLabel
    change: KioskButton
    step: Screen


class ReviewScreen(ScreenBase):
    kind = Screen.REVIEW

    def __init__(self, flow: Flow, parent: QWidget | None = None,
                 when: WhenScreen | None = None) -> None:
        super().__init__(flow, parent)
        self._when = when
        self.grid = QGridLayout()
        self.gap_layout(self.grid)
        self.grid.setColumnStretch(1, 1)
        self.rows: dict[str, Row] = {}
        for n, (name, step) in enumerate((("category", Screen.CATEGORY),
                                          ("items", Screen.LOST_ITEMS),
                                          ("what", Screen.DESCRIBE),
                                          ("where", Screen.WHERE),
                                          ("when", Screen.WHEN),
                                          ("contact", Screen.CONTACT))):
            key, value = label("muted"), label("body")
            change = KioskButton("choice", "edit", min_height=72, icon_px=36)
            change.clicked.connect(lambda _=False, s=step: flow.edit(s))
            self.grid.addWidget(key, n, 0)
            self.grid.addWidget(value, n, 1)
            self.grid.addWidget(change, n, 2)
            self.rows[name] = Row(key, value, change, step)
        self.body.addLayout(self.grid)
        self.more_button = KioskButton("choice", "info", min_height=72, icon_px=36)
        self.more_button.clicked.connect(self._toggle_more)
        self.grid.addWidget(self.more_button, len(self.rows), 1)
        self.note = label("muted")
        self.body.addWidget(self.note)
        self.send_button = self.add_next_button("send", role="report")
        self.send_button.set_design_height(130)
        self.send_button.clicked.connect(flow.submit)
        self._expanded = False

    def _toggle_more(self) -> None:
        self._expanded = not self._expanded
        self._fill()

    def values(self) -> dict[str, str]:
        """Each row's full value (empty: the row is not shown)."""
        s = self.flow.session
        lang = self.flow.language
        out: dict[str, str] = {}
        out["category"] = categories.get(s.category).label(lang) if s.category else ""
        if s.lists_items:
            items = ", ".join(categories.LOST_ITEMS[c][lang] for c in s.lost_items)
            how = self.tr("stolen") if not s.is_lost_item else self.tr("lost")
            out["items"] = f"{items} ({how})"
        out["what"] = s.description.strip() or (self.tr("(not written)") if s.lists_items
                                                else "")
        if s.at_kiosk:
            out["where"] = self.tr("Here, at %1").replace("%1", self.flow.kiosk.station)
        else:
            out["where"] = s.where_text.strip()
        out["when"] = self._when.when_text(s.when) if self._when else ""
        contact = [v for v in (s.name.strip(), s.phone.strip(), s.email.strip()) if v]
        if s.nik.strip():
            contact.append(self.tr("NIK ending %1").replace("%1", s.nik.strip()[-4:]))
        out["contact"] = ", ".join(contact) if contact else self.tr("none (anonymous)")
        return out

    def _fill(self) -> None:
        keys = {"category": self.tr("Report"), "items": self.tr("Taken or lost"),
                "what": self.tr("What happened"), "where": self.tr("Where"),
                "when": self.tr("When"), "contact": self.tr("Contact")}
        values = self.values()
        long_text = len(values.get("what", "")) > SHORT_CHARS
        for name, row in self.rows.items():
            value = values.get(name, "")
            if name == "what" and long_text and not self._expanded:
                value = value[:SHORT_CHARS].rstrip() + "…"
            shown = bool(values.get(name, ""))
            for w in (row.key, row.value, row.change):
                w.setVisible(shown)
            row.key.setText(keys[name])
            row.value.setText(value)
            row.change.set_label(self.tr("Change"),
                                 self.tr("Change: %1").replace("%1", keys[name]))
        self.more_button.setVisible(long_text)
        self.more_button.set_label(self.tr("Show less") if self._expanded
                                   else self.tr("See all"))

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("Check your answers"))
        self.note.setText(self.tr("Touch Change to correct an answer. Touch Send report "
                                  "when it is right."))
        self.send_button.set_label(self.tr("Send report"))
        self._fill()

    def prompt(self) -> str:
        return self.tr("Check your answers, then touch Send report.")

    def entered(self) -> None:
        self._fill()

    def reset(self) -> None:
        self._expanded = False
        for row in self.rows.values():
            row.value.clear()
        self.scroll_to_top()
