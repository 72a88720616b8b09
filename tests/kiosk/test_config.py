"""Config: a valid file loads into typed sections; every mistake names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Config, ServerSection, describe, load_config
from core.errors import ConfigError
from tests.conftest import write_config


def test_minimal_file_loads_with_defaults_for_optional_sections(config: Config) -> None:
    assert config.kiosk.id == "test-kiosk-01"
    assert config.kiosk.languages == ("id", "en")
    assert config.printer.port is None          # no printer: still runs
    assert config.modem.emergency_numbers == ("110", "112")
    assert config.ui.idle_timeout_s == 60
    assert config.outbox_path.name == "outbox.sqlite3"


@pytest.mark.parametrize(("extra", "message"), [
    ("[printer]\npaper_width_mm = 72\n", "printer.paper_width_mm: 72 is not one of 58, 80"),
    ("[modem]\nbaudrate = \"fast\"\n", "modem.baudrate: must be an integer"),
    ("[ui]\nidle_timeout_s = true\n", "ui.idle_timeout_s: must be an integer"),
    ("[printer]\nprot = \"/dev/ttyUSB0\"\n", "printer.prot: unknown key"),
    ("[weather]\nx = 1\n", "[weather]: unknown section"),
    ("[modem]\nemergency_numbers = []\n", "modem.emergency_numbers: must list at least one"),
    ("[handset]\nhook = \"serial\"\n", "handset.port: required"),
    ("[speech]\nvolume = 2\n", "speech.volume: must be between"),
])
def test_invalid_values_name_the_key(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(write_config(tmp_path, extra=extra))


def test_missing_required_section_and_key_are_named(tmp_path: Path) -> None:
    path = tmp_path / "k.toml"
    path.write_text('[kiosk]\nid="a"\nstation="b"\nlatitude=1\nlongitude=2\n'
                    '[server]\nurl="http://x"\ntoken="t"\n')
    with pytest.raises(ConfigError, match=r"\[storage\]: required section is missing"):
        load_config(path)
    path.write_text('[kiosk]\nid="a"\nstation="b"\nlatitude=1\n'
                    '[server]\nurl="http://x"\ntoken="t"\n[storage]\ndata_dir="/tmp"\n')
    with pytest.raises(ConfigError, match=r"kiosk\.longitude: required key is missing"):
        load_config(path)


def test_broken_toml_and_missing_file_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk\nid=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


def test_token_from_file_and_never_in_repr(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token\n")
    section = ServerSection(url="http://x", token_file=token_file)
    assert section.read_token() == "s3cret-token"
    assert "s3cret" not in repr(ServerSection(url="http://x", token="s3cret-token"))
    empty = tmp_path / "empty"
    empty.write_text("")
    with pytest.raises(ConfigError, match="is empty"):
        ServerSection(url="http://x", token_file=empty).read_token()


def test_every_key_is_described() -> None:
    import dataclasses
    import typing

    for name, tp in typing.get_type_hints(Config).items():
        if name == "path":
            continue
        for key, _default, doc in describe(tp):
            assert doc, f"{name}.{key} has no description"
        assert dataclasses.is_dataclass(tp)


def test_config_reference_is_up_to_date() -> None:
    from core.configdoc import render

    doc = Path(__file__).resolve().parents[2] / "docs" / "config.md"
    assert doc.read_text(encoding="utf-8") == render(), \
        "docs/config.md is stale: run `python -m core.configdoc > docs/config.md`"
