"""The installed kiosk (scripts/install pip-installs a wheel, not this checkout) must
carry its data files: schemas, translations, the command centre's templates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_every_data_file_of_the_packages(tmp_path: Path) -> None:
    packages = ("wire", "core", "kiosk", "hardware", "ui", "offline_queue", "command_center")
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
