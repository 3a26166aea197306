"""Staff-only pages. They call the representatives app's selectors and services and own no rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.representatives import conf, services
from kinship.representatives.coverage import council_coverage
from kinship.representatives.models import CorrectionReport
from kinship.representatives.selectors import (
    authorities_without_lead_member,
    open_correction_reports,
    stale_offices,
)

LOGIN_URL = reverse_lazy("admin:login")
PAGE_LIMIT = 500
M = TypeVar("M", bound=Model)


def staff_required(perm: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Logged-in staff with `perm` (Data stewards have every representatives permission)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_staff:
                return render(request, "dashboard/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return login_required(permission_required(perm, raise_exception=True)(inner), login_url=LOGIN_URL)

    return decorator


def _first_page(queryset: QuerySet[M]) -> tuple[list[M], int]:
    """The first PAGE_LIMIT rows and the total (counted only when the page is full)."""
    rows = list(queryset[:PAGE_LIMIT])
    return rows, len(rows) if len(rows) < PAGE_LIMIT else queryset.count()


@staff_required("representatives.view_office")
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboard/index.html",
        {
            "without_lead": authorities_without_lead_member().count(),
            "stale": stale_offices().count(),
            "open_reports": open_correction_reports().count(),
            "stale_days": conf.stale_after_days(),
        },
    )


@staff_required("representatives.view_office")
def lead_member_gaps(request: HttpRequest) -> HttpResponse:
    authorities, total = _first_page(authorities_without_lead_member())
    return render(request, "dashboard/lead_member_gaps.html", {"authorities": authorities, "total": total})


@staff_required("representatives.view_office")
def councils(request: HttpRequest) -> HttpResponse:
    rows = council_coverage()
    return render(
        request,
        "dashboard/council_coverage.html",
        {
            "rows": rows,
            "with_lead": sum(1 for r in rows if r.lead_members),
            "with_leader": sum(1 for r in rows if r.leaders),
            "by_steward": sum(1 for r in rows if r.needs_a_steward),
        },
    )


@staff_required("representatives.view_office")
def stale(request: HttpRequest) -> HttpResponse:
    offices, total = _first_page(stale_offices())
    today = timezone.localdate()
    rows = [
        {"office": o, "age": (today - o.last_checked_on).days if o.last_checked_on else None} for o in offices
    ]
    return render(
        request,
        "dashboard/stale_offices.html",
        {"rows": rows, "total": total, "stale_days": conf.stale_after_days(), "limit": PAGE_LIMIT},
    )


@staff_required("representatives.view_correctionreport")
def corrections(request: HttpRequest) -> HttpResponse:
    return render(
        request, "dashboard/correction_list.html", {"reports": open_correction_reports()[:PAGE_LIMIT]}
    )


def _handle(
    request: HttpRequest, report_id: int, action: Callable[..., CorrectionReport], done: str
) -> HttpResponse:
    report = get_object_or_404(CorrectionReport, pk=report_id)
    try:
        action(report=report, user=request.user, note=request.POST.get("note", "")[:2000])
    except services.CorrectionAlreadyHandledError:
        messages.error(request, _("Someone has already dealt with that report."))
    else:
        messages.success(request, done)
    return redirect("dashboard:corrections")


@require_POST
@staff_required("representatives.change_correctionreport")
def correction_resolve(request: HttpRequest, report_id: int) -> HttpResponse:
    return _handle(request, report_id, services.correction_report_resolve, _("Report marked as resolved."))


@require_POST
@staff_required("representatives.change_correctionreport")
def correction_reject(request: HttpRequest, report_id: int) -> HttpResponse:
    return _handle(request, report_id, services.correction_report_reject, _("Report rejected."))
