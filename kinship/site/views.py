"""Public pages that combine apps: "Your area" (postcode → council, people and actions), its
"Not your council?" choice, the campaign page (story, actions and the join form) and the error
pages. Each view calls other apps' forms, services and selectors; the rules live with them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinship.campaigns.models import Campaign
from kinship.campaigns.selectors import (
    actions_for_postcode,
    campaign_actions_taken,
    campaign_get_public,
    campaign_supporter_display,
    count_is_shown,
)
from kinship.core.pagecache import cached_page
from kinship.core.ratelimit import client_ip, rate_limit_exceeded
from kinship.geography.conf import rate_council_correction
from kinship.geography.forms import CouncilChoiceForm, PostcodeForm
from kinship.geography.messages import OUTCOME_MESSAGES, outcome_message
from kinship.geography.selectors import childrens_services_authorities
from kinship.geography.services import (
    COUNCIL_CHOICE_OUTCOMES,
    CouncilChoiceNotAllowedError,
    CouncilNotFoundError,
    council_correction_record,
    postcode_lookup,
    postcode_result_choose_council,
)
from kinship.geography.types import PostcodeOutcome, PostcodeResult
from kinship.messaging.services import action_take_url
from kinship.messaging.targets import resolve_targets, usable_targets
from kinship.representatives.selectors import representatives_for_postcode
from kinship.supporters.forms import JoinForm

# Outcomes where we cannot name a council: offer the list straight away.
_LIST_AT_ONCE = {PostcodeOutcome.UNPLACED, PostcodeOutcome.NOT_FOUND}


@require_GET
def your_area(request: HttpRequest) -> HttpResponse:
    """Postcode → the council for children's services, ward, constituencies, people and actions."""
    form = PostcodeForm(request.GET if "postcode" in request.GET else None)
    result = None
    chosen = False
    if form.is_bound:
        form.is_valid()
        result = form.result
    council_code = request.GET.get("council", "")
    if result is not None and council_code:
        with_council = postcode_result_choose_council(result, council_code=council_code)
        if with_council is not None:
            if result.outcome == PostcodeOutcome.NOT_FOUND:
                form = PostcodeForm(initial={"postcode": result.postcode})  # no error: they chose
            result, chosen = with_council, True
    outcome = result.outcome if result else None
    shown = result if result is not None and result.is_usable else None
    context = {
        # Who to contact, in the toolkit's order, with "checked on" and "Is this wrong?" per person.
        "representatives": representatives_for_postcode(shown) if shown else [],
        "form": form,
        "result": shown,
        "lookup": result,
        "chosen": chosen,
        "notice": outcome_message(shown) if shown and shown.outcome != PostcodeOutcome.LIVE else None,
        # "Not your council?" goes on every result; a new postcode ONS has not listed yet gets it too.
        "councils": childrens_services_authorities().only("code", "name", "name_cy")
        if outcome in COUNCIL_CHOICE_OUTCOMES
        else None,
        "list_at_once": outcome in _LIST_AT_ONCE and not chosen,
    }
    return render(request, "site/your_area.html", context)


@require_POST
def council_choose(request: HttpRequest) -> HttpResponse:
    """ "Not your council?": record the person's choice for staff, then show their area with it."""
    form = CouncilChoiceForm(request.POST)
    base = reverse("geography:your_area")
    if not form.is_valid():
        messages.error(request, _("Choose your council from the list"))
        return HttpResponseRedirect(base)
    postcode = form.cleaned_data["postcode"]
    council = form.cleaned_data["council"]
    if rate_limit_exceeded(
        scope="council_correction", identity=client_ip(request), rate=rate_council_correction()
    ):
        return HttpResponseRedirect(f"{base}?{urlencode({'postcode': postcode, 'council': council})}")
    lookup = postcode_lookup(postcode)
    try:
        council_correction_record(result=lookup, chosen_code=council)
    except CouncilChoiceNotAllowedError:
        messages.error(request, str(OUTCOME_MESSAGES[lookup.outcome]))
        return HttpResponseRedirect(base)
    except CouncilNotFoundError:
        messages.error(request, _("Choose your council from the list"))
        return HttpResponseRedirect(f"{base}?{urlencode({'postcode': lookup.postcode})}")
    messages.success(request, _("Thank you. We have noted your council and will check our records."))
    return HttpResponseRedirect(f"{base}?{urlencode({'postcode': lookup.postcode, 'council': council})}")


@cached_page(sources=("campaigns", "petitions"))
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The campaign page: its story and facts, the actions open on it and the join form."""
    try:
        campaign = campaign_get_public(slug=slug)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "campaign": campaign,
        "supporters": campaign_supporter_display(campaign=campaign),
        "actions_taken": _final_actions_taken(campaign),
        "form": JoinForm(),
    }
    return render(request, "site/campaign_detail.html", context)


@require_GET
@cached_page(sources=("campaigns",))  # the landing only: a postcode in the query is never cached
def campaign_take_action(request: HttpRequest, slug: str) -> HttpResponse:
    """The postcode box near the top of the campaign and home pages lands here: the campaign's
    actions open where that postcode is, each with who it writes to, each linking straight to
    writing (the postcode carried, so nobody types it twice)."""
    try:
        campaign = campaign_get_public(slug=slug)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc
    form = PostcodeForm(request.GET if "postcode" in request.GET else None)
    result = form.result if form.is_bound and form.is_valid() else None
    items = _postcode_action_items(campaign, result) if result is not None else []
    notice = OUTCOME_MESSAGES[result.outcome] if result and result.outcome != PostcodeOutcome.LIVE else None
    context = {"campaign": campaign, "form": form, "result": result, "items": items, "notice": notice}
    return render(request, "site/campaign_take_action.html", context, status=400 if form.errors else 200)


def _postcode_action_items(campaign: Campaign, result: PostcodeResult) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for action in actions_for_postcode(result=result):
        if action.campaign_id != campaign.pk:
            continue
        resolution = resolve_targets(action=action, postcode=result.postcode)
        who = [t.name for t in usable_targets(action, resolution.targets)] if resolution.ok else []
        items.append({"action": action, "url": action_take_url(action, postcode=result.postcode), "who": who})
    return items


def _final_actions_taken(campaign: Campaign) -> int:
    """For a won or closed campaign's banner: how often people took action, if worth showing."""
    if not campaign.has_ended:
        return 0
    taken = campaign_actions_taken(campaign=campaign)
    return taken if count_is_shown(campaign=campaign, count=taken) else 0


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
