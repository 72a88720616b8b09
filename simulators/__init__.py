"""Simulators of the kiosk devices on pseudo-terminals (`python -m simulators`)."""
