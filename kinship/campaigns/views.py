"""The campaigns app's own pages: the list of campaigns, the live count and the commitments tracker."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kinship.campaigns.models import Campaign, CampaignStatus, CommitmentStatus
from kinship.campaigns.selectors import (
    campaign_get_public,
    campaign_list_public,
    campaign_supporter_display,
    commitment_list,
    commitment_status_counts,
)
from kinship.core.pagecache import cached_page


@cached_page(sources=("campaigns",))
def home(request: HttpRequest) -> HttpResponse:
    campaigns = list(campaign_list_public())
    live = [c for c in campaigns if c.status == CampaignStatus.LIVE]
    earlier = [c for c in campaigns if c.status != CampaignStatus.LIVE]
    return render(request, "campaigns/campaign_list.html", {"live": live, "earlier": earlier})


@cached_page(sources=("campaigns",))
def supporter_count_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    """The live count on its own, for htmx polling; cacheable for a few seconds."""
    try:
        campaign = campaign_get_public(slug=slug)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "campaigns/supporter_count.html",
        {"campaign": campaign, "supporters": campaign_supporter_display(campaign=campaign)},
    )


def commitments(request: HttpRequest) -> HttpResponse:
    items = list(commitment_list())
    counts = commitment_status_counts(items)
    return render(
        request,
        "campaigns/commitment_list.html",
        {"commitments": items, "counts": counts, "statuses": CommitmentStatus.choices},
    )
