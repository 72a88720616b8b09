"""What the parts of the SQLite engine share."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from command_center.db import Database

T = TypeVar("T")
OPEN = "status IN ('received', 'acknowledged', 'dispatched')"


class Tables:
    """Attributes SqliteStore provides to each part."""

    db: Database
    _clock: Callable[[], float]

    async def _write(self, write: Callable[[sqlite3.Connection], T]) -> T:
        raise NotImplementedError


def dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(cursor: sqlite3.Cursor) -> dict[str, Any] | None:
    rows = dicts(cursor)
    return rows[0] if rows else None
