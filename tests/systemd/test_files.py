"""The example config, users, directories and udev rules fit together and with the app."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import typing
from pathlib import Path

import pytest

from core.config import Config, load_config
from tests.systemd.units import EXAMPLE_CONFIG, SYSUSERS, TMPFILES, UDEV_RULES


def example_keys() -> dict[str, set[str]]:
    """Keys per section in the example, set or shown commented out ('# key = ...')."""
    keys: dict[str, set[str]] = {}
    section = ""
    for line in EXAMPLE_CONFIG.read_text(encoding="utf-8").splitlines():
        if m := re.fullmatch(r"\[(\w+)\]", line.strip()):
            section = m.group(1)
            keys[section] = set()
        elif section and (m := re.match(r"#?\s?([a-z][a-z0-9_]*) = ", line)):
            keys[section].add(m.group(1))
    return keys


def tmpfiles_entries() -> list[list[str]]:
    return [line.split() for line in TMPFILES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_example_config_loads() -> None:
    cfg = load_config(EXAMPLE_CONFIG)
    assert cfg.kiosk.id and cfg.server.url.startswith("https://")


def test_example_config_shows_every_section_and_key() -> None:
    keys = example_keys()
    for name, section in typing.get_type_hints(Config).items():
        if name == "path":
            continue
        declared = {f.name for f in dataclasses.fields(section)}
        missing = declared - keys.get(name, set())
        assert not missing, f"[{name}] keys missing from {EXAMPLE_CONFIG.name}: {missing}"
        unknown = keys[name] - declared
        assert not unknown, f"[{name}] keys in the example that config.py lacks: {unknown}"


def test_example_config_uses_the_deployed_paths() -> None:
    cfg = load_config(EXAMPLE_CONFIG)
    data_dirs = [e[1] for e in tmpfiles_entries() if e[0] == "d" and "/var/lib/" in e[1]]
    assert data_dirs == [str(cfg.storage.data_dir)]
    created = [e[1] for e in tmpfiles_entries() if e[0] == "f"]
    assert created == [str(cfg.outbox_path)]
    rules = UDEV_RULES.read_text(encoding="utf-8")
    for port in (cfg.printer.port, cfg.modem.port, cfg.handset.port):
        assert port is not None and port.startswith("/dev/kiosk-")
        assert f'SYMLINK+="{port.removeprefix("/dev/")}"' in rules


def udev_rules() -> list[str]:
    return [line for line in UDEV_RULES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_udev_rules_are_well_formed() -> None:
    pair = r'[A-Z_]+(\{[^}]+\})?\s*(==|!=|\+=|-=|:=|=)\s*"[^"]*"'
    for line in udev_rules():
        assert re.fullmatch(rf"{pair}(\s*,\s*{pair})*", line.strip()), line
        assert line.count('"') % 2 == 0, line


def symlink_of(rule: str) -> str:
    """The name a udev rule adds under /dev (`SYMLINK+="NAME"`)."""
    match = re.search(r'SYMLINK\+="([^"]+)"', rule)
    assert match is not None, f"a SYMLINK rule that adds no name: {rule}"
    return match.group(1)


def test_udev_names_every_device_and_keeps_modemmanager_away() -> None:
    named = {symlink_of(r): r for r in udev_rules() if "SYMLINK" in r}
    assert {"kiosk-printer", "kiosk-modem", "kiosk-hook", "kiosk-keyswitch"} <= set(named)
    modem = named["kiosk-modem"]
    assert 'ATTRS{idVendor}=="2c7c"' in modem and 'ATTRS{idProduct}=="0125"' in modem
    assert 'ENV{ID_USB_INTERFACE_NUM}=="02"' in modem
    whole_modem = [r for r in udev_rules() if 'ATTRS{idVendor}=="2c7c"' in r
                   and "SYMLINK" not in r]
    assert whole_modem and all('ENV{ID_MM_DEVICE_IGNORE}="1"' in r for r in whole_modem)
    for name in ("kiosk-printer", "kiosk-hook", "kiosk-keyswitch"):
        assert 'ENV{ID_MM_DEVICE_IGNORE}="1"' in named[name], name
    for rule in named.values():
        assert 'GROUP="dialout"' in rule and 'MODE="0660"' in rule


def test_udev_rules_run_before_modemmanager() -> None:
    # ModemManager reads ID_MM_DEVICE_IGNORE in its 77-/80- rules: ours must sort first.
    assert UDEV_RULES.name < "77-mm-"


def fake_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "etc" / "sysusers.d").mkdir(parents=True)
    (root / "etc" / "tmpfiles.d").mkdir()
    for name in ("passwd", "group"):
        shutil.copy(f"/etc/{name}", root / "etc" / name)
    shutil.copy(SYSUSERS, root / "etc" / "sysusers.d")
    shutil.copy(TMPFILES, root / "etc" / "tmpfiles.d")
    return root


def entry(root: Path, file: str, name: str) -> list[str]:
    for line in (root / "etc" / file).read_text().splitlines():
        fields = line.split(":")
        if fields[0] == name:
            return fields
    raise AssertionError(f"{name} not in {file}")


@pytest.mark.skipif(shutil.which("systemd-sysusers") is None, reason="no systemd-sysusers")
def test_sysusers_creates_the_two_users_sharing_the_group(tmp_path: Path) -> None:
    root = fake_root(tmp_path)
    subprocess.run(["systemd-sysusers", f"--root={root}"], check=True, capture_output=True)
    group = entry(root, "group", "kiosk110")
    uploader, app = entry(root, "passwd", "kiosk-uploader"), entry(root, "passwd", "kiosk")
    assert uploader[3] == group[2], "kiosk-uploader's primary group is kiosk110"
    assert "kiosk" in group[3].split(","), "kiosk is a member of kiosk110"
    assert app[6] == uploader[6] == "/usr/sbin/nologin"
    assert int(app[2]) < 1000 and int(uploader[2]) < 1000, "system users"


@pytest.mark.skipif(os.geteuid() != 0, reason="tmpfiles needs root to chown to the users")
def test_tmpfiles_makes_a_setgid_shared_data_dir(tmp_path: Path) -> None:
    root = fake_root(tmp_path)
    subprocess.run(["systemd-sysusers", f"--root={root}"], check=True, capture_output=True)
    subprocess.run(["systemd-tmpfiles", f"--root={root}", "--create"], check=True,
                   capture_output=True)
    gid = int(entry(root, "group", "kiosk110")[2])
    uid = int(entry(root, "passwd", "kiosk")[2])
    data = root / "var" / "lib" / "kiosk110"
    outbox = data / "outbox.sqlite3"
    assert (data.stat().st_mode & 0o7777, data.stat().st_gid) == (0o2770, gid)
    assert (outbox.stat().st_mode & 0o777, outbox.stat().st_size) == (0o660, 0)
    assert (outbox.stat().st_uid, outbox.stat().st_gid) == (uid, gid)
    etc = root / "etc" / "kiosk110"
    assert (etc.stat().st_mode & 0o777, etc.stat().st_gid) == (0o750, gid)
