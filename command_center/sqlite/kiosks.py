"""Kiosks on SQLite (command_center/tables/kiosks.py holds their tables): heartbeats,
and usage counted inside each stored item's transaction."""

from __future__ import annotations

import json
import sqlite3

from command_center.errors import StoreError
from command_center.sqlite.base import Tables
from command_center.tables import kiosks
from command_center.tables.kiosks import HOUR

__all__ = ["HOUR", "KioskTables", "count_usage"]


class KioskTables(kiosks.KioskTables, Tables):
    async def put_heartbeat(self, kiosk_id: str, body: dict[str, object],
                            received_at: float) -> None:
        values = (received_at, json.dumps(body, ensure_ascii=True), kiosk_id)
        try:
            await self._write(lambda conn: conn.execute(
                "UPDATE kiosks SET last_heartbeat_at=?, heartbeat=? WHERE id=?", values))
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot store heartbeat: {exc}") from exc


def count_usage(conn: sqlite3.Connection, kiosk_id: str, received_at: float,
                size: int) -> None:
    """Add one stored item of `size` bytes to the kiosk's usage (inside the insert's
    transaction), and forget hours older than two days now and then."""
    hour = int(received_at // HOUR)
    conn.execute("INSERT INTO kiosk_usage (kiosk_id, hour, bytes, items) VALUES (?,?,?,1) "
                 "ON CONFLICT(kiosk_id, hour) DO UPDATE SET bytes = bytes + excluded.bytes, "
                 "items = items + 1", (kiosk_id, hour, size))
    if conn.total_changes % 1000 == 0:
        conn.execute("DELETE FROM kiosk_usage WHERE hour < ?", (hour - 48,))
