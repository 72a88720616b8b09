"""Operator sign-in and sign-out, the session cookie, and the CSRF check for forms.

A session lives on the server (`Store.session`); the cookie `cc_session` holds only
its random token: HttpOnly (no script can read it), SameSite=Strict (no other site's
page can make the browser send it), Secure over https. Signing out deletes the session,
so a copied cookie stops working; so do an idle timeout, the absolute lifetime,
`reset-password` and `disable-operator`. Every state-changing form also carries the
session's CSRF token, checked on POST.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from command_center import auth
from command_center.forms import FormRefused, read_form
from command_center.model import Session
from command_center.pages import Pages
from command_center.state import settings_of as _settings
from command_center.state import store_of as _store
from command_center.urls import public_origin
from wire.logs import event as log_event

log = logging.getLogger("command_center.signin")
COOKIE = "cc_session"
# Where a sign-in may continue: the operator pages, never a download (the exports with
# personal data are POST forms anyway) nor anything outside this site.
_NEXT = re.compile(r"/(inbox|fleet|export|(?:reports|calls)/[0-9a-f-]{1,64})"
                   r"(\?[A-Za-z0-9_=&]{0,100})?")

router = APIRouter(include_in_schema=False)


class NotSignedIn(Exception):
    """Raised by `require_operator`; answered with a redirect to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfFailed(Exception):
    """A form came back without this session's CSRF token."""


def require_operator(request: Request) -> Session:
    token = request.cookies.get(COOKIE)
    session = None
    if token and len(token) <= 128:
        settings = _settings(request)
        session = _store(request).session(auth.token_hash(token), time.time(),
                                          settings.session_idle_s)
    if session is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise NotSignedIn(path)
    return session


# A page or action that needs a signed-in operator takes one of these.
Operator = Annotated[Session, Depends(require_operator)]


def check_csrf(session: Session, submitted: object) -> None:
    if not isinstance(submitted, str) or not hmac.compare_digest(
            submitted.encode(), session.csrf.encode()):
        raise CsrfFailed


def not_signed_in_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotSignedIn)
    return RedirectResponse(f"/login?next={quote(safe_next(exc.next_path), safe='')}",
                            status_code=303)


def safe_next(value: object) -> str:
    """Only an operator page of this site; anything else continues to the inbox."""
    text = value if isinstance(value, str) else ""
    return text if _NEXT.fullmatch(text) else "/inbox"


def _same_origin(request: Request) -> bool:
    """A sign-in must come from our own page. The comparison is with our configured
    public address (never the request's Host header, which the sender chooses)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True   # not a browser form (browsers send Origin on every POST)
    parts = urlsplit(origin)
    return (parts.scheme, parts.netloc) == public_origin(request)


def client_address(request: Request) -> str:
    """The client's address: the peer's, or a trusted proxy's X-Forwarded-For (the
    server only rewrites it for the configured --trusted-proxy addresses)."""
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_form(request: Request, next: str = "/inbox") -> Response:
    pages: Pages = request.app.state.pages
    return pages.render(request, "login.html", next=safe_next(next), message=None)


@router.post("/login")
async def login(request: Request) -> Response:
    pages: Pages = request.app.state.pages
    _ = pages.gettext(request)
    try:
        form = await read_form(request)
    except FormRefused as refused:
        return pages.render(request, "login.html", refused.status, next="/inbox",
                            message=_(refused.message))
    username = form.get("username", "").strip()
    password = form.get("password", "")
    next_path = safe_next(form.get("next"))
    if not _same_origin(request):
        return pages.render(request, "login.html", 403, next=next_path,
                            message=_("This sign-in form was sent from another site."))
    store = _store(request)
    client = client_address(request)
    keys = auth.login_keys(username, client)
    # Counted as a failure *before* the password is checked: concurrent guesses cannot
    # all pass the check first and be counted afterwards.
    wait = await run_in_threadpool(store.login_attempt, keys, time.time(),
                                   auth.FORGET_AFTER_S)
    if wait > 0:
        seconds = max(1, round(wait))
        return pages.render(request, "login.html", 429, next=next_path,
                            headers={"Retry-After": str(seconds)},
                            message=_("Too many wrong passwords. Try again in %(s)s s.")
                            % {"s": seconds})
    valid_name = 0 < len(username) <= auth.MAX_USERNAME
    ok = await run_in_threadpool(lambda: auth.verify_password(
        password[:1024], store.operator_password_hash(username) if valid_name else None))
    if not ok or not valid_name:
        log_event(log, "operator.signin_failed", logging.WARNING, client=client)
        return pages.render(request, "login.html", 401, next=next_path,
                            message=_("Wrong username or password."))
    settings = _settings(request)
    token, now = auth.new_session_token(), time.time()

    def begin() -> None:
        store.login_succeeded(keys)
        store.create_session(username, auth.token_hash(token), auth.new_csrf(), now,
                             now + settings.session_ttl_s)
    await run_in_threadpool(begin)
    log_event(log, "operator.signed_in", operator=username)
    response = RedirectResponse(next_path, status_code=303)
    secure = (settings.secure_cookies if settings.secure_cookies is not None
              else request.url.scheme == "https")
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=secure,
                        path="/", max_age=int(settings.session_ttl_s))
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    session = await run_in_threadpool(require_operator, request)
    try:
        form = await read_form(request)
    except FormRefused:
        raise CsrfFailed from None
    check_csrf(session, form.get("csrf"))
    token = request.cookies.get(COOKIE, "")
    await run_in_threadpool(_store(request).end_session, auth.token_hash(token))
    log_event(log, "operator.signed_out", operator=session.operator)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
