"""The installed kiosk (scripts/install pip-installs a wheel, not this checkout) must
carry its data files: schemas, translations, the command centre's templates. The locks
pin each product and only that product; a kiosk and a centre install from their locked
wheelhouse with no package index, and hold nothing of the other product."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.box.install import (
    Installed,
    build_wheelhouse,
    install,
    make_world_readable_dir,
    why_not,
)

ROOT = Path(__file__).resolve().parent.parent


# The offline installs take ~30 s to build: one worker builds them once (under xdist
# each worker would build its own copy). Session-scoped, because a module-scoped one
# was built twice when the worker ran other modules' tests between these.
pytestmark = pytest.mark.xdist_group("packaging")

def test_the_wheel_carries_every_data_file_of_the_packages(tmp_path: Path) -> None:
    packages = ("wire", "core", "kiosk", "phone", "hardware", "ui", "offline_queue",
                "command_center")
    wanted = {str(p.relative_to(ROOT)) for pkg in packages for p in (ROOT / pkg).rglob("*")
              if p.is_file() and p.suffix not in (".py", ".pyc")
              and "__pycache__" not in p.parts}
    assert {"wire/schemas/report.schema.json", "ui/i18n/kiosk110_id.qm",
            "ui/maintenance/i18n/maintenance_id.qm"} <= wanted
    # Build from a copy: setuptools leaves build/ and *.egg-info/ in the source tree.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for pkg in packages:
        shutil.copytree(ROOT / pkg, src / pkg,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "dist"), str(src)], check=True, capture_output=True,
                   timeout=300)
    (wheel,) = (tmp_path / "dist").glob("kiosk110-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert wanted <= names, sorted(wanted - names)


# --------------------------------------------------------------- locks and installs

SERVER_ONLY = {"fastapi", "uvicorn", "starlette", "httptools", "uvloop", "jinja2",
               "python-multipart", "pydantic", "pydantic-core", "markupsafe"}
KIOSK_ONLY = {"pyside6-essentials", "shiboken6", "pyserial", "qrcode", "pyttsx3", "requests"}
DEV_ONLY = {"pillow", "pytest", "hypothesis", "mypy", "ruff", "pip-tools"}


def _pins(lock: Path) -> dict[str, str]:
    """name -> version of every requirement in a pip-compile lock; each must be hashed."""
    pins: dict[str, str] = {}
    for block in lock.read_text().split("\n"):
        if block and not block.startswith((" ", "#")):
            name, _, rest = block.partition("==")
            pins[name.lower()] = rest.split()[0]
    hashed = lock.read_text().count("==")
    assert hashed == len(pins), lock
    for name in pins:
        entry = lock.read_text().split(f"\n{name}==", 1)[-1].split("\n    # via")[0]
        assert "--hash=sha256:" in entry, f"{lock.name}: {name} has no hash"
    return pins


def _names(requirements: list[str]) -> set[str]:
    import re

    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements}


def test_each_lock_pins_its_product_and_only_its_product() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    base = _names(project["dependencies"])
    locks = {name: _pins(ROOT / "locks" / f"{name}.txt") for name in ("dev", "kiosk", "server")}
    # GIVEN pyproject's extras THEN each lock holds what its product declares ...
    assert base | _names(extras["kiosk"]) <= set(locks["kiosk"])
    assert base | _names(extras["server"]) <= set(locks["server"])
    assert base | {n for deps in extras.values() for n in _names(deps)} <= set(locks["dev"])
    # ... nothing of the other product, nothing of development ...
    assert not set(locks["kiosk"]) & (SERVER_ONLY | DEV_ONLY)
    assert not set(locks["server"]) & (KIOSK_ONLY | DEV_ONLY)
    # ... and the very versions the tests run with (the dev lock).
    for product in ("kiosk", "server"):
        for name, version in locks[product].items():
            assert locks["dev"][name] == version, f"{product}: {name}"
    # The release that aborts a Python 3.11 kiosk ("none_dealloc") is never locked.
    assert locks["kiosk"]["pyside6-essentials"] != "6.12.0"
    assert any("!=6.12.0" in r for r in extras["kiosk"]), "keep the exclusion for relocks"


@pytest.fixture(scope="session")
def offline_installs() -> Iterator[dict[str, Installed]]:
    """scripts/install (kiosk) and scripts/install-centre (server) into temporary roots,
    each from a wheelhouse of this checkout, with the package index off."""
    for target in ("kiosk", "server"):
        if reason := why_not(target):
            pytest.skip(reason)
    base = make_world_readable_dir("k110-packaging-")
    try:
        yield {"kiosk": install(base / "kiosk", build_wheelhouse(base / "wh-kiosk")),
               "server": install(base / "server", build_wheelhouse(base / "wh-server", "server"),
                                 script="scripts/install-centre")}
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _centre_python(installed: Installed) -> Path:
    return installed.root / "opt/kiosk110-centre/venv/bin/python"


def test_a_kiosk_install_holds_no_server_packages(
        offline_installs: dict[str, Installed]) -> None:
    kiosk = offline_installs["kiosk"]
    installed = set(kiosk.site_packages())
    assert "pyside6-essentials" in installed and "kiosk110" in installed
    assert not installed & (SERVER_ONLY | DEV_ONLY), installed & (SERVER_ONLY | DEV_ONLY)
    # ... and what it holds runs the kiosk: the app and the uploader import.
    subprocess.run([str(kiosk.python), "-c", "import kiosk.app, offline_queue.delivery"],
                   check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)


def test_a_centre_install_holds_no_pyside6(offline_installs: dict[str, Installed]) -> None:
    centre = offline_installs["server"]
    python = _centre_python(centre)
    code = ("import importlib.metadata as m; "
            "print('\\n'.join(d.metadata['Name'].lower() for d in m.distributions()))")
    installed = set(subprocess.run([str(python), "-c", code], check=True, capture_output=True,
                                   text=True).stdout.replace("_", "-").split())
    assert "fastapi" in installed and "kiosk110" in installed
    assert not installed & (KIOSK_ONLY | DEV_ONLY), installed & (KIOSK_ONLY | DEV_ONLY)
    subprocess.run([str(python), "-m", "command_center", "--help"], check=True,
                   capture_output=True, timeout=60)


def test_the_kiosk_venv_is_debians_python_and_only_the_wheelhouse(
        offline_installs: dict[str, Installed]) -> None:
    kiosk = offline_installs["kiosk"]
    cfg = (kiosk.root / "opt/kiosk110/venv/pyvenv.cfg").read_text()
    assert "home = /usr/bin" in cfg, cfg
    assert "installing the app into" in kiosk.output and "no package index" in kiosk.output
    wanted = {line.split("==")[0].split("[")[0]
              for line in (kiosk.wheelhouse / "requirements.txt").read_text().splitlines()
              if "==" in line}
    # Debian's venv brings its own pip and setuptools; everything else is the wheelhouse.
    assert set(kiosk.site_packages()) - {"pip", "setuptools"} == wanted


def test_a_tampered_wheelhouse_is_refused(offline_installs: dict[str, Installed],
                                          tmp_path: Path) -> None:
    house = tmp_path / "wheelhouse"
    shutil.copytree(offline_installs["kiosk"].wheelhouse, house)
    (wheel,) = house.glob("qrcode-*.whl")
    data = bytearray(wheel.read_bytes())
    data[-100] ^= 0xFF
    wheel.write_bytes(bytes(data))
    root = make_world_readable_dir("k110-tampered-")
    try:
        with pytest.raises(RuntimeError, match=r"(?i)hash"):
            install(root, house)
        assert not (root / "opt/kiosk110/venv").exists(), "a failed install left a venv"
    finally:
        shutil.rmtree(root, ignore_errors=True)
