"""Operators, their sessions, the sign-in throttle and the audit trail, once for both
engines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from command_center import auth, rows
from command_center.errors import AlreadyExists, NotFound
from command_center.model import Session
from command_center.store import ThrottleKey
from command_center.tables import session as db

# Sign-in throttle counters kept at most (a spray of usernames and addresses cannot
# grow the table without bound: the oldest go first).
MAX_THROTTLE_KEYS = 10_000
# A session's last activity is written at most this often (a write per page view would
# cost an fsync each); the idle timeout is therefore exact to within this.
TOUCH_EVERY_S = 30.0


class OperatorTables(db.Engine):
    # The larger of two numbers in SQL: SQLite's two-argument max(), PostgreSQL's
    # greatest().
    GREATEST: ClassVar[str] = "max"

    def _lock_throttle(self, s: db.Session, keys: Sequence[str]) -> None:
        """Make concurrent sign-in attempts on these counters wait for each other (on
        SQLite, BEGIN IMMEDIATE has done it already)."""

    def add_operator(self, name: str, password: str) -> None:
        hashed = auth.hash_password(password)   # slow on purpose: outside the transaction
        with self._tx() as s:
            added = s.run("INSERT INTO operators (name, password_hash, created_at) "
                          "VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                          (name, hashed, self._clock()))
        if added != 1:
            raise AlreadyExists(f"operator {name!r} already exists")

    def set_password(self, name: str, password: str) -> None:
        hashed = auth.hash_password(password)
        with self._tx() as s:
            if s.run("UPDATE operators SET password_hash=? WHERE name=?", (hashed, name)) == 0:
                raise NotFound(f"no operator {name!r}")
            s.run("DELETE FROM sessions WHERE operator=?", (name,))

    def set_operator_enabled(self, name: str, enabled: bool) -> None:
        with self._tx() as s:
            if s.run("UPDATE operators SET disabled_at=? WHERE name=?",
                     (None if enabled else self._clock(), name)) == 0:
                raise NotFound(f"no operator {name!r}")
            if not enabled:
                s.run("DELETE FROM sessions WHERE operator=?", (name,))

    def operator_password_hash(self, name: str) -> str | None:
        row = self._read().one("SELECT password_hash FROM operators WHERE name=? AND "
                               "disabled_at IS NULL", (name,))
        value = None if row is None else row["password_hash"]
        return value if isinstance(value, str) else None

    # -- sessions ------------------------------------------------------------------------

    def create_session(self, operator: str, token_hash: str, csrf: str, now: float,
                       expires_at: float) -> Session:
        with self._tx() as s:
            s.run("INSERT INTO sessions (token_hash, operator, csrf, created_at, "
                  "last_seen_at, expires_at) VALUES (?,?,?,?,?,?)",
                  (token_hash, operator, csrf, now, now, expires_at))
        return Session(operator, expires_at, csrf)

    def session(self, token_hash: str, now: float, idle_s: float) -> Session | None:
        row = self._read().one(
            "SELECT s.operator, s.csrf, s.last_seen_at, s.expires_at FROM sessions s "
            "JOIN operators o ON o.name = s.operator AND o.disabled_at IS NULL "
            "WHERE s.token_hash=?", (token_hash,))
        if row is None:
            return None
        r = rows.Reader(row)
        last_seen, expires = r.required_number("last_seen_at"), r.required_number("expires_at")
        if r.damaged or now >= expires or now - last_seen > idle_s:
            self.end_session(token_hash)
            return None
        if now - last_seen >= TOUCH_EVERY_S:
            with self._tx() as s:
                s.run("UPDATE sessions SET last_seen_at=? WHERE token_hash=?",
                      (now, token_hash))
        return Session(r.text("operator"), expires, r.text("csrf"))

    def end_session(self, token_hash: str) -> None:
        with self._tx() as s:
            s.run("DELETE FROM sessions WHERE token_hash=?", (token_hash,))

    # -- sign-in throttle ----------------------------------------------------------------

    def login_attempt(self, keys: Sequence[ThrottleKey], now: float,
                      forget_after_s: float) -> float:
        with self._tx() as s:
            self._lock_throttle(s, sorted({key.key for key in keys}))
            counts: list[int] = []
            wait = 0.0
            for key in keys:
                failures, last_at = _counter(
                    s.one("SELECT failures, last_at FROM login_throttle WHERE key=?",
                          (key.key,)), now, forget_after_s)
                counts.append(failures)
                wait = max(wait, auth.throttle_wait(failures, last_at, key.free,
                                                    key.max_delay_s, now))
            if wait > 0:
                return wait
            for key, failures in zip(keys, counts, strict=True):
                s.run("INSERT INTO login_throttle (key, failures, last_at) "
                      "VALUES (?,?,?) ON CONFLICT (key) DO UPDATE SET "
                      "failures=excluded.failures, last_at=excluded.last_at",
                      (key.key, failures + 1, now))
            s.run("DELETE FROM login_throttle WHERE key IN (SELECT key FROM "  # noqa: S608 (constants)
                  f"login_throttle ORDER BY last_at LIMIT {self.GREATEST}(0, (SELECT "
                  "count(*) FROM login_throttle) - ?))", (MAX_THROTTLE_KEYS,))
        return 0.0

    def login_succeeded(self, keys: Sequence[ThrottleKey]) -> None:
        if not keys:
            return
        with self._tx() as s:
            s.run("DELETE FROM login_throttle WHERE key=?", (keys[0].key,))
            for key in keys[1:]:
                s.run(f"UPDATE login_throttle SET failures={self.GREATEST}(0, failures - 1) "  # noqa: S608
                      "WHERE key=?", (key.key,))

    # -- audit -----------------------------------------------------------------------------

    def audit(self, operator: str, action: str, detail: str, at: float) -> None:
        with self._tx() as s:
            s.run("INSERT INTO audit (at, operator, action, detail) VALUES (?,?,?,?)",
                  (at, operator, action, detail))

    def audit_log(self, limit: int = 100) -> list[tuple[float, str, str, str]]:
        found = self._read().rows(
            "SELECT at, operator, action, detail FROM audit ORDER BY seq DESC LIMIT ?",
            (limit,))
        out = []
        for row in found:
            r = rows.Reader(row)
            out.append((r.required_number("at"), r.text("operator"), r.text("action"),
                        r.text("detail")))
        return out


def _counter(row: dict[str, Any] | None, now: float,
             forget_after_s: float) -> tuple[int, float]:
    """A stored counter as (failures, last attempt); a damaged or forgotten one is none."""
    if row is None:
        return 0, 0.0
    failures, last_at = row["failures"], row["last_at"]
    if not isinstance(failures, int) or not isinstance(last_at, int | float):
        return 0, 0.0
    if now - last_at > forget_after_s:
        return 0, 0.0
    return failures, float(last_at)
