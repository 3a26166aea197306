from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from kinship.core.conf import advice_line


def _other_language_path(path: str, current: str, other: str) -> str:
    """The same page in the other language.

    `translate_url` leaves a path unchanged when it does not resolve (a 404 page, say), which
    would make the switch a link to the page itself; then swap the /cy/ prefix by hand.
    """
    translated = translate_url(path, other)
    if translated != path:
        return translated
    if not current.startswith("cy"):
        return f"/cy{path}"
    if path.startswith("/cy/") or path == "/cy":
        return path[3:] or "/"
    return path


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the advice line and the other-language link."""
    current = get_language() or settings.LANGUAGE_CODE
    other = "en-gb" if current.startswith("cy") else "cy"
    return {
        "ADVICE_LINE": advice_line(),
        "SITE_NAME": "Kinship Campaigns",
        "other_language_code": other,
        "other_language_url": _other_language_path(request.get_full_path(), current, other),
        "other_language_name": "English" if other == "en-gb" else "Cymraeg",
        "DEV_MAIL_VIEW": settings.KINSHIP_DEV_MAIL_VIEW,
    }
