"""What every request handler reads from the application: its store, settings and
page renderer (set once in `command_center.app.create_app`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from command_center.pages import Pages
    from command_center.settings import Settings
    from command_center.store import Store


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def pages_of(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages
