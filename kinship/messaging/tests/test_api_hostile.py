"""Hostile bodies and cross-site posts to the submission API: a JSON 4xx, never a 500, no rows."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kinship.messaging.models import Message, Submission
from kinship.messaging.tests.test_api import payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def submit(api, action, body, content_type="application/json", **headers):
    return api.post(
        f"/api/v1/actions/{action.slug}/submissions", body, content_type=content_type, headers=headers
    )


def assert_refused(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert Submission.objects.count() == 0 and Message.objects.count() == 0


def test_deeply_nested_json_is_a_400_not_a_500(api, action, mail):
    assert_refused(submit(api, action, "[" * 100_000 + "]" * 100_000), 400)


def test_deeply_nested_json_inside_a_field_is_a_400(api, action, mail):
    nested = '{"postcode": "XX1 1AA", "extra": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}"
    assert_refused(submit(api, action, nested), 400)


@pytest.mark.parametrize("field", ["first_name", "last_name", "body", "subject", "town"])
def test_a_lone_surrogate_in_a_field_is_a_400_not_a_500(api, action, mail, field):
    value = "Gwen \ud800" if field != "body" else payload()["body"] + " \udfff"
    assert_refused(submit(api, action, json.dumps(payload(**{field: value}))), 400)


def test_a_cross_site_text_plain_post_is_refused(api, action, mail):
    response = submit(api, action, json.dumps(payload()), "text/plain", Origin="https://evil.example")

    assert_refused(response, 403)


def test_a_text_plain_post_without_origin_is_refused(api, action, mail):
    assert_refused(submit(api, action, json.dumps(payload()), "text/plain"), 415)


def test_a_same_site_json_post_is_accepted(api, action, mail):
    response = submit(api, action, json.dumps(payload()), Origin="http://testserver")

    assert response.status_code == 202
    assert Submission.objects.count() == 1


def test_a_partner_origin_on_the_allow_list_is_accepted(api, action, mail, settings):
    settings.KINSHIP_API_ALLOWED_ORIGINS = ["https://partner.example.org"]
    response = submit(api, action, json.dumps(payload()), Origin="https://partner.example.org")

    assert response.status_code == 202
