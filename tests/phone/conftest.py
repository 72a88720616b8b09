"""The phone tests' simulators, by name (`modem`, `hook`), and no short temp dirs left
behind (tests/phone/support.py short_dir)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator
from tests.phone.support import remove_made_dirs


@pytest.fixture
def modem() -> Iterator[ModemSimulator]:
    with ModemSimulator() as sim:
        yield sim


@pytest.fixture
def hook() -> Iterator[HookSimulator]:
    with HookSimulator() as sim:
        yield sim


@pytest.fixture(autouse=True)
def _remove_short_dirs() -> Iterator[None]:
    yield
    remove_made_dirs()
