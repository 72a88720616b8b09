"""Device drivers, each beside its simulator (`simulators/`).

Drivers implement the interfaces in `kiosk/ports.py`. They never import `ui`.
"""
