"""The core's exception hierarchy. Library exceptions are wrapped at the boundary."""


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose."""


class ConfigError(KioskError):
    """The configuration file is missing, unreadable or invalid. The message names the key."""


class ReportInvalid(KioskError):
    """A report failed validation. `field` names the offending field (dotted path)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason
