"""Operators, their sessions, the sign-in throttle and the audit trail."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from command_center import auth, rows
from command_center.errors import AlreadyExists, NotFound
from command_center.model import Session
from command_center.sqlite.base import Tables, one
from command_center.store import ThrottleKey

# Sign-in throttle counters kept at most (a spray of usernames and addresses cannot
# grow the table without bound: the oldest go first).
MAX_THROTTLE_KEYS = 10_000
# A session's last activity is written at most this often (a write per page view would
# cost an fsync each); the idle timeout is therefore exact to within this.
TOUCH_EVERY_S = 30.0


class OperatorTables(Tables):
    def add_operator(self, name: str, password: str) -> None:
        try:
            with self.db.transaction() as conn:
                conn.execute("INSERT INTO operators (name, password_hash, created_at) "
                             "VALUES (?, ?, ?)", (name, auth.hash_password(password),
                                                  self._clock()))
        except sqlite3.IntegrityError:
            raise AlreadyExists(f"operator {name!r} already exists") from None

    def set_password(self, name: str, password: str) -> None:
        hashed = auth.hash_password(password)
        with self.db.transaction() as conn:
            if conn.execute("UPDATE operators SET password_hash=? WHERE name=?",
                            (hashed, name)).rowcount == 0:
                raise NotFound(f"no operator {name!r}")
            conn.execute("DELETE FROM sessions WHERE operator=?", (name,))

    def set_operator_enabled(self, name: str, enabled: bool) -> None:
        with self.db.transaction() as conn:
            if conn.execute("UPDATE operators SET disabled_at=? WHERE name=?",
                            (None if enabled else self._clock(), name)).rowcount == 0:
                raise NotFound(f"no operator {name!r}")
            if not enabled:
                conn.execute("DELETE FROM sessions WHERE operator=?", (name,))

    def operator_password_hash(self, name: str) -> str | None:
        row = self.db.conn().execute(
            "SELECT password_hash FROM operators WHERE name=? AND disabled_at IS NULL",
            (name,)).fetchone()
        return None if row is None or not isinstance(row[0], str) else row[0]

    # -- sessions ------------------------------------------------------------------------

    def create_session(self, operator: str, token_hash: str, csrf: str, now: float,
                       expires_at: float) -> Session:
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO sessions (token_hash, operator, csrf, created_at, "
                         "last_seen_at, expires_at) VALUES (?,?,?,?,?,?)",
                         (token_hash, operator, csrf, now, now, expires_at))
        return Session(operator, expires_at, csrf)

    def session(self, token_hash: str, now: float, idle_s: float) -> Session | None:
        row = one(self.db.conn().execute(
            "SELECT s.operator, s.csrf, s.last_seen_at, s.expires_at FROM sessions s "
            "JOIN operators o ON o.name = s.operator AND o.disabled_at IS NULL "
            "WHERE s.token_hash=?", (token_hash,)))
        if row is None:
            return None
        r = rows.Reader(row)
        last_seen, expires = r.required_number("last_seen_at"), r.required_number("expires_at")
        if r.damaged or now >= expires or now - last_seen > idle_s:
            self.end_session(token_hash)
            return None
        if now - last_seen >= TOUCH_EVERY_S:
            with self.db.transaction() as conn:
                conn.execute("UPDATE sessions SET last_seen_at=? WHERE token_hash=?",
                             (now, token_hash))
        return Session(r.text("operator"), expires, r.text("csrf"))

    def end_session(self, token_hash: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE token_hash=?", (token_hash,))

    # -- sign-in throttle ----------------------------------------------------------------

    def login_attempt(self, keys: Sequence[ThrottleKey], now: float,
                      forget_after_s: float) -> float:
        with self.db.transaction() as conn:
            counts: list[int] = []
            wait = 0.0
            for key in keys:
                row = conn.execute("SELECT failures, last_at FROM login_throttle WHERE key=?",
                                   (key.key,)).fetchone()
                failures, last_at = _counter(row, now, forget_after_s)
                counts.append(failures)
                wait = max(wait, auth.throttle_wait(failures, last_at, key.free,
                                                    key.max_delay_s, now))
            if wait > 0:
                return wait
            for key, failures in zip(keys, counts, strict=True):
                conn.execute("INSERT INTO login_throttle (key, failures, last_at) "
                             "VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET "
                             "failures=excluded.failures, last_at=excluded.last_at",
                             (key.key, failures + 1, now))
            conn.execute("DELETE FROM login_throttle WHERE key IN (SELECT key FROM "
                         "login_throttle ORDER BY last_at LIMIT max(0, (SELECT count(*) "
                         "FROM login_throttle) - ?))", (MAX_THROTTLE_KEYS,))
        return 0.0

    def login_succeeded(self, keys: Sequence[ThrottleKey]) -> None:
        if not keys:
            return
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM login_throttle WHERE key=?", (keys[0].key,))
            for key in keys[1:]:
                conn.execute("UPDATE login_throttle SET failures=max(0, failures - 1) "
                             "WHERE key=?", (key.key,))

    # -- audit -----------------------------------------------------------------------------

    def audit(self, operator: str, action: str, detail: str, at: float) -> None:
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO audit (at, operator, action, detail) VALUES (?,?,?,?)",
                         (at, operator, action, detail))

    def audit_log(self, limit: int = 100) -> list[tuple[float, str, str, str]]:
        found = self.db.conn().execute(
            "SELECT at, operator, action, detail FROM audit ORDER BY seq DESC LIMIT ?",
            (limit,)).fetchall()
        out = []
        for row in found:
            r = rows.Reader(dict(zip(("at", "operator", "action", "detail"), row, strict=True)))
            out.append((r.required_number("at"), r.text("operator"), r.text("action"),
                        r.text("detail")))
        return out


def _counter(row: tuple[object, ...] | None, now: float,
             forget_after_s: float) -> tuple[int, float]:
    if row is None:
        return 0, 0.0
    failures, last_at = row
    if not isinstance(failures, int) or not isinstance(last_at, int | float):
        return 0, 0.0
    if now - last_at > forget_after_s:
        return 0, 0.0
    return failures, float(last_at)
