"""Staff-only pages: the console home and the data steward's pages. They call other apps'
selectors and services and own no rules."""

from __future__ import annotations

import datetime as dt
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

from kinship.campaigns.selectors import campaign_stage_counts
from kinship.messaging.selectors import messages_held
from kinship.representatives import conf, services
from kinship.representatives.coverage import council_coverage
from kinship.representatives.models import CorrectionReport
from kinship.representatives.selectors import (
    authorities_without_lead_member,
    democracy_services_failed,
    open_correction_reports,
    stale_offices,
)
from kinship.supporters.selectors import data_requests_handled, data_requests_open

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


# Each area of the console and the permission that opens it; the home page shows the areas a
# person may open, and refuses staff who may open none.
AREA_PERMS = {
    "data_health": "representatives.view_office",
    "working": "campaigns.view_campaign",
    "campaigns": "campaigns.change_campaign",
    "moderation": "messaging.moderate_message",
    "data_requests": "supporters.view_datarequest",
    "exports": "supporters.export_supporters",
    "petitions": "petitions.handle_signatures",
    "local": "localcampaigns.view_local_campaigns",
    "champions": "supporters.approve_champion",
    "datasets": "stats.view_dataset",
}


def console_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in staff who may open at least one area of the console."""

    @wraps(view)
    def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_staff or not any(user.has_perm(p) for p in AREA_PERMS.values()):
            return render(request, "dashboard/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(inner, login_url=LOGIN_URL)


def _home_counts(request: HttpRequest) -> dict[str, Any]:
    """Counts for each area the person may open (and only those: each costs a query)."""
    may = {area: request.user.has_perm(perm) for area, perm in AREA_PERMS.items()}
    counts: dict[str, Any] = {"may": may}
    if may["data_health"]:
        counts.update(
            without_lead=authorities_without_lead_member().count(),
            stale=stale_offices().count(),
            open_reports=open_correction_reports().count(),
            failed_syncs=democracy_services_failed().count(),
            stale_days=conf.stale_after_days(),
        )
    if may["campaigns"]:
        counts["campaign_stages"] = campaign_stage_counts()
    if may["moderation"]:
        counts["held"] = messages_held().count()
    if may["data_requests"]:
        since = timezone.now() - dt.timedelta(days=30)
        counts["data_requests_30_days"] = data_requests_handled(since=since).count()
        counts["data_requests_open"] = data_requests_open().count()
    return counts


@console_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/index.html", _home_counts(request))


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
