"""The operator pages' catalogues, with the kiosk's rigour: every text marked in the
code and templates is in both catalogues and translated, nothing stale is kept, every
placeholder survives translation, the compiled catalogues are current — and the pages
are in Indonesian unless an operator switches to English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
from babel.messages.catalog import Catalog, Message

from command_center import i18n
from devtools import centre_translations as tool

from .conftest import Service

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def ids(catalog: Catalog) -> set[object]:
    return {m.id for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    tool.extract(pot)
    return tool.read(pot)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_catalogue_holds_exactly_the_texts_in_the_code(extracted: Catalog,
                                                           language: str) -> None:
    catalog = tool.read(tool.po_path(language))
    assert len(ids(extracted)) > 150
    new, stale = ids(extracted) - ids(catalog), ids(catalog) - ids(extracted)
    assert not new, f"run `make centre-translations` and translate: {sorted(map(str, new))[:5]}"
    assert not stale, f"run `make centre-translations`: {sorted(map(str, stale))[:5]}"
    assert ids(tool.read(tool.POT)) == ids(extracted)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_text_is_translated_with_its_placeholders(language: str) -> None:
    catalog = tool.read(tool.po_path(language))
    for message in catalog:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, message.id
        sources, targets = _forms(message)
        assert all(targets), f"untranslated in {language}: {message.id!r}"
        wanted = set(PLACEHOLDER.findall(" ".join(sources)))
        for target in targets:
            assert set(PLACEHOLDER.findall(target)) == wanted, (language, message.id)


def _forms(message: Message) -> tuple[list[str], list[str]]:
    source = message.id if isinstance(message.id, tuple) else (message.id,)
    target = message.string if isinstance(message.string, tuple) else (message.string,)
    return [str(s) for s in source], [str(t) for t in target]


def test_indonesian_really_is_indonesian() -> None:
    catalog = tool.read(tool.po_path("id"))
    same = [m.id for m in catalog if m.id and m.string == m.id]
    # A few words are the same in both (Status, Format, ALARM, CAP 1.2:, valid…).
    assert len(same) < 12, same
    assert catalog.num_plurals == 1   # Indonesian has one plural form


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_compiled_catalogue_is_current(language: str) -> None:
    po = tool.po_path(language)
    compiled = po.with_suffix(".mo")
    assert compiled.read_bytes() == tool.mo_bytes(tool.read(po)), \
        "run `make centre-translations` (the .mo is older than the .po)"
    assert Path(str(compiled)).is_relative_to(i18n.locale_dir())


def test_pages_are_in_indonesian_until_an_operator_switches(service: Service) -> None:
    s = service.session()
    login = s.get(f"{service.url}/login", timeout=30)
    assert '<html lang="id">' in login.text and "Masuk operator" in login.text
    assert "Operator sign-in" not in login.text
    switched = s.get(f"{service.url}/lang/en?next=/login", timeout=30)
    assert switched.url.endswith("/login") and "Operator sign-in" in switched.text
    assert '<html lang="en">' in switched.text
    service.sign_in(s)
    inbox = s.get(f"{service.url}/inbox", timeout=30).text
    assert "Reports" in inbox and ">Bahasa Indonesia<" in inbox   # the way back
    s.get(f"{service.url}/lang/id?next=/inbox", timeout=30)
    assert "Kotak masuk" in s.get(f"{service.url}/inbox", timeout=30).text


def test_the_language_switch_goes_only_to_pages_of_this_site(service: Service) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/export.csv?include_personal=1",
                   "/login//evil.example", "/\\evil.example"):
        r = requests.get(f"{service.url}/lang/en", params={"next": target},
                         allow_redirects=False, timeout=30)
        assert r.status_code == 303 and r.headers["location"] in ("/inbox", "/login"), target
    bogus = requests.get(f"{service.url}/lang/xx", allow_redirects=False, timeout=30)
    assert bogus.status_code == 303 and "set-cookie" not in bogus.headers


def test_a_configured_default_language_applies(tmp_path: Path) -> None:
    from .conftest import start_service
    server, svc = start_service(tmp_path / "cc", ui_language="en")
    try:
        assert "Operator sign-in" in requests.get(f"{svc.url}/login", timeout=30).text
    finally:
        server.stop()
        svc.store.close()
