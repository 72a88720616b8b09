"""Kiosks: registration with their place, tokens, heartbeats, usage for the quota."""

from __future__ import annotations

import json
import sqlite3

from command_center import auth, rows
from command_center.errors import AlreadyExists, NotFound, StoreError
from command_center.model import KioskRow, Place
from command_center.sqlite.base import Tables, dicts, one
from command_center.store import KioskIdentity

HOUR = 3600


class KioskTables(Tables):
    def add_kiosk(self, kiosk_id: str, place: Place | None = None) -> str:
        token = auth.new_token()
        try:
            with self.db.transaction() as conn:
                conn.execute(
                    "INSERT INTO kiosks (id, token_hash, registered_at, station, lat, lon) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (kiosk_id, auth.token_hash(token), self._clock(),
                     *((place.station, place.lat, place.lon) if place else (None,) * 3)))
        except sqlite3.IntegrityError:
            raise AlreadyExists(f"kiosk {kiosk_id!r} is already registered") from None
        return token

    def set_kiosk_place(self, kiosk_id: str, place: Place) -> None:
        with self.db.transaction() as conn:
            cur = conn.execute("UPDATE kiosks SET station=?, lat=?, lon=? WHERE id=?",
                               (place.station, place.lat, place.lon, kiosk_id))
            if cur.rowcount == 0:
                raise NotFound(f"no kiosk {kiosk_id!r}")

    def rotate_kiosk_token(self, kiosk_id: str) -> str:
        token = auth.new_token()
        with self.db.transaction() as conn:
            cur = conn.execute("UPDATE kiosks SET token_hash=? WHERE id=?",
                               (auth.token_hash(token), kiosk_id))
            if cur.rowcount == 0:
                raise NotFound(f"no kiosk {kiosk_id!r}")
        return token

    def kiosk_for_token(self, token: str) -> KioskIdentity | None:
        row = one(self.db.conn().execute(
            "SELECT id, registered_at, station, lat, lon FROM kiosks WHERE token_hash=?",
            (auth.token_hash(token),)))
        if row is None:
            return None
        kiosk = rows.kiosk_row(row, None)
        return KioskIdentity(kiosk.id, kiosk.registered_at, kiosk.place)

    def kiosks(self) -> list[KioskRow]:
        found = dicts(self.db.conn().execute(
            "SELECT k.id, k.registered_at, k.station, k.lat, k.lon, k.last_heartbeat_at, "
            "k.heartbeat, CASE WHEN k.station IS NULL THEN coalesce("
            " (SELECT body FROM reports r WHERE r.kiosk_id = k.id "
            "  ORDER BY r.rowid DESC LIMIT 1),"
            " (SELECT body FROM events e WHERE e.kiosk_id = k.id "
            "  ORDER BY e.rowid DESC LIMIT 1)) END AS claimed "
            "FROM kiosks k ORDER BY k.id"))
        return [rows.kiosk_row(r, rows.claimed_place(r["claimed"])
                               if r["claimed"] is not None else None) for r in found]

    def usage_bytes(self, kiosk_id: str, since: float) -> int:
        row = self.db.conn().execute(
            "SELECT coalesce(sum(bytes), 0) FROM kiosk_usage WHERE kiosk_id=? AND hour>=?",
            (kiosk_id, int(since // HOUR))).fetchone()
        return int(row[0])

    def recent_reports(self, kiosk_id: str, since: float) -> int:
        row = self.db.conn().execute(
            "SELECT count(*) FROM reports WHERE kiosk_id=? AND received_at>=?",
            (kiosk_id, since)).fetchone()
        return int(row[0])

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
