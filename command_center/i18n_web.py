"""The language switch in the page header: `/lang/en` or `/lang/id` sets the `cc_lang`
cookie and goes back to the page it was clicked on (an operator page of this site
only, or the sign-in page; anything else goes to the inbox)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from command_center import i18n
from command_center.signin import safe_next

router = APIRouter(include_in_schema=False)
YEAR_S = 365 * 24 * 3600


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/inbox") -> Response:
    back = next if next.startswith("/login") and next.isprintable() and len(next) < 200 \
        and "//" not in next and "\\" not in next else safe_next(next)
    response = RedirectResponse(back, status_code=303)
    if code in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, code, max_age=YEAR_S, path="/", samesite="strict",
                            httponly=True)
    return response
