"""Device drivers, each beside its simulator (`hardware/sim/`).

Drivers implement the interfaces in `kiosk/ports.py`. They never import `ui`.
"""
