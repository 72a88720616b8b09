"""`render_all` writes every maintenance screen in both orientations (what
`devtools.kiosk_screens` and `make screenshots` call)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from devtools.maintenance_screens import SCREENS, render_all


@pytest.mark.logs_pii   # logs personal data on purpose, to check what is shown
def test_every_screen_is_rendered_in_both_orientations(qtbot: QtBot, tmp_path: Path) -> None:
    written = render_all(tmp_path, languages=("id",))   # the longer labels
    assert len(written) == 2 * len(SCREENS)
    for path in written:
        image = QImage(str(path))
        portrait = path.stem.endswith("portrait")
        assert (image.width(), image.height()) == ((1080, 1920) if portrait else (1920, 1080))
        # not a blank page: text, buttons and level badges give many colours
        colours = {image.pixel(x, y) for x in range(0, image.width(), 9)
                   for y in range(0, image.height(), 9)}
        assert len(colours) > 20, path.name
