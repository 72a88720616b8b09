"""Every string on the technicians' screens has an Indonesian translation, and the
catalogue is what the screens show when `[maintenance] language = "id"`."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from core.jobs import InlineJobs
from core.maintenance import AccountabilitySink, AttemptTracker, MaintenanceAuth
from ui.maintenance import translations
from ui.maintenance.pin_pad import PinPad
from ui.maintenance.style import level_text
from wire.report import KioskInfo


def test_the_indonesian_catalogue_covers_every_source_string(tmp_path: Path) -> None:
    copy = tmp_path / "maintenance_id.ts"
    shutil.copy(translations.ts_path("id"), copy)
    translations.lupdate(copy)   # merges the strings in the code now
    text = copy.read_text(encoding="utf-8")
    assert text.count("<source>") > 100
    assert 'type="unfinished"' not in text, "run python -m ui.maintenance.translations " \
        "and translate the new strings"
    assert 'type="vanished"' not in text and 'type="obsolete"' not in text


def test_installed_catalogue_translates_the_screens(qtbot: QtBot, tmp_path: Path) -> None:
    from core.health import Level

    translator = translations.install("id")
    assert translator is not None
    try:
        auth = MaintenanceAuth("", AttemptTracker(tmp_path),
                               AccountabilitySink(KioskInfo("k", "s", 0, 0), None))
        pad = PinPad(auth, InlineJobs())
        qtbot.addWidget(pad)
        pad.reset()
        assert pad.title.text() == "Pemeliharaan — masukkan PIN teknisi"
        assert "set-pin" in pad.message.text() and "konsol" in pad.message.text()
        assert level_text(Level.FAIL) == "✖ Rusak"
    finally:
        translations.remove(translator)
    assert level_text(Level.FAIL) == "✖ Fault"
    assert translations.install("en") is None
