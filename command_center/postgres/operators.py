"""Operators, their sessions, the sign-in throttle and the audit trail."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg

from command_center import auth, rows
from command_center.errors import AlreadyExists, NotFound
from command_center.model import Session
from command_center.postgres.base import Tables
from command_center.sqlite.operators import MAX_THROTTLE_KEYS, TOUCH_EVERY_S, _counter
from command_center.store import ThrottleKey

THROTTLE_LOCK = 110_016   # pg_advisory_xact_lock namespace of the sign-in throttle


class OperatorTables(Tables):
    def add_operator(self, name: str, password: str) -> None:
        hashed = auth.hash_password(password)
        try:
            with self._transaction() as conn:
                conn.execute("INSERT INTO operators (name, password_hash, created_at) "
                             "VALUES (%s, %s, %s)", (name, hashed, self._clock()))
        except psycopg.errors.UniqueViolation:
            raise AlreadyExists(f"operator {name!r} already exists") from None

    def set_password(self, name: str, password: str) -> None:
        hashed = auth.hash_password(password)
        with self._transaction() as conn:
            if conn.execute("UPDATE operators SET password_hash=%s WHERE name=%s",
                            (hashed, name)).rowcount == 0:
                raise NotFound(f"no operator {name!r}")
            conn.execute("DELETE FROM sessions WHERE operator=%s", (name,))

    def set_operator_enabled(self, name: str, enabled: bool) -> None:
        with self._transaction() as conn:
            if conn.execute("UPDATE operators SET disabled_at=%s WHERE name=%s",
                            (None if enabled else self._clock(), name)).rowcount == 0:
                raise NotFound(f"no operator {name!r}")
            if not enabled:
                conn.execute("DELETE FROM sessions WHERE operator=%s", (name,))

    def operator_password_hash(self, name: str) -> str | None:
        row = self._one("SELECT password_hash FROM operators WHERE name=%s AND "
                        "disabled_at IS NULL", (name,))
        value = None if row is None else row["password_hash"]
        return value if isinstance(value, str) else None

    # -- sessions ------------------------------------------------------------------------

    def create_session(self, operator: str, token_hash: str, csrf: str, now: float,
                       expires_at: float) -> Session:
        with self._transaction() as conn:
            conn.execute("INSERT INTO sessions (token_hash, operator, csrf, created_at, "
                         "last_seen_at, expires_at) VALUES (%s,%s,%s,%s,%s,%s)",
                         (token_hash, operator, csrf, now, now, expires_at))
        return Session(operator, expires_at, csrf)

    def session(self, token_hash: str, now: float, idle_s: float) -> Session | None:
        row = self._one(
            "SELECT s.operator, s.csrf, s.last_seen_at, s.expires_at FROM sessions s "
            "JOIN operators o ON o.name = s.operator AND o.disabled_at IS NULL "
            "WHERE s.token_hash=%s", (token_hash,))
        if row is None:
            return None
        r = rows.Reader(row)
        last_seen, expires = r.required_number("last_seen_at"), r.required_number("expires_at")
        if r.damaged or now >= expires or now - last_seen > idle_s:
            self.end_session(token_hash)
            return None
        if now - last_seen >= TOUCH_EVERY_S:
            with self._transaction() as conn:
                conn.execute("UPDATE sessions SET last_seen_at=%s WHERE token_hash=%s",
                             (now, token_hash))
        return Session(r.text("operator"), expires, r.text("csrf"))

    def end_session(self, token_hash: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE token_hash=%s", (token_hash,))

    # -- sign-in throttle ----------------------------------------------------------------

    def login_attempt(self, keys: Sequence[ThrottleKey], now: float,
                      forget_after_s: float) -> float:
        with self._transaction() as conn:
            # A row lock cannot lock a counter that does not exist yet: an advisory lock
            # per key (taken in one order, so two attempts cannot deadlock) makes
            # concurrent guesses on any process wait for each other's record.
            for name in sorted({key.key for key in keys}):
                conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                             (THROTTLE_LOCK, name))
            counts: list[int] = []
            wait = 0.0
            for key in keys:
                row = conn.execute("SELECT failures, last_at FROM login_throttle "
                                   "WHERE key=%s", (key.key,)).fetchone()
                failures, last_at = _counter(
                    None if row is None else (row["failures"], row["last_at"]),
                    now, forget_after_s)
                counts.append(failures)
                wait = max(wait, auth.throttle_wait(failures, last_at, key.free,
                                                    key.max_delay_s, now))
            if wait > 0:
                return wait
            for key, failures in zip(keys, counts, strict=True):
                conn.execute("INSERT INTO login_throttle (key, failures, last_at) "
                             "VALUES (%s,%s,%s) ON CONFLICT (key) DO UPDATE SET "
                             "failures=excluded.failures, last_at=excluded.last_at",
                             (key.key, failures + 1, now))
            conn.execute("DELETE FROM login_throttle WHERE key IN (SELECT key FROM "
                         "login_throttle ORDER BY last_at LIMIT greatest(0, (SELECT "
                         "count(*) FROM login_throttle) - %s))", (MAX_THROTTLE_KEYS,))
        return 0.0

    def login_succeeded(self, keys: Sequence[ThrottleKey]) -> None:
        if not keys:
            return
        with self._transaction() as conn:
            conn.execute("DELETE FROM login_throttle WHERE key=%s", (keys[0].key,))
            for key in keys[1:]:
                conn.execute("UPDATE login_throttle SET failures=greatest(0, failures - 1) "
                             "WHERE key=%s", (key.key,))

    # -- audit -----------------------------------------------------------------------------

    def audit(self, operator: str, action: str, detail: str, at: float) -> None:
        with self._transaction() as conn:
            conn.execute("INSERT INTO audit (at, operator, action, detail) "
                         "VALUES (%s,%s,%s,%s)", (at, operator, action, detail))

    def audit_log(self, limit: int = 100) -> list[tuple[float, str, str, str]]:
        found = self._rows("SELECT at, operator, action, detail FROM audit "
                           "ORDER BY seq DESC LIMIT %s", (limit,))
        out = []
        for row in found:
            r = rows.Reader(row)
            out.append((r.required_number("at"), r.text("operator"), r.text("action"),
                        r.text("detail")))
        return out
