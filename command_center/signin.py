"""Operator sign-in and sign-out, the session cookie, and the CSRF check for forms.

The cookie is signed (see `auth.SessionSigner`), HttpOnly (no script can read it) and
SameSite=Strict (no other site's page can make the browser send it); every state-
changing form also carries the session's CSRF token, checked on POST.
"""

from __future__ import annotations

import hmac
import logging
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from command_center.auth import LoginThrottle, Session, SessionSigner, verify_password
from command_center.pages import Pages
from command_center.settings import Settings
from command_center.store import Store
from wire.logs import event as log_event

log = logging.getLogger("command_center.signin")
COOKIE = "cc_session"

router = APIRouter(include_in_schema=False)


class NotSignedIn(Exception):
    """Raised by `require_operator`; answered with a redirect to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfFailed(Exception):
    """A form came back without this session's CSRF token."""


def require_operator(request: Request) -> Session:
    signer: SessionSigner = request.app.state.signer
    session = signer.check(request.cookies.get(COOKIE))
    if session is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise NotSignedIn(path)
    return session


def check_csrf(session: Session, submitted: object) -> None:
    if not isinstance(submitted, str) or not hmac.compare_digest(submitted, session.csrf):
        raise CsrfFailed


def not_signed_in_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotSignedIn)
    return RedirectResponse(f"/login?next={quote(exc.next_path, safe='')}", status_code=303)


def _safe_next(value: object) -> str:
    """Only a path on this site: never an open redirect to another host."""
    text = value if isinstance(value, str) else ""
    parts = urlsplit(text)
    if not text.startswith("/") or text.startswith("//") or parts.scheme or parts.netloc:
        return "/inbox"
    return text


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


@router.get("/login")
def login_form(request: Request, next: str = "/inbox") -> Response:
    pages: Pages = request.app.state.pages
    return pages.render(request, "login.html", next=_safe_next(next), message=None)


@router.post("/login")
async def login(request: Request) -> Response:
    pages: Pages = request.app.state.pages
    throttle: LoginThrottle = request.app.state.throttle
    form = await request.form()
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    next_path = _safe_next(form.get("next"))
    if not _same_origin(request):
        return pages.render(request, "login.html", 403, next=next_path,
                            message="This sign-in form was sent from another site.")
    client = request.client.host if request.client else "?"
    keys = (f"user:{username.lower()}", f"ip:{client}")
    wait = throttle.wait_s(*keys)
    if wait:
        return pages.render(request, "login.html", 429, next=next_path,
                            headers={"Retry-After": str(wait)},
                            message=f"Too many wrong passwords. Try again in {wait} s.")
    store: Store = request.app.state.store
    ok = await run_in_threadpool(
        lambda: verify_password(password, store.operator_password_hash(username)))
    if not ok or not username:
        throttle.failed(*keys)
        log_event(log, "operator.signin_failed", logging.WARNING, client=client)
        return pages.render(request, "login.html", 401, next=next_path,
                            message="Wrong username or password.")
    throttle.succeeded(keys[0])
    throttle.succeeded(keys[1])
    signer: SessionSigner = request.app.state.signer
    cookie, _ = signer.issue(username)
    log_event(log, "operator.signed_in", operator=username)
    response = RedirectResponse(next_path, status_code=303)
    settings: Settings = request.app.state.settings
    secure = (settings.secure_cookies if settings.secure_cookies is not None
              else request.url.scheme == "https")
    response.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", secure=secure,
                        path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    session = require_operator(request)
    form = await request.form()
    check_csrf(session, form.get("csrf"))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
