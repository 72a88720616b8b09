"""The app installed the way scripts/install installs it: a wheelhouse built from this
checkout (scripts/wheelhouse, its third-party wheels taken from the one `make setup`
built, so no package index is asked), then `scripts/install --root R --venv`, which
makes the venv from Debian's /usr/bin/python3 and installs from the wheelhouse with the
package index off (PIP_NO_INDEX=1, PIP_CONFIG_FILE=/dev/null)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SETUP_WHEELHOUSE = ROOT / "var" / "wheelhouse"
APP = Path("opt/kiosk110")


def offline_env() -> dict[str, str]:
    """The caller's environment with every way to reach a package index removed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull)
    return env


def why_not(target: str = "kiosk") -> str | None:
    if not Path("/usr/bin/python3").exists():
        return "Debian's /usr/bin/python3 is not installed"
    if not (SETUP_WHEELHOUSE / target / "requirements.txt").is_file():
        return f"no {SETUP_WHEELHOUSE / target}: run `make setup` (it builds the wheelhouse)"
    return None


def build_wheelhouse(out: Path, target: str = "kiosk") -> Path:
    """This checkout's wheelhouse, with no package index."""
    subprocess.run([str(ROOT / "scripts/wheelhouse"), "--target", target, "--out", str(out),
                    "--find-links", str(SETUP_WHEELHOUSE / target)], env=offline_env(),
                   check=True, capture_output=True, text=True, timeout=300)
    return out


@dataclass
class Installed:
    root: Path          # the --root directory: opt/kiosk110, etc/kiosk110, ...
    wheelhouse: Path
    output: str         # what scripts/install printed

    @property
    def python(self) -> Path:
        return self.root / APP / "venv/bin/python"

    def site_packages(self) -> list[str]:
        """Distribution names installed in the venv (normalised, lower case)."""
        code = ("import importlib.metadata as m, re; print('\\n'.join(sorted("
                "re.sub(r'[-_.]+', '-', d.metadata['Name']).lower() for d in m.distributions())))")
        out = subprocess.run([str(self.python), "-c", code], check=True, capture_output=True,
                             text=True).stdout
        return out.split()


def install(root: Path, wheelhouse: Path, script: str = "scripts/install") -> Installed:
    """scripts/install (or scripts/install-centre) into `root`, the package index off."""
    args = [str(ROOT / script), "--root", str(root), "--wheelhouse", str(wheelhouse)]
    if script == "scripts/install":
        args.append("--venv")
    done = subprocess.run(args, env=offline_env(), capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{script} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return Installed(root, wheelhouse, done.stdout)


def make_world_readable_dir(prefix: str) -> Path:
    """A temporary directory the throw-away user can traverse (pytest's are 0700)."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
