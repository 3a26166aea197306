"""Public scorecard pages that combine apps (their templates and words live with the scorecard): a council's page (its scorecard, its people, what
carers say it pays), the postcode checker, and "ask your council to fix this", which drafts a
letter naming the gaps and hands it to the actions machinery (kinship.messaging) to send.
The rules live in the scorecard, geography, representatives and messaging apps."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kinship.campaigns.models import Action
from kinship.campaigns.selectors import action_get_public, action_is_open
from kinship.geography.forms import PostcodeForm
from kinship.geography.models import Area
from kinship.geography.selectors import area_get
from kinship.messaging.forms import ComposeForm
from kinship.messaging.targets import resolve_targets, usable_targets
from kinship.representatives.models import Role
from kinship.representatives.selectors import current_offices, office_entry
from kinship.scorecard import conf, evidence, selectors
from kinship.scorecard.forms import NO_COUNCIL_FOR_POSTCODE
from kinship.scorecard.letters import gap_letter

COUNCIL_ROLES: list[str] = [
    Role.LEAD_MEMBER_CHILDREN,
    Role.LEADER,
    Role.ELECTED_MAYOR,
    Role.DIRECTOR_CHILDREN,
]


def _council_or_404(code: str) -> Area:
    council = area_get(code=code.upper())
    if council is None or not council.is_childrens_services_authority:
        raise Http404
    return council


def _ask_action() -> Action | None:
    try:
        action = action_get_public(slug=conf.scorecard_action_slug())
    except Action.DoesNotExist:
        return None
    return action if action_is_open(action) else None


def _people(council: Area) -> list[Any]:
    offices = current_offices().filter(area=council, role__in=COUNCIL_ROLES).select_related("person", "area")
    order: dict[str, int] = {str(role): i for i, role in enumerate(COUNCIL_ROLES)}
    return [office_entry(o) for o in sorted(offices, key=lambda o: (order.get(str(o.role), 99), o.pk))]


@require_GET
def council_scorecard(request: HttpRequest, code: str) -> HttpResponse:
    """One council: its rating, score by criterion with evidence and dates, its response, its people."""
    council = _council_or_404(code)
    assessment = selectors.published_assessment_for(council_code=council.code)
    card = selectors.assessment_scorecard(assessment) if assessment else None
    median, answers = selectors.allowance_median(council=council)
    context = {
        "council": council,
        "card": card,
        "checked_on": evidence.evidence_checked_on(assessment) if assessment else None,
        "people": _people(council),
        "similar": selectors.similar_councils(council) if card else [],
        "median": median,
        "median_answers": answers,
        "can_ask": card is not None and _ask_action() is not None,
    }
    return render(request, "scorecard/council.html", context)


@require_GET
def scorecard_check(request: HttpRequest) -> HttpResponse:
    """Postcode → the council that runs children's services (in two-tier areas, the county, and why)."""
    form = PostcodeForm(request.GET if "postcode" in request.GET else None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid() and form.result is not None:
        result = form.result
        ref = result.childrens_services_authority
        council = area_get(code=ref.code) if ref else None
        if council is None:
            form.add_error("postcode", str(NO_COUNCIL_FOR_POSTCODE))
        else:
            assessment = selectors.published_assessment_for(council_code=council.code)
            context.update(
                {
                    "result": result,
                    "council": council,
                    "card": selectors.assessment_scorecard(assessment) if assessment else None,
                }
            )
    status = 400 if form.errors else 200
    return render(request, "scorecard/check.html", context, status=status)


@require_GET
def council_ask(request: HttpRequest, code: str) -> HttpResponse:
    """ "Ask your council to fix this": the carer's postcode finds their lead member for children's
    services; the drafted letter names the gaps; messaging previews, confirms and sends it."""
    council = _council_or_404(code)
    action = _ask_action()
    assessment = selectors.published_assessment_for(council_code=council.code)
    if action is None or assessment is None:
        raise Http404
    card = selectors.assessment_scorecard(assessment)
    form = PostcodeForm(request.GET if "postcode" in request.GET else None)
    context: dict[str, Any] = {"council": council, "card": card, "form": form, "action": action}
    if not (form.is_bound and form.is_valid()):
        return render(request, "scorecard/ask.html", context, status=400 if form.errors else 200)
    resolution = resolve_targets(action=action, postcode=form.cleaned_data["postcode"])
    if not resolution.ok:
        form.add_error("postcode", resolution.problem_message)
        return render(request, "scorecard/ask.html", context, status=400)
    home = resolution.council_code
    if home and home != council.code:
        context["other_council"] = area_get(code=home)
        return render(request, "scorecard/ask.html", context)
    targets = usable_targets(action, resolution.targets)
    page_url = request.build_absolute_uri(reverse("scorecard:council", kwargs={"code": council.code}))
    subject, body = gap_letter(card, council_name=council.official_name or council.name, page_url=page_url)
    context.update(
        {
            "resolution": resolution,
            "targets": targets,
            "compose": ComposeForm(
                initial={
                    "postcode": resolution.postcode,
                    "targets": [t.key for t in targets],
                    "subject": subject,
                    "body": body,
                },
                target_choices=[(t.key, t.name) for t in targets],
            ),
        }
    )
    return render(request, "scorecard/ask.html", context)
