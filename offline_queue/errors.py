"""The outbox's exception hierarchy: SQLite errors are wrapped at the boundary.

Every error says what happened to the storage in words a technician can act on; none
of them is ever raised after a commit returned, so "not stored" is always the truth.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from core.errors import KioskError

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


class OutboxError(KioskError):
    """The outbox could not do what was asked; nothing was stored or changed."""


class StorageFull(OutboxError):
    """The disk (or the outbox's page quota) is full."""


class StorageReadOnly(OutboxError):
    """The data directory or the database file cannot be written."""


class StorageCorrupt(OutboxError):
    """The database file is damaged or is not an outbox database."""


class StorageBusy(OutboxError):
    """Another process held the database lock for longer than the busy timeout."""


class StorageIOError(OutboxError):
    """The operating system reported an I/O error on the database file."""


class StorageReplaced(OutboxError):
    """The outbox file (or its -wal) was deleted or replaced while it was open: a write
    would land in a file nobody will read again, so it is refused."""


class DuplicateItem(OutboxError):
    """An item with this id is already queued with a different body."""


class ForeignItem(OutboxError):
    """The item names another kiosk than this one: the command centre would refuse it."""


class SealingUnavailable(OutboxError):
    """A report cannot be sealed (no centre key configured, or a key file unreadable):
    it is not stored, since personal data is never written in clear (docs/outbox.md,
    "Sealed on the kiosk"). Events are not affected."""


class RecoveryFailed(OutboxError):
    """`recover` could not build a usable outbox; the original files are untouched."""


class UploaderLocked(OutboxError):
    """Another uploader process already owns this outbox."""


def wrap_sqlite(exc: sqlite3.Error, path: Path, doing: str) -> OutboxError:
    """The OutboxError that explains `exc`, raised while `doing` something on `path`."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    detail = f"{doing}: {path}: {exc}"
    if code == SQLITE_FULL:
        return StorageFull(f"storage full, nothing was stored ({detail})")
    if code == SQLITE_READONLY or (code == SQLITE_CANTOPEN and not _writable(path)):
        return StorageReadOnly(f"data directory or database is read-only ({detail})")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StorageCorrupt(f"outbox database is corrupt ({detail}); run `python -m "
                              "offline_queue --config C recover` (do not move the file by "
                              f"hand: {path.name}-wal and {path.name}-shm beside it hold "
                              "reports too)")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageBusy(f"outbox database is locked by another process ({detail})")
    if code == SQLITE_IOERR:
        return StorageIOError(f"disk I/O error, nothing was stored ({detail})")
    return OutboxError(detail)


def _writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(path.parent, os.W_OK)
