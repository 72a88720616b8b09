"""The technicians' screens in Indonesian: `i18n/maintenance_id.ts` → `.qm`.

Source strings are English. The public catalogue (ui/translations.py) leaves
maintenance out, so this one is installed next to it, for `[maintenance] language`;
its contexts (PinPad, StatusPage, …, and "" for status.py's module-level tr()) never
clash with the public screens'. `python -m ui.maintenance.translations` regenerates it
(lupdate keeps the translations already made; new strings come out unfinished).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QTranslator

I18N_DIR = Path(__file__).parent / "i18n"
_TOOLS = Path(PySide6.__file__).parent


def ts_path(language: str) -> Path:
    return I18N_DIR / f"maintenance_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N_DIR / f"maintenance_{language}.qm"


def sources() -> list[Path]:
    return sorted(p for p in Path(__file__).parent.glob("*.py") if p.name != "__init__.py")


def lupdate(ts: Path) -> str:
    cmd = [str(_TOOLS / "lupdate"), "-locations", "none", "-no-obsolete",
           *map(str, sources()), "-ts", str(ts)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def lrelease(ts: Path, qm: Path) -> str:
    cmd = [str(_TOOLS / "lrelease"), str(ts), "-qm", str(qm)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def install(language: str) -> QTranslator | None:
    """Install the maintenance catalogue of `language` ('en' = the source: none)."""
    app = QCoreApplication.instance()
    if language == "en" or app is None:
        return None
    translator = QTranslator(app)
    if not translator.load(str(qm_path(language))):
        return None
    app.installTranslator(translator)
    return translator


def remove(translator: QTranslator | None) -> None:
    app = QCoreApplication.instance()
    if translator is not None and app is not None:
        app.removeTranslator(translator)


if __name__ == "__main__":
    print(lupdate(ts_path("id")))
    print(lrelease(ts_path("id"), qm_path("id")))
    sys.exit(0)
