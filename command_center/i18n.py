"""The operators' language: Bahasa Indonesia first, English available.

Texts are written in English in the templates and the code (`_()` in templates, `N_()`
here and in the handlers marks a text for extraction) and translated with gettext
catalogues under `command_center/locale/{id,en}/LC_MESSAGES/messages.{po,mo}`
(refresh them with `make centre-translations`; the tests fail when a text is new or
untranslated, a placeholder was lost or a compiled catalogue is stale).

The language is the `cc_lang` cookie an operator sets with the switch in the page
header (`/lang/en`, `/lang/id`), else the centre's `ui_language` setting (default
`id`). Accept-Language is not used: many browsers in Indonesian offices say en-US.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources
from pathlib import Path

LANGUAGES = ("id", "en")
NAMES = {"id": "Bahasa Indonesia", "en": "English"}
COOKIE = "cc_lang"
DOMAIN = "messages"


def N_(text: str) -> str:
    """Mark `text` for the catalogue; it is translated where it is shown."""
    return text


# The labels of the 110 flow's codes, translated where shown (`_(status_label(…))`).
STATUS = {"received": N_("received"), "acknowledged": N_("acknowledged"),
          "dispatched": N_("dispatched"), "closed": N_("closed"),
          "invalid": N_("invalid")}
PRIORITY = {"emergency": N_("emergency"), "urgent": N_("urgent"), "normal": N_("normal")}
VALIDITY = {"unknown": N_("unknown"), "valid": N_("valid"), "invalid": N_("invalid")}
ACTION = {"mark_valid": N_("Mark valid"), "mark_invalid": N_("Mark invalid (prank)"),
          "acknowledge": N_("Acknowledge"), "dispatch": N_("Dispatch"),
          "close": N_("Close")}


def label(table: dict[str, str], code: object) -> str:
    """The label of a code; a code this version does not know, as it is."""
    text = str(getattr(code, "value", code))
    return table.get(text, text)


def choose(cookie: str | None, default: str) -> str:
    if cookie in LANGUAGES:
        return str(cookie)
    return default if default in LANGUAGES else LANGUAGES[0]


def locale_dir() -> Path:
    return Path(str(resources.files("command_center").joinpath("locale")))


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of `language` (English falls back to the source texts)."""
    return gettext.translation(DOMAIN, locale_dir(), languages=[language], fallback=True)
