"""The capture-path check: a trivial PySide6 window that first shows a small red frame,
then, half a second later, covers its whole screen in green and prints "green".

A screenshot taken after that must be all green. Under plain `cage -d` it is not (cage
scans the client's buffer out directly and grim gets cage's last composited frame: the
small red one); a capture path counts only once this client passes through it.
Also the benchmark's "trivial window" (`--paint-only`: green at once, "painted" on the
first paint). Runs with the installed venv's PySide6, like the app.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget


class Control(QWidget):
    def __init__(self, colour: str) -> None:
        super().__init__()
        self.colour = colour
        self.painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.colour))
        if not self.painted:
            self.painted = True
            print("painted", flush=True)

    def go_green(self) -> None:
        self.colour = "#00ff00"
        screen = QGuiApplication.primaryScreen()
        self.setGeometry(screen.geometry())   # X11 without a WM: nobody else would
        self.showFullScreen()
        self.update()
        QTimer.singleShot(300, lambda: print("green", flush=True))


def main() -> int:
    app = QApplication(sys.argv[:1])
    paint_only = "--paint-only" in sys.argv
    window = Control("#00ff00" if paint_only else "#ff0000")
    if paint_only:
        window.showFullScreen()
    else:
        window.resize(200, 150)
        window.show()
        QTimer.singleShot(500, window.go_green)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
