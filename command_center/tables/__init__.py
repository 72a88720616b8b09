"""The store's tables written once for every engine (SQLite, PostgreSQL).

Each part here is a mixin holding the SQL and the rules that are the same text in both
dialects, run through a `session.Session`; an engine (command_center/sqlite/,
command_center/postgres/) supplies the session and keeps only what really differs:
placeholders, row locks, column types and how a change wakes the live inbox.
"""
