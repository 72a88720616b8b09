"""Tables both engines create the same way, written once in neutral types.

`{text}`, `{real}`, `{int}`, `{bigint}` stand for each engine's column types; `{seq_key}`
for an ordering key the database numbers; `{arrival}` for the column that keeps the
order rows arrived in where the engine has no rowid (PostgreSQL). `for_sqlite` and
`for_postgres` give the scripts each engine's migrations run.
"""

from __future__ import annotations

SQLITE = {"text": "TEXT", "real": "REAL", "int": "INTEGER", "bigint": "INTEGER",
          "seq_key": "seq INTEGER PRIMARY KEY", "arrival": ""}
POSTGRES = {"text": "text", "real": "double precision", "int": "integer",
            "bigint": "bigint", "seq_key": "seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
            "arrival": "    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,\n"}

# Issue 15, the text channel: operator messages to a kiosk session, numbered in the
# kiosk's own order (`seq`, per kiosk), delivered once the kiosk acknowledged them.
MESSAGES = """
CREATE TABLE kiosk_messages (
    kiosk_id {text} NOT NULL,
    seq {bigint} NOT NULL,
    session {text} NOT NULL,
    text {text} NOT NULL,
    operator {text} NOT NULL,
    created_at {real} NOT NULL,
    delivered_at {real},
    PRIMARY KEY (kiosk_id, seq)
);
CREATE INDEX kiosk_messages_session ON kiosk_messages(kiosk_id, session, seq);
"""
# Issue 15: the 110 network — units, routing rows, kiosks' and operators' units, where
# each report or call is (routes) and how it got there (hops), and kiosk calls with
# their notes.
NETWORK = """
CREATE TABLE units (
    id {text} PRIMARY KEY,
    name {text} NOT NULL,
    tier {text} NOT NULL,
    parent {text},
    lat {real},
    lon {real}
);
CREATE TABLE routing_rules (
    unit_id {text} NOT NULL REFERENCES units(id),
    priority {text} NOT NULL,
    ack_within_s {real} NOT NULL,
    next_unit {text},
    PRIMARY KEY (unit_id, priority)
);
CREATE TABLE kiosk_units (
    kiosk_id {text} PRIMARY KEY,
    unit_id {text} NOT NULL REFERENCES units(id)
);
CREATE TABLE operator_units (
    operator {text} PRIMARY KEY,
    unit_id {text} REFERENCES units(id),
    role {text} NOT NULL DEFAULT 'operator'
);
CREATE TABLE routes (
    item_id {text} PRIMARY KEY,
    kind {text} NOT NULL,
    kiosk_id {text} NOT NULL,
    session {text},
    unit_id {text} NOT NULL,
    priority {text} NOT NULL,
    deadline_at {real},
    next_unit {text},
    hops {int} NOT NULL DEFAULT 0,
    opened_at {real} NOT NULL,
    updated_at {real} NOT NULL
);
CREATE INDEX routes_unit ON routes(unit_id, deadline_at);
CREATE INDEX routes_due ON routes(deadline_at) WHERE next_unit IS NOT NULL;
CREATE INDEX routes_session ON routes(kiosk_id, session);
CREATE TABLE hops (
    {seq_key},
    item_id {text} NOT NULL,
    at {real} NOT NULL,
    actor {text} NOT NULL,
    from_unit {text},
    to_unit {text} NOT NULL,
    reason {text} NOT NULL,
    note {text} NOT NULL DEFAULT ''
);
CREATE INDEX hops_item ON hops(item_id, seq);
CREATE TABLE calls (
{arrival}    id {text} PRIMARY KEY,
    kiosk_id {text} NOT NULL,
    session {text},
    station {text} NOT NULL,
    lat {real},
    lon {real},
    number {text} NOT NULL DEFAULT '',
    started_at {real} NOT NULL,
    ended_at {real},
    acknowledged_at {real},
    acknowledged_by {text}
);
CREATE INDEX calls_kiosk ON calls(kiosk_id, session, started_at);
CREATE TABLE call_notes (
    {seq_key},
    call_id {text} NOT NULL REFERENCES calls(id),
    at {real} NOT NULL,
    operator {text} NOT NULL,
    note {text} NOT NULL
);
"""


def for_sqlite(script: str) -> str:
    return script.format_map(SQLITE)


def for_postgres(script: str) -> str:
    return script.format_map(POSTGRES)
