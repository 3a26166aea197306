"""The scorecard's JSON API: GET /api/v1/allowances/minimum (described in this app's openapi.json)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from kinship.geography.models import Area
from kinship.geography.selectors import area_get
from kinship.scorecard import evidence, selectors
from kinship.scorecard.allowances import OLDEST_AGE
from kinship.scorecard.models import AllowanceRegion
from kinship.scorecard.selectors import scorecard_to_json


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@require_safe
def allowance_minimum(request: HttpRequest) -> JsonResponse:
    """The national minimum fostering allowance in force on a date for a child's age and a region."""
    try:
        age = int(request.GET.get("age", ""))
    except ValueError:
        return _error("invalid_age", "Give the child's age in whole years, 0 to 17: ?age=7", 400)
    if not 0 <= age <= OLDEST_AGE:
        return _error("invalid_age", "The national minimum allowance is for children aged 0 to 17.", 400)
    region = request.GET.get("region", "")
    if region not in AllowanceRegion.values:
        return _error("invalid_region", f"region must be one of: {', '.join(AllowanceRegion.values)}", 400)
    raw_date = request.GET.get("date", "")
    try:
        on = date.fromisoformat(raw_date) if raw_date else timezone.localdate()
    except ValueError:
        return _error("invalid_date", "Give the date as YYYY-MM-DD, like 2025-04-06.", 400)
    rate = selectors.allowance_rate_on(age=age, region=region, on=on)
    if rate is None:
        return _error("no_rate", f"No {region} rate is loaded for {on.isoformat()}.", 404)
    response = JsonResponse(
        {
            "weekly_gbp": str(rate.weekly_gbp),
            "age_band": rate.age_band,
            "year": rate.year,
            "region": rate.region,
            "source": rate.source,
            "valid_from": rate.valid_from.isoformat(),
            "valid_to": rate.valid_to.isoformat(),
        }
    )
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def council_scorecard(request: HttpRequest, code: str) -> JsonResponse:
    """Any of the 175 children's-services authorities: its state, and when published its scorecard."""
    council = area_get(code=code.strip().upper())
    if council is None or not council.is_childrens_services_authority:
        return _error("not_found", "No council that runs children's services has that code.", 404)
    response = JsonResponse(scorecard_to_json(council, checked_on=_checked_on(council)))
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _checked_on(council: Area) -> date | None:
    assessment = selectors.published_assessment_for(council_code=council.code)
    return evidence.evidence_checked_on(assessment) if assessment else None
