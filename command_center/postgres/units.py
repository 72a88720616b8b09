"""The 110 network on PostgreSQL (command_center/tables/units.py holds its tables).

What differs is how several centre processes share the work: the escalation sweeper
claims overdue routes `FOR UPDATE SKIP LOCKED`, so two sweepers running at once
take disjoint rows and neither waits; an operator's move locks its row first.
"""

from __future__ import annotations

from command_center.postgres.base import Tables
from command_center.tables import units


class UnitTables(units.UnitTables, Tables):
    pass
