"""The PostgreSQL schema and its migrations.

The same tables as the SQLite engine (command_center/db.py), in PostgreSQL's types:
`seq` identity columns stand for SQLite's rowid (the order this centre received rows
in, which no kiosk can choose); bodies stay `text`, byte for byte the canonical JSON
whose digest is kept, so a duplicate is recognised exactly as on SQLite.

Migrations are numbered scripts applied in order; `schema_version` holds how many are.
Several centre processes may start at once against one database: an advisory lock held
for the migration's transaction makes the second wait and then find nothing to do.
"""

from __future__ import annotations

from command_center.postgres.pool import Conn
from command_center.tables import ddl

MIGRATION_LOCK = 110_015   # pg_advisory_xact_lock key: "kiosk 110, schema"

V1 = """
CREATE TABLE kiosks (
    id text PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    registered_at double precision NOT NULL,
    station text, lat double precision, lon double precision,
    last_heartbeat_at double precision,
    heartbeat text
);
CREATE TABLE operators (
    name text PRIMARY KEY,
    password_hash text NOT NULL,
    created_at double precision NOT NULL,
    disabled_at double precision
);
CREATE TABLE reports (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text PRIMARY KEY,
    ticket text NOT NULL,
    kiosk_id text NOT NULL,
    station text NOT NULL,
    lat double precision NOT NULL,
    lon double precision NOT NULL,
    category text NOT NULL,
    priority text NOT NULL,
    language text NOT NULL,
    created_at text NOT NULL,
    created_ts double precision NOT NULL,
    received_at double precision NOT NULL,
    body_sha256 text NOT NULL,
    body text NOT NULL,
    status text NOT NULL DEFAULT 'received',
    validity text NOT NULL DEFAULT 'unknown',
    updated_at double precision NOT NULL,
    flags text NOT NULL DEFAULT '',
    flood boolean NOT NULL DEFAULT false
);
CREATE INDEX reports_ticket ON reports(ticket);
CREATE INDEX reports_kiosk ON reports(kiosk_id, received_at);
CREATE INDEX reports_status ON reports(status);
CREATE INDEX reports_inbox ON reports(priority, status, flood);
CREATE INDEX reports_updated ON reports(updated_at);
CREATE TABLE report_changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id text NOT NULL REFERENCES reports(id),
    at double precision NOT NULL,
    operator text NOT NULL,
    action text NOT NULL,
    status text NOT NULL,
    validity text NOT NULL,
    note text NOT NULL DEFAULT ''
);
CREATE INDEX report_changes_report ON report_changes(report_id, seq);
CREATE TABLE events (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text PRIMARY KEY,
    kiosk_id text NOT NULL,
    type text NOT NULL,
    priority text NOT NULL,
    created_at text NOT NULL,
    received_at double precision NOT NULL,
    body_sha256 text NOT NULL,
    body text NOT NULL,
    flags text NOT NULL DEFAULT ''
);
CREATE INDEX events_kiosk ON events(kiosk_id, type, received_at);
CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    operator text NOT NULL,
    csrf text NOT NULL,
    created_at double precision NOT NULL,
    last_seen_at double precision NOT NULL,
    expires_at double precision NOT NULL
);
CREATE INDEX sessions_operator ON sessions(operator);
CREATE TABLE login_throttle (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    last_at double precision NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);
CREATE TABLE kiosk_usage (
    kiosk_id text NOT NULL,
    hour bigint NOT NULL,
    bytes bigint NOT NULL DEFAULT 0,
    items bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk_id, hour)
);
CREATE TABLE audit (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at double precision NOT NULL,
    operator text NOT NULL,
    action text NOT NULL,
    detail text NOT NULL DEFAULT ''
);
CREATE TABLE partners (
    id text PRIMARY KEY,
    name text NOT NULL,
    url text NOT NULL,
    categories text NOT NULL DEFAULT '[]',
    enabled boolean NOT NULL DEFAULT true
);
CREATE TABLE forwards (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id text NOT NULL,
    partner_id text NOT NULL,
    message integer NOT NULL,
    identifier text NOT NULL,
    state text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at double precision NOT NULL,
    created_at double precision NOT NULL,
    delivered_at double precision,
    last_error text,
    UNIQUE (partner_id, identifier)
);
CREATE INDEX forwards_due ON forwards(next_attempt_at) WHERE state = 'pending';
CREATE INDEX forwards_report ON forwards(report_id, seq);
"""
# Version 2 (issue 15, the live inbox): the change log (command_center.live). Writers
# insert with `seq` NULL in their own transaction; `changes.stamp` numbers committed
# rows later, under a lock, so sequence order is commit order (see changes.py).
V2 = """
CREATE TABLE live_changes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seq bigint UNIQUE,
    at double precision NOT NULL,
    kind text NOT NULL,
    ref text NOT NULL,
    priority text NOT NULL DEFAULT ''
);
CREATE INDEX live_changes_unstamped ON live_changes(id) WHERE seq IS NULL;
"""
# Version 3 (issue 15, the text channel): operator messages to a kiosk session, numbered
# per kiosk (messages.py).
V3 = ddl.for_postgres(ddl.MESSAGES)
# Version 4 (issue 15): the 110 network — units, routing rows, kiosks' and operators'
# units, routes with their hops, kiosk calls with their notes (units.py).
V4 = ddl.for_postgres(ddl.NETWORK)
MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4)


def migrate(conn: Conn) -> int:
    """Apply every migration not yet applied, in one transaction; returns the version."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        version = 0 if row is None else int(row["version"])
        if row is None:
            conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in filter(str.strip, script.split(";")):
                conn.execute(statement.encode())
            conn.execute("UPDATE schema_version SET version = %s", (number,))
            version = number
    return version
