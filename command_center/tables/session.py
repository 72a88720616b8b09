"""What an engine gives the shared tables: sessions that run standard SQL.

SQL here is written with `?` placeholders (SQLite's); PostgreSQL's session turns them
into `%s`. A session's rows are dicts keyed by column name on both engines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar, Protocol

from command_center.live import ChangeKind

Params = Sequence[Any]


class Reads(Protocol):
    """Reading outside a transaction (`Engine._read`)."""

    def rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]: ...

    def one(self, sql: str, params: Params = ()) -> dict[str, Any] | None: ...


class Session(Reads, Protocol):
    """One connection in a write transaction (`Engine._tx`)."""

    def run(self, sql: str, params: Params = ()) -> int:
        """Run a write; how many rows it touched."""
        ...

    def record(self, kind: ChangeKind, ref: str, at: float, priority: str = "") -> None:
        """Append a change for the live inbox in this session's transaction."""
        ...


class Engine:
    """What each engine's store provides to the shared tables."""

    # Appended to a SELECT that reads a row the transaction is about to change: the
    # row lock on PostgreSQL; nothing on SQLite, whose BEGIN IMMEDIATE locks it all.
    LOCK: ClassVar[str] = ""
    # Appended to a claim's SELECT: rows another transaction holds are skipped, so two
    # claimers (PostgreSQL, several centre processes) take disjoint rows and neither
    # waits; on SQLite BEGIN IMMEDIATE admits one claimer at a time.
    SKIP_LOCKED: ClassVar[str] = ""
    # The column that orders rows as the database received them.
    ARRIVAL: ClassVar[str] = "rowid"
    _clock: Callable[[], float]

    def _tx(self) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _read(self) -> Reads:
        raise NotImplementedError

    def _changed(self) -> None:
        """After a committed write the live inbox cares about (SQLite wakes its feed;
        PostgreSQL's NOTIFY has done it already)."""

    def _findable(self, *keys: str) -> bool:
        """Whether a stored row could have these keys (PostgreSQL refuses some text)."""
        return True


def marks(n: int) -> str:
    """`?,?,…`: n placeholders for an IN list or a VALUES row."""
    return ",".join("?" * n)
