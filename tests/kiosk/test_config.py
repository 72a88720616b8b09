"""Config: a valid file loads into typed sections; every mistake names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Config, Role, ServerSection, describe, load_config
from core.errors import ConfigError
from tests.support.config import write_config


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
    ("[speech]\nvolume = 2\n", "speech.volume: 2.0 is outside 0..1"),
    ("[modem]\ncommand_timeout_s = 0\n", "modem.command_timeout_s: 0.0 is outside"),
    ("[modem]\ndial_timeout_s = 0\n", "modem.dial_timeout_s: 0.0 is outside"),
    ("[modem]\npoll_interval_s = 0\n", "modem.poll_interval_s: 0.0 is outside"),
    ("[modem]\nreopen_s = 0\n", "modem.reopen_s: 0.0 is outside"),
    ("[modem]\ntest_number = \"12-34\"\n", "modem.test_number: '12-34' must be digits"),
    # Arabic-Indic digits pass str.isdigit() but no modem dials them.
    ("[modem]\nemergency_numbers = [\"\u0661\u0661\u0660\"]\n",
     "modem.emergency_numbers[0]: .* must be digits"),
    ("[handset]\ndebounce_ms = -1\n", "handset.debounce_ms: -1 is outside"),
    ("[printer]\ntimeout_s = 0\n", "printer.timeout_s: 0.0 is outside"),
    ("[ui]\nhealth_every_s = 0\n", "ui.health_every_s: 0.0 is outside"),
    ("[ui]\nidle_timeout_s = 0\n", "ui.idle_timeout_s: 0 is outside"),
    ("[maintenance]\nauto_exit_s = 0\n", "maintenance.auto_exit_s: 0 is outside"),
])
def test_invalid_values_name_the_key(tmp_path: Path, extra: str, message: str) -> None:
    pattern = message.replace("[", r"\[").replace("]", r"\]")
    with pytest.raises(ConfigError, match=pattern) as raised:
        load_config(write_config(tmp_path, raw=extra))
    assert raised.value.key == message.split(":", maxsplit=1)[0].split("[0]", maxsplit=1)[0]


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


# ------------------------------------------------------------------ each process its own


@pytest.mark.parametrize("extra", [
    "[modem]\ndial_timeout_s = 0\n",                   # the phone's
    "[modem]\ntest_number = \"not a number\"\n",
    "[handset]\nhook = \"serial\"\n",
])
def test_the_ui_does_not_refuse_what_other_processes_own(tmp_path: Path, extra: str) -> None:
    cfg = load_config(write_config(tmp_path, raw=extra), role=Role.UI)
    assert cfg.kiosk.id == "test-kiosk-01"
    with pytest.raises(ConfigError):
        load_config(write_config(tmp_path, raw=extra))   # the technician tools refuse


def test_a_missing_token_stops_only_the_uploader(tmp_path: Path) -> None:
    path = write_config(tmp_path, server={"token": None})
    assert load_config(path, role=Role.UI).server.token is None
    with pytest.raises(ConfigError, match=r"server\.token") as raised:
        load_config(path, role=Role.UPLOADER)
    assert raised.value.key == "server.token"


@pytest.mark.parametrize(("extra", "key"), [
    ("[ui]\nidle_countdown_s = 0\n", "ui.idle_countdown_s"),
    ("[maintenance]\nauto_exit = 5\n", "maintenance.auto_exit"),
    ("[prnter]\nport = \"/dev/x\"\n", "[prnter]"),
])
def test_the_ui_refuses_its_own_sections_naming_the_key(tmp_path: Path, extra: str,
                                                        key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write_config(tmp_path, raw=extra), role=Role.UI)
    assert raised.value.key == key


def test_the_uploader_ignores_the_ui_sections(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path, raw="[maintenance]\nauto_exit = 5\n"
                                                 "[weather]\nx = 1\n"),
                      role=Role.UPLOADER)
    assert cfg.maintenance.auto_exit_s == 120


def test_the_uploader_runs_with_a_broken_ui_section(tmp_path: Path) -> None:
    """The uploader validates only its own sections: a UI typo must not stop deliveries."""
    import subprocess
    import sys

    path = write_config(tmp_path,
                        raw="\n[maintenance]\nauto_exit = 5\n[ui]\nidle_timeout_s = 0\n")
    done = subprocess.run([sys.executable, "-m", "offline_queue", "--config", str(path),
                           "status", "--json"], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 0, done.stderr
