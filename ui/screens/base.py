"""What every screen has: a title, a scrollable body, a keyboard slot and a footer.

Back, Home, the settings and *Panggil 110* are not here: they are the window's
emergency bar (ui/bar.py), the same on every screen. The body scrolls only when it
must (a long review, error messages on the smallest panels); the footer's action
(*Next*, *Kirim*) and the keyboard stay outside the scroll, always in view.

In portrait the body is anchored to the bottom (bottom-weighted: everything a hand
must reach sits low, docs/ui.md); in landscape it starts at the top.

Screens are built once and reused; `entered()` loads the flow's session into the
widgets, `reset()` empties them (the idle wipe), `retranslate()` re-reads every
visible string in the active language, `set_portrait()` re-flows the layout and
`apply_scale()` follows the panel size.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from core.flow import Flow, Screen
from ui import theme
from ui.widgets.buttons import KioskButton, label
from ui.widgets.card import Card
from ui.widgets.keyboard import SHIFT, Mode, OnScreenKeyboard, Target, centred

# *Next* goes beside the keyboard when this much is left next to it, else under it.
NEXT_BESIDE_PX = 220


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property (e.g. `role`) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_role(widget: QWidget, role: str) -> None:
    if widget.property("role") != role:
        widget.setProperty("role", role)
        repolish(widget)


def place_in_grid(grid: QGridLayout, widgets: Iterable[QWidget], columns: int,
                  first_row: int = 0) -> None:
    """(Re-)place `widgets` in reading order, `columns` to a row, from `first_row`."""
    widgets = list(widgets)
    for widget in widgets:
        grid.removeWidget(widget)
    for i, widget in enumerate(widgets):
        grid.addWidget(widget, first_row + i // columns, i % columns)


def spoken_name(button: QAbstractButton) -> str:
    name = button.accessibleName() or button.text().replace("\n", " ")
    return name.strip()


class ScreenBase(QWidget):
    kind: Screen = Screen.HOME

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setProperty("page", True)
        # The stack must not grow to the tallest screen's pessimistic minimum: each
        # screen gets the window's size, and a test checks every screen at every size.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setObjectName(f"screen-{self.kind.value}")
        self.outer = outer = QVBoxLayout(self)
        self.title = label("title")
        # Whose service this is, on every screen (Home has the full line).
        self.identity = label("brand", wrap=False)
        self.identity.setText("POLRI 110")
        self.identity.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.identity, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = QWidget()
        content.setObjectName("ScrollBody")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self._lead = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum,
                                 QSizePolicy.Policy.Expanding)
        self._trail = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum,
                                  QSizePolicy.Policy.Minimum)
        column.addItem(self._lead)
        self.body = QVBoxLayout()
        column.addLayout(self.body)
        column.addItem(self._trail)
        self._column = column
        self.scroll_area.setWidget(content)
        outer.addWidget(self.scroll_area, 1)
        # The keyboard and the footer (*Next*): stacked in portrait; side by side in
        # landscape, where the keyboard's fixed height leaves little for the rest.
        self.bottom = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.keyboard_row = QVBoxLayout()
        self.footer = QHBoxLayout()
        self.bottom.addLayout(self.keyboard_row)
        self.bottom.addLayout(self.footer)
        outer.addLayout(self.bottom)
        self.portrait = True
        self.scale = 1.0
        self.apply_scale(1.0)

    def set_body_stretch(self, stretch: int) -> None:
        """Let the body take `stretch` shares of the free height (the lead spacer has
        one in portrait): for screens whose big buttons should grow."""
        self._column.setStretch(0, 1)
        self._column.setStretch(1, stretch)

    def go_back(self) -> None:
        self.flow.back()

    def add_next_button(self, icon_name: str = "next", role: str = "primary") -> KioskButton:
        button = KioskButton(role, icon_name, min_height=110, icon_px=52)
        self.footer.addWidget(button)
        return button

    def add_keyboard(self, target: Target) -> OnScreenKeyboard:
        """The on-screen keyboard in the keyboard slot, typing letters into `target`."""
        keyboard = OnScreenKeyboard()
        keyboard.set_target(target)
        keyboard.set_mode(Mode.LETTERS)
        self.keyboard_row.addLayout(centred(keyboard))
        return keyboard

    def scroll_to_top(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        self.retranslate_body()

    # Layout ---------------------------------------------------------------------

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait
        lead = QSizePolicy.Policy.Expanding if portrait else QSizePolicy.Policy.Minimum
        trail = QSizePolicy.Policy.Minimum if portrait else QSizePolicy.Policy.Expanding
        self._lead.changeSize(0, 0, QSizePolicy.Policy.Minimum, lead)
        self._trail.changeSize(0, 0, QSizePolicy.Policy.Minimum, trail)
        self._column.invalidate()
        self.place_bottom()
        self.reflow(portrait)

    def place_bottom(self) -> None:
        """*Next* beside the keyboard in a wide landscape window, below it otherwise."""
        shown = [w for w in self.keyboard_widgets() if w.isVisibleTo(self)]
        need = max((w.minimumWidth() for w in shown), default=0) + NEXT_BESIDE_PX
        side = bool(shown) and not self.portrait and self.width() >= need
        self.bottom.setDirection(QBoxLayout.Direction.LeftToRight if side
                                 else QBoxLayout.Direction.TopToBottom)
        self.bottom.setStretch(0, 3 if side else 0)
        self.bottom.setStretch(1, 1 if side else 0)

    def keyboard_widgets(self) -> list[QWidget]:
        """The widgets placed in `keyboard_row` (directly or in its sub-layouts)."""
        found: list[QWidget] = []
        pending: list[QLayout] = [self.keyboard_row]
        while pending:
            layout = pending.pop()
            for i in range(layout.count()):
                item = layout.itemAt(i)
                if item is None:
                    continue
                if (sub := item.layout()) is not None:
                    pending.append(sub)
                elif (widget := item.widget()) is not None:
                    found.append(widget)
        return found

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place_bottom()

    def apply_scale(self, scale: float) -> None:
        self.scale = scale
        gap = max(8, round((theme.SPACING_PX + 8) * scale))
        side = max(12, round(20 * scale))
        self.outer.setContentsMargins(side, max(8, round(24 * scale)), side,
                                      max(8, round(12 * scale)))
        self.outer.setSpacing(gap)
        self.body.setSpacing(gap)
        self.footer.setSpacing(gap)
        self.bottom.setSpacing(gap)
        for layout in self.findChildren(QLayout):
            if layout.property("gap") is not None:
                layout.setSpacing(max(8, round(int(layout.property("gap")) * scale)))

    def gap_layout(self, layout: QLayout, gap: int = theme.SPACING_PX) -> QLayout:
        """Mark `layout` to have its spacing scaled with the panel."""
        layout.setProperty("gap", gap)
        layout.setSpacing(gap)
        return layout

    def needs_scrolling(self) -> bool:
        bar = self.scroll_area.verticalScrollBar()
        return bar.maximum() > 0

    # What voice guidance reads ------------------------------------------------------

    def options(self) -> list[str]:
        """The names of the controls a user can touch on this screen, in reading order."""
        buttons = [b for b in self.findChildren(QAbstractButton)
                   if b.isVisibleTo(self) and b.property("role") != "key" and b.isEnabled()]
        buttons.sort(key=lambda b: (b.mapTo(self, b.rect().topLeft()).y(),
                                    b.mapTo(self, b.rect().topLeft()).x()))
        return [n for n in (spoken_name(b) for b in buttons) if n]

    # Overridden by the screens -------------------------------------------------

    def has_call_button(self) -> bool:
        """The screen shows its own *Panggil 110* now (the bar then hides its own)."""
        return False

    def reflow(self, portrait: bool) -> None:
        """Re-arrange for the orientation (the base already moved the body)."""

    def retranslate_body(self) -> None:
        pass

    def prompt(self) -> str:
        """The short sentence spoken when the screen appears."""
        return self.title.text()

    def entered(self) -> None:
        """The screen became visible: show the flow's current values."""

    def reset(self) -> None:
        """Forget everything shown or typed (the idle wipe)."""


