"""The scorecard's JSON API: GET /api/v1/allowances/minimum (described in this app's openapi.json)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from kinship.scorecard import selectors
from kinship.scorecard.allowances import OLDEST_AGE
from kinship.scorecard.models import AllowanceRegion


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
