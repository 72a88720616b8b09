"""Rendering server-side pages: one Jinja2 environment, the security headers, labels.

Pages load nothing from elsewhere (the Content-Security-Policy forbids it), run no
scripts and are never cached, because they show personal data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from command_center.auth import Session
from command_center.fleet import duration_text
from command_center.model import wib_text
from wire import categories
from wire.report import WIB

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

STATUS_TEXT = {
    "received": ("Diterima, menunggu operator", "Received, waiting for an operator"),
    "acknowledged": ("Laporan Anda sudah diterima operator",
                     "An operator has received your report"),
    "dispatched": ("Petugas sedang dikirim", "Officers have been dispatched"),
    "closed": ("Selesai", "Closed"),
    "invalid": ("Ditandai tidak valid", "Marked as invalid"),
}


def category_label(code: str, language: str = "en") -> str:
    category = categories.BY_CODE.get(code)
    return code if category is None else category.label(language)


def kiosk_time(text: str) -> str:
    """An RFC 3339 time from a kiosk, shown in Jakarta time like every other time."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return str(text)
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S WIB")


class Pages:
    def __init__(self) -> None:
        self.env = Environment(loader=PackageLoader("command_center", "templates"),
                               autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(wib=wib_text, category_label=category_label,
                                duration=duration_text, status_text=STATUS_TEXT)
        self.env.filters["kiosktime"] = kiosk_time

    def render(self, request: Request, template: str, status_code: int = 200,
               session: Session | None = None, headers: dict[str, str] | None = None,
               **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(request=request, session=session,
                                                      **context)
        return HTMLResponse(html, status_code=status_code,
                            headers={**SECURITY_HEADERS, **(headers or {})})
