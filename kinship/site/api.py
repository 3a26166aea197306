"""The public JSON API's composed parts: GET /api/v1/postcodes/<postcode> (places from geography,
people from representatives) and the OpenAPI document that describes every app's endpoints."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from kinship.core.ratelimit import client_ip, rate_limit_exceeded, retry_after_seconds
from kinship.geography.conf import postcode_api_max_age, rate_postcode_api
from kinship.geography.messages import OUTCOME_MESSAGES, outcome_message
from kinship.geography.services import postcode_lookup
from kinship.geography.types import AreaRef, PostcodeOutcome, PostcodeResult
from kinship.representatives.selectors import (
    representative_to_json,
    representatives_for_postcode,
    representatives_json_for_postcode,
)

# Outcome → HTTP status for errors. Scotland and "council unknown" are answers (200): the MP
# still applies, and the person can choose their council.
ERROR_STATUS = {
    PostcodeOutcome.INVALID: 400,
    PostcodeOutcome.NOT_FOUND: 404,
    PostcodeOutcome.TERMINATED: 410,
    PostcodeOutcome.NORTHERN_IRELAND: 422,
    PostcodeOutcome.OUTSIDE_UK: 422,
}


# The shape the OpenAPI document promises for the path: any case, at most one space. Anything else
# is a 400 without a lookup, so the document says exactly what the endpoint accepts.
POSTCODE_PATH_RE = re.compile(r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$")


def _area(ref: AreaRef | None, *, with_type: bool = False) -> dict[str, str] | None:
    if ref is None:
        return None
    data = {"code": ref.code, "name": ref.name}
    if ref.name_cy:
        data["name_cy"] = ref.name_cy
    if with_type:
        data["type"] = ref.type
        data["official_name"] = ref.official_name
    return data


def postcode_result_to_json(result: PostcodeResult) -> dict[str, Any]:
    """The API's representation of a lookup (documented in `openapi.json`, PostcodeResult)."""
    body: dict[str, Any] = {
        "postcode": result.postcode,
        "status": result.outcome.value,  # live, scotland or council_unknown
        "country": _area(result.country),
        "childrens_services_authority": _area(result.childrens_services_authority, with_type=True),
        "district": _area(result.district),
        "ward": _area(result.ward),
        "constituency": _area(result.constituency),
        "senedd_constituency": _area(result.senedd_constituency),
        "location": {"lat": result.lat, "lng": result.lng} if result.lat is not None else None,
        "representatives": [representative_to_json(entry) for entry in representatives_for_postcode(result)],
    }
    if result.outcome != PostcodeOutcome.LIVE:
        body["notice"] = {"code": result.outcome.value, "message": str(outcome_message(result))}
    return body


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


# One encoder for the process, as `json.dumps(value, cls=DjangoJSONEncoder)` makes afresh on
# every call (the same settings, so the same bytes): a lookup encodes its postcode and location.
_dumps = DjangoJSONEncoder().encode


# The parts of an answer that depend only on the places (and, for the notice, the language),
# serialised once per process: many postcodes share them. AreaRef is a frozen dataclass, so its
# names are part of the key and a renamed area never meets a stale part. Bounded: the whole
# country has fewer sets of places than this, and a full memo simply starts again.
_PLACES_JSON_LIMIT = 50_000
_places_json: dict[tuple[Any, ...], tuple[str, str]] = {}


def _places_parts(result: PostcodeResult) -> tuple[str, str]:
    """(the status and areas, the notice or "") as JSON object members."""
    key = (
        result.outcome,
        result.country,
        result.childrens_services_authority,
        result.district,
        result.ward,
        result.constituency,
        result.senedd_constituency,
        get_language() if result.outcome != PostcodeOutcome.LIVE else "",
    )
    found = _places_json.get(key)
    if found is None:
        places = {
            "status": result.outcome.value,
            "country": _area(result.country),
            "childrens_services_authority": _area(result.childrens_services_authority, with_type=True),
            "district": _area(result.district),
            "ward": _area(result.ward),
            "constituency": _area(result.constituency),
            "senedd_constituency": _area(result.senedd_constituency),
        }
        notice = ""
        if result.outcome != PostcodeOutcome.LIVE:
            message = {"code": result.outcome.value, "message": str(outcome_message(result))}
            notice = ', "notice": ' + _dumps(message)
        if len(_places_json) >= _PLACES_JSON_LIMIT:
            _places_json.clear()
        found = _places_json[key] = (_dumps(places)[1:-1], notice)
    return found


def postcode_result_body(result: PostcodeResult) -> str:
    """`json.dumps(postcode_result_to_json(result))`, joined from cached parts: the postcode and
    location are this row's; the places, the notice and the people come serialised already."""
    places, notice = _places_parts(result)
    location = _dumps({"lat": result.lat, "lng": result.lng}) if result.lat is not None else "null"
    return (
        '{"postcode": '
        + _dumps(result.postcode)
        + ", "
        + places
        + ', "location": '
        + location
        + ', "representatives": '
        + representatives_json_for_postcode(result)
        + notice
        + "}"
    )


@require_safe
def postcode_detail(request: HttpRequest, postcode: str) -> HttpResponse:
    response: HttpResponse
    rate = rate_postcode_api()
    if rate_limit_exceeded(scope="postcode_api", identity=client_ip(request), rate=rate):
        response = _error("rate_limited", "Too many requests. Please wait and try again.", 429)
        response["Retry-After"] = str(retry_after_seconds(rate))
        response["Cache-Control"] = "no-store"
        return response
    if not POSTCODE_PATH_RE.match(postcode):
        response = _error(PostcodeOutcome.INVALID.value, str(OUTCOME_MESSAGES[PostcodeOutcome.INVALID]), 400)
        response["Cache-Control"] = f"public, max-age={postcode_api_max_age()}"
        return response
    result = postcode_lookup(postcode)
    status = ERROR_STATUS.get(result.outcome)
    if status is not None:
        response = _error(result.outcome.value, str(OUTCOME_MESSAGES[result.outcome]), status)
    else:
        response = HttpResponse(postcode_result_body(result), content_type="application/json")
    response["Cache-Control"] = f"public, max-age={postcode_api_max_age()}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def openapi_spec(request: HttpRequest) -> JsonResponse:
    """The API description: every installed app's `openapi.json` merged (this app's first)."""
    return JsonResponse(openapi_document(), json_dumps_params={"indent": 2})


@functools.cache
def openapi_document() -> dict[str, Any]:
    """Read once per process: the files only change with a deployment. The site's part carries
    the document's `info`; other apps add their paths and schemas."""
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Kinship Campaigns API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": {},
        "components": {"schemas": {}},
    }
    own = apps.get_app_config("site")
    configs = sorted(
        (config for config in apps.get_app_configs() if config.name.startswith("kinship.")),
        key=lambda config: (config is not own, config.label),
    )
    for config in configs:
        path = Path(config.path) / "openapi.json"
        if not path.is_file():
            continue
        part = json.loads(path.read_text())
        doc["paths"].update(part.get("paths", {}))
        doc["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
        if config is own and "info" in part:
            doc["info"] = part["info"]
    return doc
