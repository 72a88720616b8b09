"""Partner agencies and the forwarding outbox on SQLite (their tables:
command_center/tables/partners.py). A claim runs inside BEGIN IMMEDIATE: one forwarder
at a time."""

from __future__ import annotations

from command_center.sqlite.base import Tables
from command_center.tables import partners


class PartnerTables(partners.PartnerTables, Tables):
    pass
