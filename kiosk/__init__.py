"""Kiosk 110 core: configuration, the report model, categories, the call/report flow
and the technician command line. Nothing here imports Qt widgets or opens a device at
import time; `kiosk/app.py` is the one place that wires every part together."""

__version__ = "0.1.0"
