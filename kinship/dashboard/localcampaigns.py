"""Staff pages for local campaigns: new office holders nobody has contacted yet, per council.
They call kinship.localcampaigns' selectors and services and own no rules. Staff-only English."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kinship.dashboard.views import staff_required
from kinship.localcampaigns import conf, selectors

PERM = "localcampaigns.view_local_campaigns"


@staff_required(PERM)
def new_office_holders(request: HttpRequest) -> HttpResponse:
    rows = selectors.new_office_holders_by_council()
    return render(
        request,
        "dashboard/local_new_office_holders.html",
        {
            "rows": rows,
            "days": conf.new_in_office_days(),
            "uncontacted": sum(len(r.uncontacted) for r in rows),
        },
    )
