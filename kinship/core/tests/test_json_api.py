"""Everything under /api/ answers JSON, and the API's request checks (kinship.core.api)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kinship.core.api import MAX_JSON_DEPTH, json_body_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-thing", "/api/nope", "/api/v1/postcodes/XX11AA/extra/bits"]
)
def test_unknown_api_routes_answer_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_a_method_the_api_does_not_take_answers_json_405_not_html_403(api):
    response = api.generic("POST", "/api/v1/postcodes/XX11AA")  # no body and no content type

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_put_on_a_read_only_list_answers_json_405(api):
    response = api.put("/api/v1/actions", "{}", content_type="application/json")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("method", ["QUERY", "PROPFIND"])
def test_a_method_no_one_declared_answers_json_405_not_415(api, method):
    response = api.generic(method, "/api/v1/actions")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"


def test_a_put_with_any_body_on_a_get_only_route_is_405_not_415(api):
    response = api.put("/api/v1/postcodes/XX11AA", "x=1", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_a_post_with_the_wrong_body_type_on_a_post_route_is_still_415(api):
    response = api.post("/api/v1/actions/anything/submissions", "x=1", content_type="text/plain")

    assert response.status_code == 415


def test_a_server_error_in_the_api_answers_json(api, monkeypatch):
    def broken(_postcode):
        raise RuntimeError("boom")

    monkeypatch.setattr("kinship.site.api.postcode_lookup", broken)
    response = api.get("/api/v1/postcodes/XX11AA")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_a_post_from_another_origin_is_refused(api):
    response = api.post(
        "/api/v1/actions/some-action/submissions",
        "{}",
        content_type="application/json",
        headers={"Origin": "https://evil.example"},
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "origin_not_allowed"


def test_a_post_that_is_not_declared_json_is_refused_with_415(api):
    response = api.post("/api/v1/actions/some-action/submissions", "{}", content_type="text/plain")

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_public_pages_are_untouched_by_the_api_rules(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_json_nested_past_the_limit_is_a_problem_and_within_it_is_not():
    assert json_body_problem(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1))
    assert json_body_problem(b"[" * 200_000 + b"]" * 200_000)  # would overflow the parser's stack
    assert json_body_problem(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH) is None


def test_lone_surrogates_are_a_problem_but_real_emoji_are_not():
    assert json_body_problem(json.dumps({"name": "\ud800"}).encode())
    assert json_body_problem(json.dumps({"\udfff": "x"}).encode())
    assert json_body_problem(json.dumps({"name": "Nain 👵 Cymru"}).encode()) is None


def test_bodies_that_are_not_utf8_json_are_a_problem():
    assert json_body_problem(b'{"name": "\xff"}')
    assert json_body_problem(b"not json")
