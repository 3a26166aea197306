"""GET /api/v1/postcodes/<postcode>."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from kinship.core.tests.redis_cache import use_redis_cache

pytestmark = pytest.mark.django_db

URL = "/api/v1/postcodes/{}"


def test_the_live_shape(client, demo_places):
    response = client.get(URL.format("XX1 1AA"))
    assert response.status_code == 200
    body = response.json()
    assert body["postcode"] == "XX1 1AA"
    assert body["status"] == "live"
    assert body["country"] == {"code": "E92000001", "name": "England", "name_cy": "Lloegr"}
    assert body["childrens_services_authority"]["code"] == "E10900001"
    assert body["childrens_services_authority"]["name"] == "Demoshire"
    assert body["childrens_services_authority"]["type"] == "county"
    assert body["district"] == {"code": "E07900001", "name": "Fictionham"}
    assert body["ward"] == {"code": "E05900001", "name": "Maple"}
    assert body["constituency"] == {"code": "E14900001", "name": "Fictionham and Sampleton"}
    assert body["senedd_constituency"] is None
    assert body["location"] == {"lat": pytest.approx(52.1001), "lng": pytest.approx(-1.2001)}
    assert isinstance(body["representatives"], list)


def test_the_district_is_the_local_authority_district_in_unitary_areas_too(client, demo_places):
    # ONSPD `oslaua` / postcodes.io `admin_district`: the council itself where there is one tier.
    assert client.get(URL.format("XX2 1AA")).json()["district"] == {
        "code": "E06900001",
        "name": "Exampleborough",
    }
    welsh = client.get(URL.format("XX3 1AA")).json()["district"]
    assert welsh == {"code": "W06900001", "name": "Example Vale", "name_cy": "Bro Enghraifft"}


def test_wales_has_a_senedd_constituency(client, demo_places):
    body = client.get(URL.format("XX3 1AA")).json()
    assert body["senedd_constituency"]["code"] == "W09900001"
    assert body["senedd_constituency"]["name_cy"] == "Bro Enghraifft a'r Bryniau"


@pytest.mark.parametrize("written", ["xx11aa", "XX11AA", "xx1 1aa", "xx1%201aa", "Xx1%201Aa/"])
def test_any_case_with_or_without_a_space(client, demo_places, written):
    response = client.get(f"/api/v1/postcodes/{written}")
    assert response.status_code == 200
    assert response.json()["postcode"] == "XX1 1AA"


def test_the_url_is_named(client, demo_places):
    assert reverse("geography_api:postcode", kwargs={"postcode": "XX1 1AA"}) == "/api/v1/postcodes/XX1%201AA"


@pytest.mark.parametrize(
    ("postcode", "status", "code"),
    [
        ("nonsense", 400, "invalid_postcode"),
        ("XX7 7XX", 404, "postcode_not_found"),
        ("XX9 9ZZ", 410, "postcode_terminated"),
        ("XZ1 1AA", 422, "northern_ireland"),
    ],
)
def test_errors_have_a_code_and_message(client, demo_places, postcode, status, code):
    response = client.get(URL.format(postcode))
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_scotland_answers_with_the_constituency_and_a_notice(client, demo_places):
    response = client.get(URL.format("XY1 1AA"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "scotland"
    assert body["childrens_services_authority"] is None
    assert body["constituency"]["code"] == "S14900001"
    assert body["notice"]["code"] == "scotland"


def test_a_postcode_without_a_council_says_council_unknown(client, demo_places):
    body = client.get(URL.format("XX4 1AA")).json()
    assert body["status"] == "council_unknown"
    assert body["childrens_services_authority"] is None


def test_cache_headers_suit_quarterly_data(client, demo_places):
    response = client.get(URL.format("XX1 1AA"))
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Type"] == "application/json"


def test_too_many_requests_get_429_with_retry_after(client, demo_places, settings):
    settings.KINSHIP_RATE_LIMITS_ENABLED = True
    settings.KINSHIP_RATE_POSTCODE_API = "2/60"
    from django.core.cache import cache

    cache.clear()
    assert client.get(URL.format("XX1 1AA")).status_code == 200
    assert client.get(URL.format("XX1 1AA")).status_code == 200
    response = client.get(URL.format("XX1 1AA"))
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Cache-Control"] == "no-store"
    cache.clear()


def test_the_openapi_document_describes_the_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/postcodes/{postcode}"]["get"]
    assert {"200", "400", "404", "410", "422", "429"} <= set(operation["responses"])
    assert "PostcodeResult" in spec["components"]["schemas"]


def test_openapi_fragment_is_merged():
    from kinship.site.api import openapi_document

    doc = openapi_document()
    assert "/actions" in doc["paths"] and "/actions/{slug}/submissions" in doc["paths"]


@pytest.mark.django_db
def test_a_scottish_postcode_missing_from_the_file_is_scotland_in_the_api(client, demo_places):
    response = client.get("/api/v1/postcodes/EH11YZ")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "scotland" and body["constituency"] is None
    assert "cannot find your MP" in body["notice"]["message"]


@pytest.mark.parametrize("postcode", ["XX1 1AA", "XX2 1AA", "XX3 1AA", "XX4 1AA", "XY1 1AA", "EH1 1YZ"])
def test_the_answer_joined_from_cached_parts_is_the_whole_answer_serialised(client, demo_places, postcode):
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from kinship.geography.services import postcode_lookup
    from kinship.representatives.demo import load_demo_people
    from kinship.site.api import postcode_result_to_json

    load_demo_people()
    for _ in range(2):  # the second answer comes from the parts the first one cached
        response = client.get(URL.format(postcode))
        expected = json.dumps(postcode_result_to_json(postcode_lookup(postcode)), cls=DjangoJSONEncoder)
        assert response.content.decode() == expected


def test_a_new_office_is_in_the_next_answer(client, demo_places):
    from kinship.geography.models import Area
    from kinship.representatives.models import Role
    from kinship.representatives.tests.factories import OfficeFactory, PersonFactory

    def names() -> list[str]:
        return [p["name"] for p in client.get(URL.format("XX1 1AA")).json()["representatives"]]

    assert "Ada Newcomer" not in names()
    council = Area.objects.get(code="E10900001")
    OfficeFactory(role=Role.LEAD_MEMBER_CHILDREN, area=council, person=PersonFactory(name="Ada Newcomer"))
    assert names()[0] == "Ada Newcomer"


# The middleware that pass the API by or do less for it (kinship.core.browseronly) leave every
# header and byte of the answer as it was.
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize("postcode", ["XX1 1AA", "XX7 7XX", "XX9 9ZZ", "XY1 1AA"])
def test_the_answer_keeps_its_headers_through_the_whole_middleware_chain(
    client, demo_places, settings, postcode
):
    response = client.get(URL.format(postcode))
    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value, header
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["Permissions-Policy"]
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Language"] == settings.LANGUAGE_CODE
    assert "Accept-Language" in response["Vary"]
    assert not response.cookies


def test_a_welsh_browser_gets_the_same_answer_as_before_in_english(client, demo_places, settings):
    """Unprefixed paths are in the default language (Django's LocaleMiddleware decides so after
    reading the request; the API's goes straight there): the cookie and Accept-Language change
    nothing, the Scottish notice included."""
    plain = client.get(URL.format("XY1 1AA"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = client.get(URL.format("XY1 1AA"), HTTP_ACCEPT_LANGUAGE="cy")
    assert welsh.content == plain.content
    assert welsh["Content-Language"] == plain["Content-Language"] == settings.LANGUAGE_CODE
    assert welsh["Vary"] == plain["Vary"]


def test_a_change_recorded_in_an_api_request_names_no_user():
    """The history middleware passes the API by: a change made under /api/ records no user, as
    it did when the request was kept (the API's user is always anonymous)."""
    from simple_history.models import HistoricalRecords

    from kinship.core.browseronly import HistoryRequestMiddleware

    seen = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen["request"] = getattr(HistoricalRecords.context, "request", None)
        from django.http import HttpResponse

        return HttpResponse("ok")

    from django.test import RequestFactory

    HistoryRequestMiddleware(view)(RequestFactory().get("/api/v1/postcodes/XX11AA"))
    assert seen["request"] is None
    page = RequestFactory().get("/your-area/")
    HistoryRequestMiddleware(view)(page)
    assert seen["request"] is page


def test_rate_limiting_holds_on_redis_too(client, demo_places, settings):
    """The count in one Redis round trip (kinship.core.ratelimit) refuses the third request."""
    use_redis_cache(settings)
    settings.KINSHIP_RATE_LIMITS_ENABLED = True
    settings.KINSHIP_RATE_POSTCODE_API = "2/60"
    try:
        assert [client.get(URL.format("XX1 1AA")).status_code for _ in range(3)] == [200, 200, 429]
    finally:
        cache.clear()
