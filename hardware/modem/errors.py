"""The modem driver's exceptions; pyserial errors are wrapped into these at the channel."""

from __future__ import annotations

from hardware.errors import DeviceMissing, DeviceTimeout, HardwareError


class ModemError(HardwareError):
    """Base of the modem driver's errors."""


class ModemTimeout(DeviceTimeout, ModemError):
    """A command got no final result code in time; `partial` holds what did arrive."""


class ModemGone(DeviceMissing, ModemError):
    """The port failed or vanished (unplugged USB modem, closed pty)."""


class ChannelBusy(ModemError):
    """A second command was sent while one is pending: a bug in the caller."""
