"""Shared fixtures: a valid config in a temp data dir (tests/support/config.py), and a
PII guard on every log record of every test (tests/support/pii_guard.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.nodeid import NodeId

from core.config import Config, load_config
from tests.support.config import write_config
from tests.support.pii_guard import PiiGuard

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return write_config(tmp_path)


@pytest.fixture
def config(config_path: Path) -> Config:
    return load_config(config_path)


@pytest.fixture(autouse=True)
def _no_real_phone_service(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never talk to a phone service they did not start: the default socket
    (/run/kiosk110-phone/phone.sock) is replaced by a path nobody listens on, for this
    process and the processes it starts. A test that runs a phone process points
    KIOSK110_PHONE_SOCKET at it."""
    from phone.protocol import SOCKET_ENV

    monkeypatch.setenv(SOCKET_ENV, str(tmp_path_factory.getbasetemp() / "no-phone.sock"))


@pytest.fixture(autouse=True)
def _delete_this_tests_widgets() -> Iterator[None]:
    """Destroy the Qt widgets a test closed (pytest-qt's teardown only schedules their
    deletion) before the next test starts. Left to pile up, the deletion of a hundred
    kiosk windows ran inside a later test's event loop and took seconds, long enough to
    time out that test's wait for a signal."""
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _pii_guard(request: pytest.FixtureRequest) -> Iterator[PiiGuard]:
    """Fail the test if a test NIK, phone, name or token reaches any log record, raw.
    A test that logs such values on purpose (to test the masking) says so with
    `@pytest.mark.logs_pii`."""
    import logging

    guard = PiiGuard()
    root = logging.getLogger()
    # Every record at the kiosk's level (INFO and up) is checked.
    old_level = root.level
    root.addHandler(guard)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    try:
        yield guard
    finally:
        root.removeHandler(guard)
        root.setLevel(old_level)
    if request.node.get_closest_marker("logs_pii") is None and guard.problems():
        pytest.fail("personal data or a secret reached the logs:\n  "
                    + "\n  ".join(guard.problems()[:10]), pytrace=False)


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """A main run in-process attaches its JSON handler to the root logger, on a stream
    (capsys', a pipe) that is closed once the test ends: take it away again, so later
    tests in this worker print no 'Logging error' and keep their own handlers."""
    yield
    from wire.logs import remove_logging

    remove_logging()


@pytest.fixture(autouse=True)
def _umask_restored() -> Iterator[None]:
    """A command run in-process may set the process umask for good (the centre's CLI
    makes everything it creates private): restore it, so no later test in this worker
    writes files another user cannot read."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--dist loadgroup` sends the tests of one `xdist_group` to one worker, by a
    `@group` suffix on their node ids. pytest-xdist 3.8 writes that suffix to
    `item._nodeid`, which pytest 9.2 no longer reads (a node id is `item._id` now), so
    the groups were silently spread over both workers: the packaging installs were
    built twice (2 x 30 s) and the deployed tier ran on both workers at once. Until
    xdist follows, the suffix is written where pytest reads it; once xdist writes it
    again, this does nothing."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        if item.nodeid.rfind("@") > item.nodeid.rfind("]"):
            continue   # already grouped (by xdist itself)
        groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                         for m in item.iter_markers("xdist_group")})
        if groups:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")
