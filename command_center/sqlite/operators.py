"""Operators, their sessions, the sign-in throttle and the audit trail on SQLite (their
tables: command_center/tables/operators.py)."""

from __future__ import annotations

from command_center.sqlite.base import Tables
from command_center.tables import operators


class OperatorTables(operators.OperatorTables, Tables):
    pass
