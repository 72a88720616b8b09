"""Kiosks, once for both engines: registration with their place, tokens, usage for the
quota. (A heartbeat is a kiosk write: each engine stores it on its own writer.)"""

from __future__ import annotations

from command_center import auth, rows
from command_center.errors import AlreadyExists, NotFound
from command_center.model import KioskRow, Place
from command_center.store import KioskIdentity
from command_center.tables.session import Engine

HOUR = 3600


class KioskTables(Engine):
    def add_kiosk(self, kiosk_id: str, place: Place | None = None) -> str:
        token = auth.new_token()
        with self._tx() as s:
            added = s.run(
                "INSERT INTO kiosks (id, token_hash, registered_at, station, lat, lon) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (kiosk_id, auth.token_hash(token), self._clock(),
                 *((place.station, place.lat, place.lon) if place else (None,) * 3)))
        if added != 1:
            raise AlreadyExists(f"kiosk {kiosk_id!r} is already registered")
        return token

    def set_kiosk_place(self, kiosk_id: str, place: Place) -> None:
        with self._tx() as s:
            if s.run("UPDATE kiosks SET station=?, lat=?, lon=? WHERE id=?",
                     (place.station, place.lat, place.lon, kiosk_id)) == 0:
                raise NotFound(f"no kiosk {kiosk_id!r}")

    def rotate_kiosk_token(self, kiosk_id: str) -> str:
        token = auth.new_token()
        with self._tx() as s:
            if s.run("UPDATE kiosks SET token_hash=? WHERE id=?",
                     (auth.token_hash(token), kiosk_id)) == 0:
                raise NotFound(f"no kiosk {kiosk_id!r}")
        return token

    def kiosk_for_token(self, token: str) -> KioskIdentity | None:
        row = self._read().one("SELECT id, registered_at, station, lat, lon FROM kiosks "
                               "WHERE token_hash=?", (auth.token_hash(token),))
        if row is None:
            return None
        kiosk = rows.kiosk_row(row, None)
        return KioskIdentity(kiosk.id, kiosk.registered_at, kiosk.place)

    def kiosks(self) -> list[KioskRow]:
        # A kiosk not placed yet shows the place its newest report or event claims.
        found = self._read().rows(
            "SELECT k.id, k.registered_at, k.station, k.lat, k.lon, k.last_heartbeat_at, "  # noqa: S608 (constants)
            "k.heartbeat, CASE WHEN k.station IS NULL THEN coalesce("
            " (SELECT body FROM reports r WHERE r.kiosk_id = k.id "
            f"  ORDER BY r.{self.ARRIVAL} DESC LIMIT 1),"
            " (SELECT body FROM events e WHERE e.kiosk_id = k.id "
            f"  ORDER BY e.{self.ARRIVAL} DESC LIMIT 1)) END AS claimed "
            "FROM kiosks k ORDER BY k.id")
        return [rows.kiosk_row(r, rows.claimed_place(r["claimed"])
                               if r["claimed"] is not None else None) for r in found]

    def usage_bytes(self, kiosk_id: str, since: float) -> int:
        row = self._read().one("SELECT coalesce(sum(bytes), 0) AS n FROM kiosk_usage "
                               "WHERE kiosk_id=? AND hour>=?", (kiosk_id, int(since // HOUR)))
        return int(row["n"]) if row else 0

    def recent_reports(self, kiosk_id: str, since: float) -> int:
        row = self._read().one("SELECT count(*) AS n FROM reports WHERE kiosk_id=? AND "
                               "received_at>=?", (kiosk_id, since))
        return int(row["n"]) if row else 0
