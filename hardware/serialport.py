"""Open serial ports by URL, exclusively, with plain errors.

Ports are configuration: a device path, a pty, `loop://` or `spy://…` for a field
hexdump all go through `serial.serial_for_url`. Local ports are opened exclusively
(pyserial's `exclusive=True` takes an flock), so a technician command run while the
kiosk app holds a device gets `DeviceBusy` at once instead of fighting for the port.
"""

from __future__ import annotations

import errno
from typing import Any

import serial

from hardware.errors import DeviceBusy, DeviceMissing


def open_port(url: str, baudrate: int, timeout: float | None = 0.1,
              what: str = "device") -> serial.Serial:
    """Open `url`; raises DeviceBusy when another process holds it, DeviceMissing when
    it cannot be opened at all."""
    kwargs: dict[str, Any] = {"baudrate": baudrate, "timeout": timeout,
                                 "write_timeout": 5.0}
    if "://" not in url:
        kwargs["exclusive"] = True
    try:
        return serial.serial_for_url(url, **kwargs)
    except (serial.SerialException, OSError, ValueError) as exc:
        text = str(exc)
        code = getattr(exc, "errno", None)
        if code in (errno.EAGAIN, errno.EBUSY, errno.EWOULDBLOCK) or "lock" in text.lower():
            raise DeviceBusy(f"the {what} port {url} is in use by another process "
                             "(is the kiosk app running? use maintenance mode, or stop "
                             "kiosk-ui.service first)") from exc
        raise DeviceMissing(f"cannot open the {what} port {url}: {text}") from exc
