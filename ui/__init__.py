"""The kiosk's Qt Widgets UI: screens that observe the plain-Python flow in kiosk/.

Never imports `hardware`; `kiosk/app.py` hands it the devices through core.ports.
"""
