"""The command centre's exception hierarchy."""

from __future__ import annotations


class CommandCenterError(Exception):
    """Base of every error the command centre raises on purpose."""


class AlreadyExists(CommandCenterError):
    """A kiosk or operator with this name is already registered."""


class NotFound(CommandCenterError):
    """No such report, kiosk or operator."""


class InvalidTransition(CommandCenterError):
    """The 110 flow does not allow this action in the report's current status."""


class StoreError(CommandCenterError):
    """The database cannot be opened or written (disk full, read-only, corrupt)."""
