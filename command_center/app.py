"""Assembles the FastAPI application from the store, the limits and the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import command_center
from command_center import (
    api,
    api_messages,
    i18n_web,
    ingest,
    live_web,
    network_web,
    signin,
    web,
    web_conversation,
)
from command_center.cap import Sender
from command_center.forwarding import Forwarder, Policy
from command_center.keyring import Keyring
from command_center.limits import RateLimiter, TicketLimiter
from command_center.network import Hop
from command_center.pages import SECURITY_HEADERS, Pages
from command_center.routing import Escalator, SweepPolicy
from command_center.schemas import openapi_components
from command_center.settings import Settings
from command_center.sqlite import SqliteStore
from command_center.store import Store

TITLE = "Kiosk 110 command centre API"
VERSION = "1.1.0"


def open_store(settings: Settings) -> Store:
    """The store the settings name: PostgreSQL when `database_url` is given, else the
    embedded SQLite file in the data dir (the default, with no server to run)."""
    if settings.database_url is not None:
        from command_center.postgres import PostgresStore
        return PostgresStore(settings.database_url)
    return SqliteStore(settings.data_dir, settings.synchronous)


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The application. With `store` None it opens the data dir's database itself and
    closes it on shutdown."""
    owned = store is None
    the_store = store or open_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        forwarder = None
        if settings.forward_poll_s > 0:
            forwarder = Forwarder(the_store, app.state.keyring,
                                  Sender(settings.cap_sender_prefix),
                                  policy=Policy(poll_s=settings.forward_poll_s,
                                                backoff_cap_s=settings.forward_backoff_cap_s,
                                                backoff_base_s=min(
                                                    1.0, settings.forward_backoff_cap_s))
                                  ).start()
        # `app.state.hop_listeners`: callables told of each escalation (on the
        # sweeper's thread), e.g. to wake a live inbox.
        escalator = (Escalator(the_store, SweepPolicy(poll_s=settings.escalation_poll_s),
                               on_hop=lambda hop: _tell(app.state.hop_listeners, hop))
                     .start() if settings.escalation_poll_s > 0 else None)
        yield
        if escalator is not None:
            escalator.stop()
        if forwarder is not None:
            forwarder.stop()
        if owned:
            the_store.close()

    app = FastAPI(title=TITLE, version=VERSION, description=_description(),
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.state.store = the_store
    app.state.hop_listeners = []
    app.state.pages = Pages(settings.ui_language)
    app.state.live_streams = live_web.LiveStreams(settings.live_streams_per_operator,
                                                  settings.live_streams_total)
    app.state.keyring = Keyring(settings.keys_path)
    app.state.kiosk_limiter = RateLimiter(settings.kiosk_rate_per_s, settings.kiosk_burst)
    app.state.kiosk_counts = ingest.KioskCounts(settings)
    app.state.ticket_limiter = TicketLimiter(settings.ticket_per_client_per_min,
                                             settings.ticket_global_per_s)
    app.state.lookup_limiter = RateLimiter(settings.lookup_per_kiosk_per_min / 60.0,
                                           max(1.0, settings.lookup_per_kiosk_per_min / 4))
    app.include_router(api.router)
    app.include_router(api_messages.router)
    app.include_router(signin.router)
    app.include_router(web.router)
    app.include_router(web_conversation.router)
    app.include_router(network_web.router)
    app.include_router(live_web.router)
    app.include_router(i18n_web.router)
    app.add_exception_handler(api.ApiProblem, _api_problem)
    app.add_exception_handler(signin.NotSignedIn, signin.not_signed_in_response)
    app.add_exception_handler(signin.CsrfFailed, _csrf_failed)
    app.add_middleware(SecurityHeaders)
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    return app


def _tell(listeners: list[Callable[[Hop], None]], hop: Hop) -> None:
    for listener in listeners:
        with suppress(Exception):   # a listener's failure must not stop the sweeper
            listener(hop)


class SecurityHeaders:
    """The security headers on every response — pages, the API's JSON, redirects,
    errors and the framework's own 404/405 — unless the response set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                        for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in self.headers if k not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


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


async def _csrf_failed(request: Request, exc: Exception) -> Response:
    pages: Pages = request.app.state.pages
    _ = pages.gettext(request)
    return pages.render(request, "message.html", 403, title=_("Form expired"),
                        message=_("This form was not sent from a current page. Go back, "
                                  "reload the page and try again."))
