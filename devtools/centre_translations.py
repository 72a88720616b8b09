"""Refresh the operator pages' catalogues: `make centre-translations`.

Extracts every text marked in command_center (templates: `_()`/`ngettext()`; code:
`_()` and `N_()`) into `command_center/locale/messages.pot`, merges it into each
language's `messages.po` (new texts come in untranslated, removed ones go), fills the
English catalogue with the source texts (they are English), and compiles each `.mo`.
Then translate what is new in `locale/id/LC_MESSAGES/messages.po` and run it again;
the tests fail while any text is untranslated or a compiled catalogue is stale.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "command_center" / "locale"
POT = LOCALE / "messages.pot"
LANGUAGES = ("id", "en")


def extract(target: Path) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
                    "-F", str(ROOT / "command_center" / "babel.cfg"), "-k", "N_",
                    "--no-location", "--sort-output", "--project",
                    "Kiosk 110 command centre", "-o", str(target), "."],
                   cwd=ROOT, check=True)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "messages.po"


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def merge(template: Catalog, language: str) -> Catalog:
    path = po_path(language)
    catalog = (read(path) if path.exists()
               else Catalog(locale=language, project=template.project))
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    if language == "en":   # the source texts are English
        for message in catalog:
            if message.id and not _translated(message.string):
                message.string = message.id
    return catalog


def _translated(value: object) -> bool:
    if isinstance(value, tuple | list):
        return all(value)
    return bool(value)


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> int:
    extract(POT)
    template = read(POT)
    for language in LANGUAGES:
        catalog = merge(template, language)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, sort_output=True,
                     no_location=True, width=88)
        path.with_suffix(".mo").write_bytes(mo_bytes(read(path)))
        missing = [m.id for m in catalog if m.id and not _translated(m.string)]
        print(f"{language}: {len(catalog)} texts, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
