"""Operators, their sessions, the sign-in throttle and the audit trail on PostgreSQL
(their tables: command_center/tables/operators.py)."""

from __future__ import annotations

from collections.abc import Sequence

from command_center.postgres.base import Tables
from command_center.tables import operators
from command_center.tables.session import Session

THROTTLE_LOCK = 110_016   # pg_advisory_xact_lock namespace of the sign-in throttle


class OperatorTables(operators.OperatorTables, Tables):
    GREATEST = "greatest"

    def _lock_throttle(self, s: Session, keys: Sequence[str]) -> None:
        # A row lock cannot lock a counter that does not exist yet: an advisory lock per
        # key (taken in one order, so two attempts cannot deadlock) makes concurrent
        # guesses on any process wait for each other's record.
        for name in keys:
            s.one("SELECT pg_advisory_xact_lock(?, hashtext(?)) AS x", (THROTTLE_LOCK, name))
