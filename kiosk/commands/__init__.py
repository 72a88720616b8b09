"""Technician and service commands of `python -m kiosk`, one module each."""
