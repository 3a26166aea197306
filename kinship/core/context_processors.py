from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the advice line and the other-language link."""
    current = get_language() or settings.LANGUAGE_CODE
    other = "en-gb" if current.startswith("cy") else "cy"
    return {
        "ADVICE_LINE": settings.KINSHIP_ADVICE_LINE,
        "SITE_NAME": "Kinship Campaigns",
        "other_language_code": other,
        "other_language_url": translate_url(request.get_full_path(), other),
        "other_language_name": "English" if other == "en-gb" else "Cymraeg",
        "DEV_MAIL_VIEW": settings.KINSHIP_DEV_MAIL_VIEW,
    }
