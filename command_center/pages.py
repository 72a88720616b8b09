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

Pages load nothing from elsewhere (the Content-Security-Policy forbids it), run only
the centre's own script (`/static/live.js`, the live inbox; never inline code) and are
never cached, because they show personal data. Texts go through gettext (`_`, the
jinja2 i18n extension) with one environment per language (command_center.i18n), so a
page is rendered in the operator's language without any state shared between
requests.
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

from command_center import flags, i18n
from command_center.fleet import duration_text
from command_center.model import Session, primary_action, wib_text
from command_center.rows import details
from wire import categories
from wire.logs import event as log_event
from wire.report import WIB

log = logging.getLogger("command_center.pages")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self'; media-src 'self'; connect-src 'self'; "
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


@_total(_raw)
def age_text(seconds: Any) -> str:
    """How long an item has waited, as m:ss or h:mm:ss (the same in every language)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@_total(_raw)
def lost_items_text(codes: Any, language: str = "id") -> str:
    """What was lost, in words (a code this version does not know, as it is)."""
    items = codes if isinstance(codes, list | tuple) else [codes]
    return ", ".join(categories.LOST_ITEMS.get(str(c), {}).get(language) or _raw(c)
                     for c in items)


SIGNAL_WORDS = (i18n.N_("strong"), i18n.N_("fair"), i18n.N_("weak"), i18n.N_("no signal"),
                i18n.N_("unknown"))


@_total(lambda _v: "unknown")
def signal_words(text: Any) -> str:
    """The modem's signal as the fleet board shows it ("-75 dBm", "14 CSQ") in words."""
    parts = str(text).split()
    number = float(parts[0])
    if len(parts) > 1 and parts[1] == "CSQ":
        if number in (0, 99):
            return "no signal"
        return "strong" if number >= 20 else "fair" if number >= 10 else "weak"
    if number <= -113:
        return "no signal"
    return "strong" if number >= -70 else "fair" if number >= -85 else "weak"


def _primary(report: Any) -> Any:
    try:
        return primary_action(report.status, report.validity)
    except Exception:   # a row this version cannot judge: no shortcut, the page has all
        return None


class Pages:
    def __init__(self, default_language: str = "id") -> None:
        self.default_language = i18n.choose(None, default_language)
        self.envs = {lang: self._environment(lang) for lang in i18n.LANGUAGES}
        self.env = self.envs[self.default_language]

    @staticmethod
    def _environment(language: str) -> Environment:
        env = Environment(loader=PackageLoader("command_center", "templates"),
                          autoescape=select_autoescape(["html"]),
                          extensions=["jinja2.ext.i18n"], finalize=_finalize,
                          trim_blocks=True, lstrip_blocks=True)
        translations = i18n.translations(language)
        env.install_gettext_translations(  # type: ignore[attr-defined]
            translations, newstyle=True)
        # Labels of stored codes are translated here, not with the templates' `_()`:
        # that one formats its text with %, and a stored value may hold a % sign.
        tr = translations.gettext
        other = next(x for x in i18n.LANGUAGES if x != language)
        env.globals.update(wib=wib_text, category_label=category_label,
                           duration=duration_text, status_text=STATUS_TEXT,
                           action_label=lambda a: tr(i18n.label(i18n.ACTION, a)),
                           status_label=lambda c: tr(i18n.label(i18n.STATUS, c)),
                           priority_label=lambda c: tr(i18n.label(i18n.PRIORITY, c)),
                           validity_label=lambda c: tr(i18n.label(i18n.VALIDITY, c)),
                           signal_words=lambda v: tr(signal_words(v)),
                           signal_level=signal_words,
                           flag_label=lambda c: tr(flag_label(c)),
                           flag_short=lambda c: tr(flag_short(c)),
                           primary_action=_primary, age=age_text,
                           lost_items_text=lost_items_text,
                           details=_details, guarded=guarded, lang=language, other_lang=other,
                           other_lang_name=i18n.NAMES[other])
        env.filters.update(kiosktime=kiosk_time, coord=coord, clip=clip,
                           items=join_items, pretty=pretty_json)
        return env

    def language(self, request: Request) -> str:
        return i18n.choose(request.cookies.get(i18n.COOKIE), self.default_language)

    def gettext(self, request: Request) -> Callable[[str], str]:
        """The request's translation, for texts a handler hands to a page."""
        return i18n.translations(self.language(request)).gettext

    def render(self, request: Request, template: str, status_code: int = 200,
               session: Session | None = None, headers: dict[str, str] | None = None,
               **context: Any) -> HTMLResponse:
        env = self.envs[self.language(request)]
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        try:
            html = env.get_template(template).render(request=request, session=session,
                                                     here=here, **context)
        except Exception as exc:   # never a 500 for a stored value
            log_event(log, "page.render_failed", logging.ERROR, template=template,
                      error=type(exc).__name__)
            html = env.get_template("broken.html").render(
                request=request, session=session, raw=_raw_context(context), here=here,
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
