"""Petitions in the JSON API. Signing comes through messaging's
POST /api/v1/actions/<slug>/submissions (this module's `signature_create` is registered for
petition kinds); GET /api/v1/actions/<slug>/counts gives the total and the counts by area."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from kinship.campaigns.models import Action
from kinship.core.api import json_body
from kinship.core.forms import bound_form
from kinship.core.ratelimit import client_ip, retry_after_seconds
from kinship.geography.messages import OUTCOME_MESSAGES
from kinship.petitions import conf, selectors, services
from kinship.petitions.errors import PetitionClosedError, PostcodeNotPlacedError
from kinship.petitions.forms import SignForm
from kinship.petitions.models import AreaType, Petition
from kinship.petitions.rules import SUPPRESS_BELOW

FIELDS = ("name", "email", "postcode", "consent_contact", "show_name", "website")
ACCEPTED = {"status": "awaiting_confirmation"}


def _errors(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def _form(payload: dict[str, Any], petition: Petition) -> SignForm:
    data = {k: payload[k] for k in FIELDS if k in payload and isinstance(payload[k], str | bool | int)}
    for box in ("consent_contact", "show_name"):
        if isinstance(data.get(box), bool):
            data[box] = "on" if data[box] else ""
    return bound_form(SignForm, {k: str(v) for k, v in data.items()}, names_public=petition.names_public)


def signature_create(request: HttpRequest, action: Action) -> JsonResponse:
    """Sign a petition (registered with messaging's submissions endpoint). 202 whether the
    person is new or has signed before: the answer never says which."""
    try:
        petition = selectors.petition_get_public_cached(slug=action.slug)
    except Petition.DoesNotExist:
        return _errors({"__all__": ["No such action"]}, 404)
    try:
        payload = json_body(request)
    except (ValueError, UnicodeDecodeError):
        return _errors({"__all__": ["Send a JSON object."]})
    if not isinstance(payload, dict):
        return _errors({"__all__": ["Send a JSON object."]})
    form = _form(payload, petition)
    if not form.is_valid():
        return _errors({k: [str(e) for e in v] for k, v in form.errors.items()})
    if form.is_bot():
        return JsonResponse(ACCEPTED, status=202)
    email = form.cleaned_data["email"]
    if services.signature_email_refused(email=email):
        response = _errors(
            {"__all__": ["Too many signatures from this email address. Please wait an hour."]}, 429
        )
        response["Retry-After"] = str(retry_after_seconds(conf.rate_sign_email()))
        return response
    try:
        services.signature_create(
            petition=petition,
            data=services.SignInput(
                name=form.cleaned_data["name"],
                email=email,
                postcode=form.cleaned_data["postcode"],
                consent_contact=form.cleaned_data["consent_contact"],
                show_name=form.cleaned_data.get("show_name", False),
            ),
            ip=client_ip(request),
            language=get_language() or settings.LANGUAGE_CODE,
            source="api",
            source_url=request.build_absolute_uri(),
        )
    except PetitionClosedError:
        return _errors({"__all__": ["This petition is closed."]})
    except PostcodeNotPlacedError as exc:
        return _errors({"postcode": [str(OUTCOME_MESSAGES[exc.result.outcome])]})
    return JsonResponse(ACCEPTED, status=202)


def _areas(petition: Petition, area_type: str) -> list[dict[str, Any]]:
    return [
        {"code": row.code, "name": row.name, "count": row.count}
        for row in selectors.area_counts(petition=petition, area_type=area_type)
    ]


@require_safe
def counts(request: HttpRequest, slug: str) -> JsonResponse:
    """The total and the counts by constituency and council; a count under 5 is null."""
    try:
        petition = selectors.petition_get_public(slug=slug)
    except Petition.DoesNotExist:
        return _errors({"__all__": ["No such petition"]}, 404)
    response = JsonResponse(
        {
            "slug": petition.slug,
            "type": petition.action.kind,
            "total": selectors.petition_total(petition=petition),
            "goal": petition.goal,
            "counted_at": petition.counted_at.isoformat() if petition.counted_at else None,
            "suppressed_below": SUPPRESS_BELOW,
            "constituencies": _areas(petition, AreaType.CONSTITUENCY),
            "councils": _areas(petition, AreaType.COUNCIL),
        }
    )
    response["Cache-Control"] = "public, max-age=30"
    response["Access-Control-Allow-Origin"] = "*"
    return response
