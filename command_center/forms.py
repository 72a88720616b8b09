"""Reading the operator pages' forms: small URL-encoded bodies only.

Every form on these pages is a few short fields. Reading bodies ourselves, with a
size cap, means nothing ever spools an upload to disk (Starlette's multipart parser
would, for as long as a client keeps sending) and a form cannot hold more than it
needs.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import Request

from command_center.i18n import N_

MAX_FORM_BYTES = 4096
MAX_FIELDS = 16


class FormRefused(Exception):
    """The body is not a small URL-encoded form; `status` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def read_form(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, str]:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/x-www-form-urlencoded":
        raise FormRefused(415, N_("This form accepts only application/x-www-form-urlencoded."))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FormRefused(413, N_("This form is larger than any real one."))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise FormRefused(413, N_("This form is larger than any real one."))
        chunks.append(chunk)
    try:
        text = b"".join(chunks).decode("ascii")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS,
                          encoding="utf-8", errors="replace")
    except (UnicodeDecodeError, ValueError):
        raise FormRefused(400, N_("This form could not be read.")) from None
    form: dict[str, str] = {}
    for name, value in pairs:
        form.setdefault(name, value)   # the first of repeated fields counts
    return form
