"""The deployed tier: the app as it ships (scripts/install into a temporary root, its
own venv of Debian's python3, from the locked wheelhouse with no package index), run as
a throw-away unprivileged user inside real cage, sway or Xvfb. What each test proves is
in docs/deploy.md ("The deployed test tier"). Everything here runs in one xdist worker
(one install, one user) and cleans up users, processes and directories after itself."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.box import install, users
from devtools.box.session import Session, missing_tools


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/deployed/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.deployed)
            item.add_marker(pytest.mark.xdist_group("deployed"))


def need(*tools: str) -> None:
    if missing := missing_tools(*tools):
        pytest.skip(f"not installed: {', '.join(missing)} (scripts/setup installs them)")


@pytest.fixture(scope="session")
def user() -> Iterator[users.User]:
    if reason := users.why_not():
        pytest.skip(reason)
    made = users.create()
    try:
        yield made
    finally:
        users.remove(made)


@pytest.fixture(scope="session")
def installed(user: users.User) -> Iterator[install.Installed]:
    """scripts/install --root R --venv from a wheelhouse of this checkout, index off."""
    if reason := install.why_not():
        pytest.skip(reason)
    base = install.make_world_readable_dir("k110-deployed-")
    try:
        wheelhouse = install.build_wheelhouse(base / "wheelhouse")
        yield install.install(base / "root", wheelhouse)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def session(user: users.User, installed: install.Installed) -> Iterator[Session]:
    home = install.make_world_readable_dir("k110-session-")
    s = Session(user, home)
    try:
        yield s
    finally:
        s.close()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def shots(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where a test keeps its screenshots (KIOSK110_SHOTS=DIR keeps them for a look)."""
    import os

    keep = os.environ.get("KIOSK110_SHOTS")
    if keep:
        name: str = request.node.name  # pytest types the node loosely
        path = Path(keep) / name.replace("/", "_")
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path
