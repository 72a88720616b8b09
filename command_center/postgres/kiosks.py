"""Kiosks: registration with their place, tokens, heartbeats, usage for the quota."""

from __future__ import annotations

import json

import psycopg

from command_center import auth, rows
from command_center.errors import AlreadyExists, NotFound
from command_center.model import KioskRow, Place
from command_center.postgres.base import Tables
from command_center.postgres.pool import Conn
from command_center.store import KioskIdentity

HOUR = 3600
PRUNE_EVERY = 1000   # stored items between two prunings of old usage hours


class KioskTables(Tables):
    _usage_writes: int = 0

    def add_kiosk(self, kiosk_id: str, place: Place | None = None) -> str:
        token = auth.new_token()
        try:
            with self._transaction() as conn:
                conn.execute(
                    "INSERT INTO kiosks (id, token_hash, registered_at, station, lat, lon) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    (kiosk_id, auth.token_hash(token), self._clock(),
                     *((place.station, place.lat, place.lon) if place else (None,) * 3)))
        except psycopg.errors.UniqueViolation:
            raise AlreadyExists(f"kiosk {kiosk_id!r} is already registered") from None
        return token

    def set_kiosk_place(self, kiosk_id: str, place: Place) -> None:
        with self._transaction() as conn:
            cur = conn.execute("UPDATE kiosks SET station=%s, lat=%s, lon=%s WHERE id=%s",
                               (place.station, place.lat, place.lon, kiosk_id))
            if cur.rowcount == 0:
                raise NotFound(f"no kiosk {kiosk_id!r}")

    def rotate_kiosk_token(self, kiosk_id: str) -> str:
        token = auth.new_token()
        with self._transaction() as conn:
            cur = conn.execute("UPDATE kiosks SET token_hash=%s WHERE id=%s",
                               (auth.token_hash(token), kiosk_id))
            if cur.rowcount == 0:
                raise NotFound(f"no kiosk {kiosk_id!r}")
        return token

    def kiosk_for_token(self, token: str) -> KioskIdentity | None:
        row = self._one("SELECT id, registered_at, station, lat, lon FROM kiosks "
                        "WHERE token_hash=%s", (auth.token_hash(token),))
        if row is None:
            return None
        kiosk = rows.kiosk_row(row, None)
        return KioskIdentity(kiosk.id, kiosk.registered_at, kiosk.place)

    def kiosks(self) -> list[KioskRow]:
        found = self._rows(
            "SELECT k.id, k.registered_at, k.station, k.lat, k.lon, k.last_heartbeat_at, "
            "k.heartbeat, CASE WHEN k.station IS NULL THEN coalesce("
            " (SELECT body FROM reports r WHERE r.kiosk_id = k.id "
            "  ORDER BY r.seq DESC LIMIT 1),"
            " (SELECT body FROM events e WHERE e.kiosk_id = k.id "
            "  ORDER BY e.seq DESC LIMIT 1)) END AS claimed "
            "FROM kiosks k ORDER BY k.id")
        return [rows.kiosk_row(r, rows.claimed_place(r["claimed"])
                               if r["claimed"] is not None else None) for r in found]

    def usage_bytes(self, kiosk_id: str, since: float) -> int:
        row = self._one("SELECT coalesce(sum(bytes), 0) AS n FROM kiosk_usage "
                        "WHERE kiosk_id=%s AND hour>=%s", (kiosk_id, int(since // HOUR)))
        return int(row["n"]) if row else 0

    def recent_reports(self, kiosk_id: str, since: float) -> int:
        row = self._one("SELECT count(*) AS n FROM reports WHERE kiosk_id=%s AND "
                        "received_at>=%s", (kiosk_id, since))
        return int(row["n"]) if row else 0

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
