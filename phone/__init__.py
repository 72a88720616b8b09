"""The emergency phone as its own minimal process: `python -m phone --config C`.

It owns the modem and the hook switch (opened exclusively) and runs the one path from
a lift to ATD (`core.emergency.EmergencyLine`). It depends on nothing but its own few
config keys, each with a safe default (`settings.py`): no Qt, no speech, no network, no
outbox. The UI process shows and controls calls through a small local protocol (JSON
lines over a Unix socket, `protocol.py`; `server.py` here, `client.py` there), and may
crash, restart or be misconfigured without affecting a call.
"""