class AnswerScreen(ScreenBase):
    """A step that needs an answer before *Next*: while it is missing, *Next* says so in
    words on screen (`error`, placed by the screen) and aloud, and stays."""

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.error = Card("error")
        self.error.hide()

    def answer_missing(self) -> bool:
        """The step cannot go on yet."""
        return False

    def missing_text(self) -> str:
        """What to do about it, in the active language."""
        return ""

    def next_if_answered(self) -> None:
        if self.answer_missing():
            self.error.setText(self.missing_text())
            self.error.show()
            self.flow.speak(self.missing_text())
            return
        self.flow.next_step()

    def retranslate(self) -> None:
        super().retranslate()
        if self.error.isVisible():
            self.error.setText(self.missing_text())


def wipe_text(widget: QWidget) -> None:
    """Empty a text field and its undo history (an undo must not bring back what the
    previous user typed)."""
    if isinstance(widget, QLineEdit):
        widget.setText("")   # setText, unlike clear(), also clears the undo history
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("")
        widget.document().clearUndoRedoStacks()


def reset_keyboard(keyboard: QWidget) -> None:
    """The next person finds the keyboard as new: letters, no shift held."""
    if not isinstance(keyboard, OnScreenKeyboard):
        return
    if keyboard.shift:
        for key in keyboard.key_buttons(Mode.LETTERS):
            if key.property("key") == SHIFT:
                key.click()
    keyboard.set_mode(Mode.LETTERS)
