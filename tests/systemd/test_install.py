"""scripts/install --root: everything lands where the units expect it, with the right
modes; a second run keeps the kiosk's config. (apt, pip, users and systemctl are skipped
under --root; docs/deploy.md lists what was not tested here.)"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.systemd.units import (
    EXAMPLE_CONFIG,
    INSTALL,
    PHONE_UNIT,
    SYSTEMD_DIR,
    SYSUSERS,
    TMPFILES,
    UDEV_RULES,
    UI_UNIT,
    UPLOADER_UNIT,
    read_unit,
)

INSTALLED = {  # path under the root -> (source, mode)
    "etc/systemd/system/kiosk-ui.service": (UI_UNIT, 0o644),
    "etc/systemd/system/kiosk-uploader.service": (UPLOADER_UNIT, 0o644),
    "etc/systemd/system/kiosk-phone.service": (PHONE_UNIT, 0o644),
    "etc/udev/rules.d/70-kiosk110.rules": (UDEV_RULES, 0o644),
    "etc/sysusers.d/kiosk110.conf": (SYSUSERS, 0o644),
    "etc/tmpfiles.d/kiosk110.conf": (TMPFILES, 0o644),
    "etc/sysctl.d/90-kiosk110.conf": (SYSTEMD_DIR / "sysctl.d/90-kiosk110.conf", 0o644),
    "etc/kiosk110/kiosk.toml.example": (EXAMPLE_CONFIG, 0o644),
    "etc/kiosk110/kiosk.toml": (EXAMPLE_CONFIG, 0o640),
}


def install(root: Path) -> str:
    result = subprocess.run([str(INSTALL), "--root", str(root)], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("root")
    return root, install(root)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


def test_files_land_where_expected_with_their_modes(root: tuple[Path, str]) -> None:
    base, _ = root
    for rel, (source, want) in INSTALLED.items():
        path = base / rel
        assert path.read_bytes() == source.read_bytes(), rel
        assert mode(path) == want, f"{rel}: {oct(mode(path))}"
    assert mode(base / "etc/kiosk110") == 0o750


def test_the_app_source_is_read_only_for_the_services(root: tuple[Path, str]) -> None:
    src = root[0] / "opt/kiosk110/src"
    for package in ("kiosk", "hardware", "ui", "offline_queue"):
        assert (src / package / "__init__.py").is_file(), package
    assert (src / "pyproject.toml").is_file()
    assert not (src / "tests").exists() and not list(src.rglob("__pycache__"))
    for path in [src, *src.rglob("*")]:
        assert not mode(path) & 0o022, f"{path}: writable by others than root"
        assert mode(path) & 0o444 == 0o444, f"{path}: not readable by the services"


def test_the_installed_app_loads_the_installed_config(root: tuple[Path, str]) -> None:
    base, _ = root
    src = base / "opt/kiosk110/src"
    code = ("import sys, kiosk; from core.config import load_config; "
            "cfg = load_config(sys.argv[1]); print(kiosk.__file__); print(cfg.kiosk.id)")
    out = subprocess.run([sys.executable, "-c", code, str(base / "etc/kiosk110/kiosk.toml")],
                         capture_output=True, text=True, check=True, cwd=src,
                         env={**os.environ, "PYTHONPATH": str(src)}).stdout.split()
    assert out[0].startswith(str(src)), "imported the installed copy, not the checkout"


def deb_packages() -> list[str]:
    """DEB_PACKAGES as bash reads it from scripts/install."""
    script = ('eval "$(sed -n "/^DEB_PACKAGES=(/,/^)/p" "$1")"; '
              'printf "%s\\n" "${DEB_PACKAGES[@]}"')
    return subprocess.run(["bash", "-c", script, "bash", str(INSTALL)], capture_output=True,
                          text=True, check=True).stdout.split()


def test_units_reference_paths_that_exist_in_the_root(root: tuple[Path, str]) -> None:
    base, _ = root
    made_by_tmpfiles = {line.split()[1] for line in TMPFILES.read_text().splitlines()
                        if line.split()[:1] == ["d"]}
    from_debian = {"/usr/bin/cage": "cage", "/usr/bin/env": "coreutils"}
    packages = [*deb_packages(), "coreutils"]  # coreutils is Essential: always there
    for unit in ("kiosk-ui.service", "kiosk-uploader.service", "kiosk-phone.service"):
        sections = read_unit(base / "etc/systemd/system" / unit)
        service = dict(sections["Service"])
        for arg in shlex.split(service["ExecStart"]):
            if arg in from_debian:
                assert from_debian[arg] in packages, f"{unit}: {arg}: package not installed"
            elif arg.startswith("/"):
                assert os.path.lexists(base / arg.lstrip("/")), f"{unit}: {arg}"
        for key, path in sections["Service"]:
            if key == "ReadWritePaths":
                assert path.lstrip("-") in made_by_tmpfiles, f"{unit}: {path}"
        docs = dict(sections["Unit"])["Documentation"]
        assert (base / docs.removeprefix("file:/")).is_file(), f"{unit}: {docs}"


def test_live_system_steps_are_skipped_and_said_so(root: tuple[Path, str]) -> None:
    _, out = root
    for step in ("apt-get install", "pip install", "systemd-sysusers", "systemd-tmpfiles",
                 "udevadm", "sysctl", "systemctl mask ctrl-alt-del", "systemctl enable"):
        assert any(line.startswith("install: skipped") and step in line
                   for line in out.splitlines()), step


def test_second_run_keeps_the_kiosks_config(tmp_path: Path) -> None:
    install(tmp_path)
    config = tmp_path / "etc/kiosk110/kiosk.toml"
    edited = config.read_text().replace('"MRT Bundaran HI"', '"Halte Transjakarta Sarinah"')
    config.write_text(edited)
    (tmp_path / "etc/kiosk110/kiosk.toml.example").write_text("stale")
    out = install(tmp_path)
    assert config.read_text() == edited
    assert "kept the existing /etc/kiosk110/kiosk.toml" in out
    assert (tmp_path / "etc/kiosk110/kiosk.toml.example").read_bytes() == \
        (SYSTEMD_DIR / "kiosk.toml.example").read_bytes()


def test_refuses_unknown_options(tmp_path: Path) -> None:
    result = subprocess.run([str(INSTALL), "--root", str(tmp_path), "--frobnicate"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "unknown option: --frobnicate" in result.stderr
    assert not (tmp_path / "etc").exists()
