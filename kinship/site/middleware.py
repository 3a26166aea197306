"""The demo runs with DEBUG on, where Django answers a missing page with its technical 404 (a list
of URL patterns). People trying the demo should see what visitors see: the branded 404 page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kinship.site.views import page_not_found

_TECHNICAL_404_MARK = b"because you have <code>DEBUG = True</code>"


class BrandedNotFoundInDebug:
    """Under DEBUG, swap Django's technical 404 page for the site's own (pages only, not /api/)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not request.path.startswith("/api/")
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
            and _TECHNICAL_404_MARK in response.content
        ):
            return page_not_found(request, Exception("not found"))
        return response
