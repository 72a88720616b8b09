"""The store contract against the PostgreSQL engine, and what only PostgreSQL has: a
schema several processes migrate at once, NOTIFY in the change's own transaction, and a
listener that comes back after losing its connection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from command_center.postgres import PostgresStore
from command_center.store import Store

from .store_contract import StoreContract

# Numbers a double precision column cannot hold are written as NaN: read back, it is
# just as damaged (not a finite number), which is what the contract checks.
UNSTORABLE_NUMBER = float("nan")
NUMERIC = {"lat", "lon", "received_at", "updated_at", "created_ts", "registered_at"}


class TestPostgresStore(StoreContract):
    @pytest.fixture
    def store(self, pg_url: str) -> Iterator[Store]:
        store = PostgresStore(pg_url)
        yield store
        store.close()

    def corrupt(self, store: Store, table: str, row_id: str, column: str,
                value: Any) -> None:
        assert isinstance(store, PostgresStore)
        if column in NUMERIC and not isinstance(value, int | float):
            value = UNSTORABLE_NUMBER
        with store.pool.connection() as conn:
            conn.execute(f"UPDATE {table} SET {column}=%s WHERE id=%s".encode(),
                         (value, row_id))
