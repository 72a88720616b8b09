"""The kiosk's composition root: the one place that builds the app (`app.py`), the
technicians' command line (`cli.py`, `commands/`), diagnostics and maintenance wiring.
The only package that imports both `ui` and `hardware`."""

from wire import __version__

__all__ = ["__version__"]
