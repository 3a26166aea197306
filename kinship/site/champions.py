"""A Campaign Champion's page for their area (reached by a private link): what is happening
there — supporters, actions and replies (counts, small numbers suppressed by stats' one rule),
the council's campaign status and the open next steps carers shared, the scorecard's gaps, new
office holders nobody has contacted yet — and where to start. Combines supporters, stats,
localcampaigns and scorecard; owns no rules."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kinship.campaigns.models import ActionKind
from kinship.campaigns.selectors import action_list_open
from kinship.geography.selectors import area_get
from kinship.localcampaigns import selectors as local
from kinship.stats.selectors import area_figures
from kinship.supporters import champions
from kinship.supporters.services import LinkExpiredError, LinkInvalidError


def _joint_letter_url(postcode: str) -> str:
    """Start a joint letter to the council's people: the first open action that writes to the
    people for a postcode, with the champion's postcode carried."""
    action = next((a for a in action_list_open() if a.kind == ActionKind.EMAIL_POSTCODE), None)
    if action is None:
        return ""
    return f"{reverse('jointletters:letter_start', kwargs={'slug': action.slug})}?{urlencode({'postcode': postcode})}"


def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    expired = isinstance(exc, LinkExpiredError)
    response = render(
        request, "site/champion_link_problem.html", {"expired": expired}, status=410 if expired else 404
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
def champion_area(request: HttpRequest, token: str) -> HttpResponse:
    try:
        champion = champions.champion_from_page_token(token)
    except (LinkExpiredError, LinkInvalidError) as exc:
        return _link_problem(request, exc)
    code = champion.council_code
    area = area_get(code=code)
    live = area_figures(area)[0] if area is not None else []
    today = timezone.localdate()
    open_steps = [
        e
        for e in local.shared_entries(council_code=code)[:200]
        if e.next_step and (e.remind_on is None or e.remind_on >= today)
    ]
    new_holders = next((r for r in local.new_office_holders_by_council() if r.council_code == code), None)
    start = f"{reverse('localcampaigns:who')}?{urlencode({'postcode': champion.postcode})}"
    context = {
        "champion": champion,
        "live": live,
        "status": local.council_status_for(council_code=code),
        "open_steps": open_steps[:20],
        "gaps": local.scorecard_gaps(council_code=code),
        "new_holders": new_holders,
        "start_url": start,
        "joint_letter_url": _joint_letter_url(champion.postcode),
        "other_champions": champions.champions_approved(council_code=code).exclude(pk=champion.pk).count(),
    }
    return render(request, "site/champion_area.html", context)
