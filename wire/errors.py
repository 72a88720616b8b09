"""Errors of the wire contract."""


class WireError(Exception):
    """Base of every error the contract raises on purpose."""


class ReportInvalid(WireError):
    """A report failed validation. `field` names the offending field (dotted path)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason
