"""Fixtures of the UI tests, by name: the kiosk's simulators and a receiving command
centre (tests/ui/kiosk_support.py), every log line of a test (checked for secrets), and
the maintenance screens' services on stand-in devices (tests/ui/maint_rig.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.config import Config
from tests.kiosk.maint_support import log_lines
from tests.ui.kiosk_support import receiver, sims
from tests.ui.maint_rig import Rig, make_rig

__all__ = ["log_lines", "receiver", "sims"]   # fixtures, for the tests of this directory


@pytest.fixture
def rig(config: Config, tmp_path: Path, log_lines: list[str]) -> Iterator[Rig]:
    rig = make_rig(config, tmp_path, log_lines)
    yield rig
    rig.close()
