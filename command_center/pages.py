"""Rendering server-side pages: one Jinja2 environment whose every filter and helper is
total (never raises on any stored value), labels, and the fallbacks that keep one bad
value from breaking a page.

Three lines of defence, so that no stored value can stop the operators: the store
hands out rows whose unreadable columns are marked damaged (`rows`); every filter and
global here returns the raw text, escaped, when a value is not what it expects; and
each row of a list is rendered on its own (`guarded`), so a row that still fails is
shown as a "damaged record" line while the others stay. If a whole page fails anyway,
a plain page with the escaped raw record (and the report's actions) is served instead
of a 500.

Pages load nothing from elsewhere (the Content-Security-Policy forbids it), run no
scripts and are never cached, because they show personal data. Texts go through
gettext (`_`, the jinja2 i18n extension) so the pages can be translated.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from command_center import flags
from command_center.fleet import duration_text
from command_center.model import Session, action_label, wib_text
from command_center.rows import details
from wire import categories
from wire.logs import event as log_event
from wire.report import WIB

log = logging.getLogger("command_center.pages")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
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


def _total(default: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make a filter total: on any exception it returns `default(value)` instead."""
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        def safe(value: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(value, *args, **kwargs)
            except Exception:   # a page must render whatever was stored
                return default(value)
        safe.__name__ = fn.__name__
        return safe
    return wrap


def _raw(value: Any) -> str:
    return "—" if value is None else str(value)


@_total(_raw)
def category_label(code: Any, language: str = "en") -> str:
    category = categories.BY_CODE.get(code) if isinstance(code, str) else None
    return _raw(code) if category is None else category.label(language)


@_total(_raw)
def kiosk_time(text: Any) -> str:
    """An RFC 3339 time from a kiosk, shown in Jakarta time like every other time."""
    moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return str(text)
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S WIB")


@_total(_raw)
def coord(value: Any, digits: int = 4) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return _raw(value)
    return f"{value:.{digits}f}"


@_total(lambda v: _raw(v)[:80])
def clip(value: Any, limit: int = 80) -> str:
    """At most `limit` characters (an ellipsis marks the cut); the full text is on the
    detail page. Keeps one long value from pushing a table off the screen."""
    text = _raw(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@_total(_raw)
def join_items(values: Any, sep: str = ", ") -> str:
    if isinstance(values, list | tuple):
        return sep.join(_raw(v) for v in values)
    return _raw(values)


@_total(lambda v: escape(repr(v)))
def pretty_json(value: Any) -> Markup:
    return escape(json.dumps(value, indent=2, ensure_ascii=True, default=str))


@_total(_raw)
def flag_label(code: Any) -> str:
    return flags.label(str(code))


@_total(_raw)
def flag_short(code: Any) -> str:
    return flags.short(str(code))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    return value


def guarded(macro: Any, *args: Any, columns: int = 1) -> Markup:
    """`macro(*args)`, or a "damaged record" table row when it raises: one row that
    cannot be shown never blanks the whole list."""
    try:
        html = macro(*args)
        return html if isinstance(html, Markup) else escape(html)
    except Exception as exc:   # the other rows must still be shown
        log_event(log, "page.row_failed", logging.ERROR, error=type(exc).__name__)
        ident = getattr(args[0], "id", None) if args else None
        link = (Markup('<a href="/reports/{0}">{0}</a>').format(ident)
                if isinstance(ident, str) else escape(repr(args[0])[:200] if args else ""))
        return Markup('<tr class="damaged"><td colspan="{cols}">Damaged record, shown '
                      'raw: {link}</td></tr>').format(cols=columns, link=link)


class Pages:
    def __init__(self) -> None:
        self.env = Environment(loader=PackageLoader("command_center", "templates"),
                               autoescape=select_autoescape(["html"]),
                               extensions=["jinja2.ext.i18n"], finalize=_finalize,
                               trim_blocks=True, lstrip_blocks=True)
        # English is written in the templates; a catalogue (Indonesian first) plugs
        # in here with env.install_gettext_translations(...).
        self.env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
        self.env.globals.update(wib=wib_text, category_label=category_label,
                                duration=duration_text, status_text=STATUS_TEXT,
                                action_label=action_label, details=_details,
                                guarded=guarded, flag_label=flag_label,
                                flag_short=flag_short)
        self.env.filters.update(kiosktime=kiosk_time, coord=coord, clip=clip,
                                items=join_items, pretty=pretty_json)

    def render(self, request: Request, template: str, status_code: int = 200,
               session: Session | None = None, headers: dict[str, str] | None = None,
               **context: Any) -> HTMLResponse:
        try:
            html = self.env.get_template(template).render(request=request, session=session,
                                                          **context)
        except Exception as exc:   # never a 500 for a stored value
            log_event(log, "page.render_failed", logging.ERROR, template=template,
                      error=type(exc).__name__)
            html = self.env.get_template("broken.html").render(
                request=request, session=session, raw=_raw_context(context),
                report=context.get("report"), actions=context.get("actions") or [])
        # Encoded with replacement: a stored lone surrogate cannot make a page fail.
        return HTMLResponse(html.encode("utf-8", "replace"), status_code=status_code,
                            headers=headers)


def _details(report: Any) -> Any:
    try:
        return details(report.body if isinstance(report.body, dict) else {})
    except Exception:
        return details({})


def _raw_context(context: dict[str, Any]) -> str:
    report = context.get("report")
    if report is not None:
        try:
            return json.dumps(getattr(report, "body", {}), indent=2, ensure_ascii=True,
                              default=str)
        except Exception:
            return repr(report)[:5000]
    return ""
