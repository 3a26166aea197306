from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from kinship.core.models import CapturedEmail


def hello(request: HttpRequest) -> HttpResponse:
    """The benchmarks' baseline: the cheapest response the stack can give."""
    return HttpResponse(b"Hello, world", content_type="text/plain")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help.html")


def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def accessibility_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def _require_mail_view() -> None:
    # Captured mail holds addresses: only ever visible in demo/test mode.
    if not settings.KINSHIP_DEV_MAIL_VIEW:
        raise Http404


def dev_mail_list(request: HttpRequest) -> HttpResponse:
    _require_mail_view()
    emails = CapturedEmail.objects.order_by("-created_at", "-id")[:200]
    return render(request, "core/dev_mail_list.html", {"emails": emails})


def dev_mail_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_mail_view()
    email = get_object_or_404(CapturedEmail, pk=pk)
    return render(request, "core/dev_mail_detail.html", {"email": email})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def openapi_spec(request: HttpRequest) -> JsonResponse:
    """The API description: every app's `openapi.json` merged (geography first)."""
    return JsonResponse(_openapi_document(), json_dumps_params={"indent": 2})


@functools.cache
def _openapi_document() -> dict:
    """Read once per process: the files only change with a deployment."""

    root = Path(__file__).resolve().parent.parent
    doc: dict = {
        "openapi": "3.1.0",
        "info": {"title": "Kinship Campaigns API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": {},
        "components": {"schemas": {}},
    }
    for path in sorted(
        root.glob("*/openapi.json"), key=lambda p: (p.parent.name != "geography", p.parent.name)
    ):
        part = json.loads(path.read_text())
        doc["paths"].update(part.get("paths", {}))
        doc["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
        if "info" in part and path.parent.name == "geography":
            doc["info"] = part["info"]
    return doc
