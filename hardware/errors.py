"""The hardware package's exception hierarchy; pyserial errors are wrapped here."""

from __future__ import annotations


class HardwareError(Exception):
    """Base of every device error."""


class DeviceMissing(HardwareError):
    """The port does not exist or cannot be opened (unplugged, wrong path)."""


class DeviceBusy(HardwareError):
    """Another process holds the port: usually the running kiosk app."""


class DeviceTimeout(HardwareError):
    """The device did not answer in time. `partial` holds what did arrive."""

    def __init__(self, message: str, partial: bytes = b"") -> None:
        super().__init__(message)
        self.partial = partial
