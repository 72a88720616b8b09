"""The kiosk core in plain Python: configuration, device interfaces, health records and
rules, the public flow, sessions, maintenance rules and the one way background work
runs (`jobs.py`). It imports only `wire` of ours: no Qt, no drivers, no network."""
