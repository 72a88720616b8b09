"""The centre's own public address, never taken from a request's Host header.

Ticket links printed as QR codes and the sign-in form's origin check both need "our"
address. A Host header is whatever the client wrote: trusting it would let anyone who
can reach the API make the centre hand out links to another site. So the address is
the configured `--public-url`, or else the address this process is listening on.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from command_center.settings import Settings


def public_base(request: Request) -> str:
    """e.g. `https://cc.example` (no trailing slash)."""
    settings: Settings = request.app.state.settings
    if settings.public_url:
        return settings.public_url.rstrip("/")
    # scope["server"] is the local socket address: set by the server, not the client.
    # The scheme is https only behind a trusted proxy that said so (or TLS here).
    host, port = (request.scope.get("server") or ("127.0.0.1", None))[:2]
    shown = f"[{host}]" if ":" in str(host) else str(host)
    scheme = request.url.scheme
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{shown}" + ("" if port in (None, default) else f":{port}")


def public_origin(request: Request) -> tuple[str, str]:
    """(scheme, host[:port]) of `public_base`, for comparing with an Origin header."""
    parts = urlsplit(public_base(request))
    return parts.scheme, parts.netloc


def check_public_url(url: str) -> str:
    """`url` if it is a usable base URL (http or https, a host, no query); else raises
    ValueError naming what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--public-url must be http(s)://host[:port][/path], not {url!r}")
    if parts.query or parts.fragment:
        raise ValueError("--public-url must not have a query or a fragment")
    return url.rstrip("/")
