"""A layout that fills rows left to right and wraps, each row justified to the width.

The bottom bar holds up to nine controls whose words change length with the language
and the text size; on a 1920 px landscape panel they fit one row, on a 720 px portrait
panel they need three. Items keep at least their size hint; the spare width of a row
is shared in proportion to each item's hint (and its `stretch`), so nothing is ever
squeezed below the width its words need.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, float] = {}
        self._gap = spacing
        self.rows = 0   # how many rows the last arrangement needed (tests, docs)
        self.one_per_row = False   # a column: every item on a row of its own

    def set_gap(self, gap: int) -> None:
        self._gap = gap
        self.invalidate()

    def set_one_per_row(self, one: bool) -> None:
        if one != self.one_per_row:
            self.one_per_row = one
            self.invalidate()

    def add(self, widget: QWidget, stretch: float = 1.0) -> None:
        self.addWidget(widget)
        self._stretch[id(widget)] = stretch

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        widest = max((i.sizeHint().width() for i in self._visible()), default=0)
        m = self.contentsMargins()
        return QSize(widest + m.left() + m.right(), self.heightForWidth(widest + m.left()
                                                                      + m.right()))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _weight(self, item: QLayoutItem) -> float:
        widget = item.widget()
        return self._stretch.get(id(widget), 1.0) if widget is not None else 1.0

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            w = item.sizeHint().width()
            if rows[-1] and (self.one_per_row or used + self._gap + w > width):
                rows.append([])
                used = 0
            used += (self._gap if rows[-1] else 0) + w
            rows[-1].append(item)
        return [r for r in rows if r]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = area.y()
        rows = self._rows(area.width())
        for row in rows:
            hints = [i.sizeHint() for i in row]
            spare = area.width() - sum(h.width() for h in hints) - self._gap * (len(row) - 1)
            weights = [h.width() * self._weight(i) for h, i in zip(hints, row, strict=True)]
            total = sum(weights) or 1.0
            height = max(max(h.height(), i.minimumSize().height())
                         for h, i in zip(hints, row, strict=True))
            x = area.x()
            for n, (item, hint, weight) in enumerate(zip(row, hints, weights, strict=True)):
                extra = max(0, spare) * weight / total
                w = hint.width() + int(extra)
                if n == len(row) - 1:   # the last item takes the rounding remainder
                    w = area.right() + 1 - x
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(max(1, w), height)))
                x += w + self._gap
            y += height + self._gap
        if apply:
            self.rows = len(rows)
        return y - self._gap - rect.y() + m.bottom() if rows else m.top() + m.bottom()
