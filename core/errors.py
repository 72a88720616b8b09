"""The kiosk core's exception hierarchy. Library exceptions are wrapped at the boundary."""


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose."""


class ConfigError(KioskError):
    """The configuration file is missing, unreadable or invalid. The message names the key."""
