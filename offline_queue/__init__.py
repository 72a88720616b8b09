"""The durable outbox and the uploader: no report is ever lost or sent twice.

`outbox.Outbox` is the SQLite queue the kiosk app writes to (a report is acknowledged
to the commuter only after its commit returned); `uploader.Uploader` is the separate
process that owns the network and delivers each item exactly once, using the report id
as the Idempotency-Key. `python -m offline_queue --config C ...` is their command line.
See docs/outbox.md. Nothing here opens a file or a socket at import time.
"""
