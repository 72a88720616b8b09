"""Lost item: pick what was lost (several may be chosen)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from core.flow import Flow, Screen
from ui import theme
from ui.screens.base import ScreenBase
from ui.widgets.buttons import KioskButton, label
from ui.widgets.icons import GLYPHS, LOST_ITEM_GLYPHS
from wire import categories


class LostItemsScreen(ScreenBase):
    kind = Screen.LOST_ITEMS

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.intro = label("muted")
        self.body.addWidget(self.intro)
        self.grid = QGridLayout()
        self.grid.setSpacing(theme.SPACING_PX)
        self.buttons: dict[str, KioskButton] = {}
        for code in categories.LOST_ITEMS:
            button = KioskButton("choice", LOST_ITEM_GLYPHS[code], checkable=True,
                                 min_height=130, icon_px=64)
            button.clicked.connect(lambda _=False, c=code: self._toggle(c))
            self.buttons[code] = button
        self._place(2)
        self.body.addLayout(self.grid)
        self.error = label("error")
        self.error.hide()
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.next_button = self.add_next_button()
        self.next_button.clicked.connect(self._next)

    def _place(self, columns: int) -> None:
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for i, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, i // columns, i % columns)

    def _toggle(self, code: str) -> None:
        self.flow.session.toggle_lost_item(code)
        self._sync()

    def _sync(self) -> None:
        chosen = self.flow.session.lost_items
        lang = self.flow.language
        for code, button in self.buttons.items():
            name = categories.LOST_ITEMS[code][lang]
            selected = code in chosen
            # The tick says "chosen" in words and shape, not only by the colour change.
            button.set_label(f"{GLYPHS['tick']} {name}" if selected else name,
                             self.tr("chosen") if selected else self.tr("not chosen"))
            button.setChecked(selected)
        if chosen:
            self.error.hide()

    def _next(self) -> None:
        if not self.flow.session.lost_items:
            self.error.setText(self.tr("Please choose at least one thing you lost."))
            self.error.show()
            return
        self.flow.go(Screen.CONTACT)

    def retranslate_body(self) -> None:
        self.title.setText(self.tr("What did you lose?"))
        self.intro.setText(self.tr("Touch everything you lost. You can choose more than one."))
        self.next_button.set_label(self.tr("Next"))
        self._sync()

    def prompt(self) -> str:
        return self.tr("Touch everything you lost, then touch Next.")

    def entered(self) -> None:
        self._sync()

    def reset(self) -> None:
        self.error.hide()
        for button in self.buttons.values():
            button.setChecked(False)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self._place(2 if portrait else 3)
