"""Assembles the FastAPI application from the store, the secrets and the routers."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response

import command_center
from command_center import api, signin, web
from command_center.auth import LoginThrottle, SessionSigner
from command_center.pages import Pages
from command_center.schemas import openapi_components
from command_center.settings import Settings
from command_center.store import Store

SESSION_KEY_FILE = "session.key"
TITLE = "Kiosk 110 command centre API"
VERSION = "1.0.0"


def session_key(data_dir: Path) -> bytes:
    """The HMAC key for session cookies: made once, kept in the data dir (mode 0600)."""
    path = data_dir / SESSION_KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The application. With `store` None it opens the data dir's database itself and
    closes it on shutdown."""
    owned = store is None
    the_store = store or Store(settings.data_dir, settings.synchronous)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            the_store.close()

    app = FastAPI(title=TITLE, version=VERSION, description=_description(),
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.state.store = the_store
    app.state.signer = SessionSigner(session_key(settings.data_dir))
    app.state.throttle = LoginThrottle()
    app.state.pages = Pages()
    app.include_router(api.router)
    app.include_router(signin.router)
    app.include_router(web.router)
    app.add_exception_handler(api.ApiProblem, _api_problem)
    app.add_exception_handler(signin.NotSignedIn, signin.not_signed_in_response)
    app.add_exception_handler(signin.CsrfFailed, _csrf_failed)
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    return app


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the kiosk's JSON Schemas as its components."""
    if app.openapi_schema is None:
        doc = get_openapi(title=app.title, version=app.version, openapi_version="3.1.0",
                          description=app.description, routes=app.routes)
        doc.setdefault("components", {}).setdefault("schemas", {}).update(
            openapi_components())
        doc["components"]["securitySchemes"] = {
            "kioskToken": {"type": "http", "scheme": "bearer",
                           "description": "One token per kiosk (add-kiosk)."}}
        doc["security"] = [{"kioskToken": []}]
        app.openapi_schema = doc
    return app.openapi_schema


def _description() -> str:
    doc = (command_center.__doc__ or "").strip().splitlines()[0]
    return f"{doc} The contract is explained for integrators in docs/api.md."


async def _api_problem(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, api.ApiProblem)
    return exc.response()


async def _csrf_failed(request: Request, _: Exception) -> Response:
    pages: Pages = request.app.state.pages
    return pages.render(request, "message.html", 403, title="Form expired",
                        message="This form was not sent from a current page. Go back, "
                                "reload the page and try again.")
