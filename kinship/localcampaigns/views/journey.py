"""The journey log: a carer records each step of their local campaign through a private link
(no account), chooses what to share with the charity, downloads or deletes it."""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kinship.core.privacy import csv_safe
from kinship.core.ratelimit import client_ip, rate_limit_exceeded
from kinship.geography.services import postcode_lookup
from kinship.localcampaigns import conf, selectors, services
from kinship.localcampaigns.forms import EntryForm, JourneyRequestForm
from kinship.localcampaigns.models import Journey
from kinship.localcampaigns.toolkit import ADVICE


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    expired = isinstance(exc, services.JourneyLinkExpiredError)
    response = render(
        request,
        "localcampaigns/journey_link_problem.html",
        {"expired": expired},
        status=410 if expired else 404,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _journey(token: str) -> Journey:
    return services.journey_from_token(token)


@require_http_methods(["GET", "POST"])
def journey_request(request: HttpRequest) -> HttpResponse:
    form = JourneyRequestForm(request.POST or None, initial={"postcode": request.GET.get("postcode", "")})
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            scope="journey-link", identity=client_ip(request), rate=conf.rate_journey_link_ip()
        ):
            form.add_error(None, _("Too many requests in a short time. Please wait an hour and try again."))
        else:
            code = name = ""
            if form.cleaned_data["postcode"]:
                council = postcode_lookup(form.cleaned_data["postcode"]).childrens_services_authority
                if council is not None:
                    code, name = council.code, council.official_name or council.name
            services.journey_link_request(
                email=form.cleaned_data["email"], language=_language(), council_code=code, council_name=name
            )
            return render(request, "localcampaigns/journey_sent.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "localcampaigns/journey_request.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def journey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        log = _journey(token)
    except (services.JourneyLinkExpiredError, services.JourneyLinkInvalidError) as exc:
        return _link_problem(request, exc)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.journey_entry_add(journey=log, data=form.entry_input())
        return redirect("localcampaigns:journey", token=token)
    context = {
        "journey": log,
        "token": token,
        "entries": list(log.entries.all()),
        "form": form,
        "status": selectors.council_status_for(council_code=log.council_code),
        "advice": ADVICE,
    }
    return render(request, "localcampaigns/journey.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
def journey_entry_share(request: HttpRequest, token: str, entry_id: int) -> HttpResponse:
    try:
        log = _journey(token)
    except (services.JourneyLinkExpiredError, services.JourneyLinkInvalidError) as exc:
        return _link_problem(request, exc)
    services.journey_entry_share(journey=log, entry_id=entry_id, share=request.POST.get("share") == "yes")
    return redirect("localcampaigns:journey", token=token)


@never_cache
@require_POST
def journey_entry_delete(request: HttpRequest, token: str, entry_id: int) -> HttpResponse:
    try:
        log = _journey(token)
    except (services.JourneyLinkExpiredError, services.JourneyLinkInvalidError) as exc:
        return _link_problem(request, exc)
    services.journey_entry_delete(journey=log, entry_id=entry_id)
    return redirect("localcampaigns:journey", token=token)


@never_cache
def journey_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        log = _journey(token)
    except (services.JourneyLinkExpiredError, services.JourneyLinkInvalidError) as exc:
        return _link_problem(request, exc)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="campaign-journey.csv"'
    response["Cache-Control"] = "private, no-store"
    rows = services.journey_rows(log)
    writer = csv.writer(response)
    writer.writerow(
        ["date", "council", "what", "who", "how", "notes", "next_step", "remind_on", "shared_with_charity"]
    )
    for row in rows:
        writer.writerow([csv_safe(v) for v in row.values()])
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def journey_delete(request: HttpRequest, token: str) -> HttpResponse:
    try:
        log = _journey(token)
    except (services.JourneyLinkExpiredError, services.JourneyLinkInvalidError) as exc:
        return _link_problem(request, exc)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            raise Http404
        services.journey_delete(journey=log)
        return render(request, "localcampaigns/journey_deleted.html")
    return render(
        request, "localcampaigns/journey_delete.html", {"token": token, "count": log.entries.count()}
    )
