"""The store contract against the SQLite engine, and what only SQLite has: upgrading a
file written by the previous version in place."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from command_center.db import DB_FILE, MIGRATIONS
from command_center.model import Action, Status
from command_center.sqlite import SqliteStore
from command_center.store import Store

from .messages_contract import MessagesContract
from .network_contract import NetworkContract
from .store_contract import StoreContract, put, report

ROOT = Path(__file__).resolve().parents[2]
# The commit whose schema (version 1, before issue 14) is deployed today: the upgrade is
# tested against exactly that file's SCHEMA.
OLD_RELEASE = "c7adb6e"


class TestSqliteStore(StoreContract, MessagesContract, NetworkContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        store = SqliteStore(tmp_path / "cc")
        yield store
        store.close()

    def corrupt(self, store: Store, table: str, row_id: str, column: str,
                value: Any) -> None:
        assert isinstance(store, SqliteStore)
        with store.db.transaction() as conn:
            conn.execute(f"UPDATE {table} SET {column}=? WHERE id=?", (value, row_id))

    def another_process(self, store: Store) -> Store:
        assert isinstance(store, SqliteStore)
        return SqliteStore(store.db.path.parent)


def test_a_database_of_the_previous_version_is_upgraded_in_place(tmp_path: Path) -> None:
    old_db = subprocess.run(["git", "show", f"{OLD_RELEASE}:command_center/db.py"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    if old_db.returncode != 0:
        pytest.skip("no git history here")
    namespace: dict[str, Any] = {}
    exec(compile(old_db.stdout.split("class Database")[0], "old_db", "exec"), namespace)
    data = tmp_path / "cc"
    data.mkdir()
    conn = sqlite3.connect(data / DB_FILE)
    conn.executescript(namespace["SCHEMA"])
    conn.execute("INSERT INTO kiosks (id, token_hash, registered_at) VALUES ('k', 'h', 1)")
    conn.commit()
    conn.close()
    store = SqliteStore(data)
    try:
        item = report()
        put(store, item)
        store.act(item.id, Action.CLOSE, "siti")
        stored = store.report(item.id)
        assert stored is not None and stored.status is Status.CLOSED
        assert store.kiosks()[0].id == "k"
        version = store.db.conn().execute("PRAGMA user_version").fetchone()[0]
        assert version == len(MIGRATIONS) == 6   # every migration applied
    finally:
        store.close()
    SqliteStore(data).close()   # opening again changes nothing
