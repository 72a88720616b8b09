"""The 110 network on SQLite (command_center/tables/units.py holds its tables): the
sweeper's claim runs inside BEGIN IMMEDIATE, one writer at a time, so two sweepers
(threads or processes on one file) can never move the same route twice."""

from __future__ import annotations

from command_center.sqlite.base import Tables
from command_center.tables import units


class UnitTables(units.UnitTables, Tables):
    pass
