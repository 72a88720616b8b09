"""The phone tests leave no short temp dirs behind (tests/phone/support.py short_dir)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.phone.support import remove_made_dirs


@pytest.fixture(autouse=True)
def _remove_short_dirs() -> Iterator[None]:
    yield
    remove_made_dirs()
