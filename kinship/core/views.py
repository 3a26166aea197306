from __future__ import annotations

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


# Never carried back into the page: secrets, one-time codes and the token itself.
_NOT_CARRIED = ("csrfmiddlewaretoken", "password", "otp", "token", "challenge")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose security check failed (an old tab, cookies cleared, or a page a shared cache
    made for someone else): for a visitor without a session, the same form again with what they
    typed kept and a fresh token, one button to send it; for staff, go back and reload. Never a
    bare 403."""
    anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
    fields: list[tuple[str, str]] = []
    if anonymous and not request.path.startswith(("/staff/", "/api/")):
        for name, values in request.POST.lists():
            if any(part in name.lower() for part in _NOT_CARRIED):
                continue
            fields.extend((name, value) for value in values[:20])
    context = {"fields": fields[:200], "action": request.get_full_path(), "resend": anonymous and fields}
    return render(request, "core/csrf_failure.html", context, status=403)
