"""Partner agencies and the forwarding outbox on PostgreSQL (their tables:
command_center/tables/partners.py). A claim takes due rows `FOR UPDATE SKIP LOCKED`,
so two forwarders never claim the same message, and neither waits for the other."""

from __future__ import annotations

from command_center.postgres.base import Tables
from command_center.tables import partners


class PartnerTables(partners.PartnerTables, Tables):
    pass
