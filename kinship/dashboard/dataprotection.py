"""Data-protection requests in the console: requests for a copy or for erasure that came by
post or phone, each with its one-month deadline, status and handler; a copy is downloaded and
an erasure done from here, and each is recorded as done (by whom, when) without keeping the
data. kinship.supporters' services do the work. Staff-only English."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinship.core.privacy import mask_email
from kinship.dashboard.forms import DataRequestForm
from kinship.dashboard.views import staff_required
from kinship.supporters import services
from kinship.supporters.models import DataRequest, DataRequestKind
from kinship.supporters.selectors import data_requests_done, data_requests_handled, data_requests_open

VIEW = "supporters.view_datarequest"


def _page(request: HttpRequest, form: DataRequestForm, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    since = timezone.now() - dt.timedelta(days=90)
    rows = [
        {
            "request": r,
            "who": f"{r.supporter.name or 'Supporter'} ({mask_email(r.supporter.email)})",
            "days_left": (r.due_on - today).days,
            "days_late": (today - r.due_on).days,
        }
        for r in data_requests_open()[:500]
    ]
    return render(
        request,
        "dashboard/data_requests.html",
        {
            "form": form,
            "rows": rows,
            "done": list(data_requests_done(since=since)[:200]),
            "self_service": data_requests_handled(since=since).filter(handled_by="self-service").count(),
        },
        status=status,
    )


@staff_required(VIEW)
def data_requests(request: HttpRequest) -> HttpResponse:
    return _page(request, DataRequestForm(initial={"received_on": timezone.localdate()}))


@require_POST
@staff_required("supporters.add_datarequest")
def data_request_new(request: HttpRequest) -> HttpResponse:
    form = DataRequestForm(request.POST)
    if form.is_valid():
        try:
            record = services.data_request_record(**form.cleaned_data, entered_by=request.user.get_username())
        except services.SupporterNotFoundError:
            form.add_error(
                "email",
                "No supporter has that address. If we hold nothing about them, tell them so in your reply.",
            )
        else:
            messages.success(request, f"Request recorded. It must be done by {record.due_on:%-d %B %Y}.")
            return redirect("dashboard:data_requests")
    return _page(request, form)


@require_POST
@staff_required("supporters.change_datarequest")
def data_request_take(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.data_request_take(request_id=request_id, handler=request.user.get_username())
    except services.DataRequestAlreadyDoneError:
        messages.error(request, "That request has already been done.")
    else:
        messages.success(request, "You are now handling that request.")
    return redirect("dashboard:data_requests")


@require_POST
@staff_required("supporters.change_datarequest")
def data_request_do(request: HttpRequest, request_id: int) -> HttpResponse:
    record = DataRequest.objects.filter(pk=request_id).first()
    if record is None:
        messages.error(request, "That request could not be found.")
        return redirect("dashboard:data_requests")
    erasing = record.kind == DataRequestKind.ERASURE
    needed = "supporters.erase_supporter" if erasing else "supporters.view_supporter"
    if not request.user.has_perm(needed):
        return render(request, "dashboard/forbidden.html", status=403)
    if erasing and request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to say you have checked who asked. Nothing was erased.")
        return redirect("dashboard:data_requests")
    try:
        data = services.data_request_complete(request_id=record.pk, by=request.user.get_username())
    except services.DataRequestAlreadyDoneError:
        messages.error(request, "That request has already been done.")
        return redirect("dashboard:data_requests")
    if data is None:
        messages.success(request, "Erased. The request is recorded as done; none of their data is kept.")
        return redirect("dashboard:data_requests")
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="data-request-{record.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
