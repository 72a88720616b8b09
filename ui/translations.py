"""Qt Linguist translations: `ui/i18n/kiosk110_<lang>.ts` compiled to `.qm`.

Source strings are English in the code; Indonesian and English catalogues are both
complete (English mostly identical to the source, so wording can change without
touching code). `regenerate()` runs pyside6-lupdate/lrelease (make target and test).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QTranslator

I18N_DIR = Path(__file__).parent / "i18n"
LANGUAGES = ("id", "en")
_TOOLS = Path(PySide6.__file__).parent


def ts_path(language: str) -> Path:
    return I18N_DIR / f"kiosk110_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N_DIR / f"kiosk110_{language}.qm"


# Maintenance mode is for technicians and keeps its own strings out of this catalogue.
EXCLUDED = ("maintenance",)


def sources() -> list[Path]:
    root = Path(__file__).parent
    return sorted(p for p in root.rglob("*.py")
                  if p.name != "__init__.py" and p.relative_to(root).parts[0] not in EXCLUDED)


def lupdate(ts_files: list[Path]) -> str:
    """Merge the strings found in ui/ into `ts_files` (kept translations stay)."""
    cmd = [str(_TOOLS / "lupdate"), "-locations", "none", "-no-obsolete",
           *map(str, sources()), "-ts", *map(str, ts_files)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def lrelease(ts: Path, qm: Path) -> str:
    cmd = [str(_TOOLS / "lrelease"), str(ts), "-qm", str(qm)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def regenerate() -> None:
    """Update the .ts files from the sources and compile every .qm."""
    lupdate([ts_path(lang) for lang in LANGUAGES])
    for lang in LANGUAGES:
        lrelease(ts_path(lang), qm_path(lang))


class Translations:
    """Installs the catalogue of the active language into the application."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None
        self.language = ""

    def apply(self, language: str) -> bool:
        if language == self.language:
            return True
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        translator = QTranslator()
        ok = translator.load(str(qm_path(language)))
        if ok and app is not None:
            app.installTranslator(translator)
            self._translator = translator
        self.language = language
        return ok


if __name__ == "__main__":
    regenerate()
