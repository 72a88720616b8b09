"""The phone's own settings never stop it: each bad key keeps its default and is named;
an unreadable file falls back to the last good settings, then to built-in defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from phone import settings
from phone.settings import BUILT_IN_HANDSET, BUILT_IN_MODEM


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[kiosk]
id = "mrt-01"
[modem]
port = "/dev/pts/77"
test_number = "0215550100"
[handset]
hook = "sim"
port = "/dev/pts/78"
"""


def test_a_good_file_is_taken_as_written(tmp_path: Path) -> None:
    s = settings.load(write(tmp_path, GOOD), tmp_path / "state")
    assert (s.modem.port, s.handset.port, s.kiosk_id) == ("/dev/pts/77", "/dev/pts/78",
                                                          "mrt-01")
    assert s.source == "config" and s.problems == ()


@pytest.mark.parametrize(("line", "key", "kept"), [
    ("command_timeout_s = 0", "modem.command_timeout_s", ("command_timeout_s", 5.0)),
    ("dial_timeout_s = 0", "modem.dial_timeout_s", ("dial_timeout_s", 60.0)),
    ('test_number = "12-34 ext"', "modem.test_number", ("test_number", "")),
    ('emergency_numbers = []', "modem.emergency_numbers",
     ("emergency_numbers", ("110", "112"))),
    ('emergency_numbers = ["١١٠"]', "modem.emergency_numbers",
     ("emergency_numbers", ("110", "112"))),
    ('baudrate = "fast"', "modem.baudrate", ("baudrate", 115200)),
])
def test_a_bad_modem_key_keeps_its_default_and_is_named(tmp_path: Path, line: str, key: str,
                                                        kept: tuple[str, object]) -> None:
    text = GOOD.replace('test_number = "0215550100"', line)
    s = settings.load(write(tmp_path, text), None)
    assert getattr(s.modem, kept[0]) == kept[1]
    assert s.modem.port == "/dev/pts/77"               # the rest is kept
    assert [p.key for p in s.fatal_problems] == [key]


def test_unknown_keys_and_other_sections_are_no_reason_to_stop(tmp_path: Path) -> None:
    text = GOOD + '\n[maintenance]\nauto_exit = 5\n[server]\nurl = "nonsense"\n' \
                  '[modem_extra]\nx = 1\n'
    s = settings.load(write(tmp_path, text.replace("[modem]\n", "[modem]\nbogus = 1\n")),
                      None)
    assert s.modem.port == "/dev/pts/77"
    assert s.fatal_problems == ()
    assert [p.key for p in s.problems] == ["modem.bogus"]


@pytest.mark.parametrize("broken", ["missing", "not toml", "unreadable"])
def test_an_unusable_file_runs_on_the_last_good_settings(tmp_path: Path, broken: str) -> None:
    state = tmp_path / "state"
    path = write(tmp_path, GOOD)
    settings.load(path, state)                          # a start that read the file
    if broken == "missing":
        path.unlink()
    elif broken == "not toml":
        path.write_text("[modem\nport = ", encoding="utf-8")
    else:
        path.write_bytes(b"\xff\xfe")
    s = settings.load(path, state)
    assert s.source == "last good settings"
    assert (s.modem.port, s.handset.port) == ("/dev/pts/77", "/dev/pts/78")
    assert s.modem.emergency_numbers == ("110", "112")
    assert s.fatal_problems and "last good" in str(s.fatal_problems[0])


def test_without_any_good_settings_it_runs_on_the_built_in_defaults(tmp_path: Path) -> None:
    s = settings.load(tmp_path / "nope.toml", tmp_path / "state")
    assert s.source == "built-in defaults"
    assert s.modem == BUILT_IN_MODEM and s.handset == BUILT_IN_HANDSET
    assert s.modem.port == "/dev/kiosk-modem" and s.handset.port == "/dev/kiosk-hook"
    assert s.modem.emergency_numbers == ("110", "112")
    assert "not found" in str(s.fatal_problems[0])


def test_a_damaged_last_good_file_is_read_forgivingly_too(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / settings.LAST_GOOD_FILE).write_text(
        '{"modem": {"port": "/dev/pts/9", "dial_timeout_s": 0}, "handset": 7}')
    s = settings.load(tmp_path / "nope.toml", state)
    assert s.modem.port == "/dev/pts/9" and s.modem.dial_timeout_s == 60.0
    assert s.handset.hook == "none"
