"""Template context every public page may use: the postcode hint (demo postcodes in the demo) and
the absolute addresses share previews need."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kinship.geography.hints import demo_postcodes, postcode_hint


def postcodes(request: HttpRequest) -> dict[str, Any]:
    # Lazy: pages without a postcode box never ask.
    return {
        "postcode_hint": SimpleLazyObject(postcode_hint),
        "demo_postcodes": SimpleLazyObject(demo_postcodes),
        # For share previews (Open Graph and Twitter cards): absolute addresses.
        "SITE_URL": settings.SITE_URL,
        "page_url": f"{settings.SITE_URL}{request.path}",
    }
