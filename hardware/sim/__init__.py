"""Simulators of the kiosk devices on pseudo-terminals (`python -m hardware.sim`)."""
