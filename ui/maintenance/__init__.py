"""Maintenance mode's screens: the hidden entry gesture, the PIN pad and the technician
pages. Built on `core.maintenance` (rules) and `core.ports` (devices); never imports
`hardware`. `MaintenanceMode` (mode.py) is what `kiosk/app.py` wires."""
