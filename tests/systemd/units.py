"""Paths of the deployment files, and a small reader for systemd unit files."""

from __future__ import annotations

import shlex
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SYSTEMD_DIR = REPO / "systemd"
UI_UNIT = SYSTEMD_DIR / "kiosk-ui.service"
UPLOADER_UNIT = SYSTEMD_DIR / "kiosk-uploader.service"
PHONE_UNIT = SYSTEMD_DIR / "kiosk-phone.service"
UNITS = (UI_UNIT, UPLOADER_UNIT, PHONE_UNIT)
EXAMPLE_CONFIG = SYSTEMD_DIR / "kiosk.toml.example"
SYSUSERS = SYSTEMD_DIR / "sysusers.d" / "kiosk110.conf"
TMPFILES = SYSTEMD_DIR / "tmpfiles.d" / "kiosk110.conf"
UDEV_RULES = SYSTEMD_DIR / "70-kiosk110.rules"
INSTALL = REPO / "scripts" / "install"

# Where scripts/install puts things; the units refer to these paths.
APP_PYTHON = "/opt/kiosk110/venv/bin/python"
CONFIG_PATH = "/etc/kiosk110/kiosk.toml"


def read_unit(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Sections of a unit file as (key, value) lists, in order (keys may repeat)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None, f"{path}: {line!r} outside a section"
        assert not line.endswith("\\"), "continuation lines are not used in our units"
        key, _, value = line.partition("=")
        current.append((key.strip(), value.strip()))
    return sections


def values(path: Path, section: str, key: str) -> list[str]:
    return [v for k, v in read_unit(path).get(section, []) if k == key]


def value(path: Path, section: str, key: str) -> str:
    found = values(path, section, key)
    assert len(found) == 1, f"{path.name}: [{section}] {key}= set {len(found)} times"
    return found[0]


def exec_start(path: Path) -> list[str]:
    return shlex.split(value(path, "Service", "ExecStart"))
