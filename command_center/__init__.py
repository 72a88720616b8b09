"""The reference command centre: receives kiosk reports, events and heartbeats.

`python -m command_center --data-dir D …` (see `__main__`). Modules: `store` (SQLite),
`auth` (tokens, passwords, sessions, login throttle), `api` (the kiosk API),
`web` (the operator inbox), `fleet` (kiosk health and alarms), `exports`, `app`
(assembles the FastAPI application), `server` (runs it under uvicorn).
Nothing here does I/O at import time.
"""
