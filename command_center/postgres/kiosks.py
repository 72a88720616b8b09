"""Kiosks on PostgreSQL (command_center/tables/kiosks.py holds their tables):
heartbeats, and the pruning of old usage hours (each item's usage is counted in its
own insert statement: command_center/postgres/reports.py)."""

from __future__ import annotations

import json

from command_center.postgres.base import Tables
from command_center.postgres.pool import Conn
from command_center.tables import kiosks
from command_center.tables.kiosks import HOUR

PRUNE_EVERY = 1000   # stored items between two prunings of old usage hours
__all__ = ["HOUR", "KioskTables"]


class KioskTables(kiosks.KioskTables, Tables):
    _usage_writes: int = 0

    async def put_heartbeat(self, kiosk_id: str, body: dict[str, object],
                            received_at: float) -> None:
        values = (received_at, json.dumps(body, ensure_ascii=True), kiosk_id)
        await self._write(lambda conn: conn.execute(
            "UPDATE kiosks SET last_heartbeat_at=%s, heartbeat=%s WHERE id=%s", values))

    def _usage_stored(self, conn: Conn, hour: int) -> None:
        """One more item counted in kiosk_usage: forget hours older than two days now
        and then."""
        self._usage_writes += 1
        if self._usage_writes % PRUNE_EVERY == 0:
            conn.execute("DELETE FROM kiosk_usage WHERE hour < %s", (hour - 48,))
