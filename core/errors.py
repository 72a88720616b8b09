"""The kiosk core's exception hierarchy. Library exceptions are wrapped at the boundary."""

import re

# Every ConfigError message starts with what it is about: "modem.dial_timeout_s: …",
# "[server]: …" or "config file …".
_KEY = re.compile(r"^(?:\[(?P<section>[a-z_]+)\]|(?P<key>[a-z_]+\.[a-z_]+))(?:\[\d+\])?:")


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose."""


class ConfigError(KioskError):
    """The configuration file is missing, unreadable or invalid. The message names the key."""

    @property
    def key(self) -> str:
        """'section.key', '[section]' or '' (the file itself), from the message."""
        found = _KEY.match(str(self))
        if found is None:
            return ""
        return found["key"] or f"[{found['section']}]"
