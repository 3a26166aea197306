"""The JSON API: list open actions; submit with the same rules, limits and confirmation."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from kinship.messaging.models import Submission
from kinship.messaging.tests.factories import BODY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()


def payload(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "postcode": "XX1 1AA",
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
        "consent_contact": False,
    }
    data.update(overrides)
    return data


def post(client, slug, data):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/actions/{slug}/submissions", json.dumps(data), content_type="application/json"
    )


def test_lists_open_actions(client, action):
    response = client.get("/api/v1/actions")
    assert response.status_code == 200
    item = response.json()["actions"][0]
    assert item["slug"] == action.slug and item["type"] == "email_postcode"
    assert item["target_roles"] == ["mp", "lead_member_children"]
    assert item["nations"] == ["england", "wales", "scotland"]


def test_submission_is_accepted_for_confirmation(client, action, mail):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = post(csrf_client, action.slug, payload())
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "awaiting_confirmation" and body["id"]
    assert {t["name"] for t in body["targets"]} == {"Alex Member MP", "Cllr Sam Lead"}
    assert Submission.objects.get().source == "api"


def test_field_errors_are_400_and_store_nothing(client, action):
    response = post(client, action.slug, payload(email="nope", first_name=""))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "email" in errors and "first_name" in errors
    assert Submission.objects.count() == 0


def test_a_postcode_of_the_wrong_shape_is_a_400_field_error(client, action):
    response = post(client, action.slug, payload(postcode="XX9 9XXX"))
    assert response.status_code == 400 and "postcode" in response.json()["errors"]


def test_a_well_formed_postcode_the_directory_does_not_know_is_a_404_field_error(client, action):
    # As at /postcodes/{postcode}: the request keeps the document's promises, the place is unknown.
    response = post(client, action.slug, payload(postcode="XX9 9XX"))
    assert response.status_code == 404 and "postcode" in response.json()["errors"]
    assert Submission.objects.count() == 0


def test_a_postcode_in_a_nation_the_action_does_not_cover_is_a_422(client, place):
    from kinship.campaigns.tests.factories import ActionFactory

    action = ActionFactory(covers_scotland=False)
    response = post(client, action.slug, payload(postcode="XY1 1AA"))
    assert response.status_code == 422 and "postcode" in response.json()["errors"]


def test_template_prompt_left_in_is_a_field_error(client, place):
    from kinship.campaigns.tests.factories import ActionFactory

    action = ActionFactory(body_template="[Tell them what happened and what would have helped.]")
    response = post(
        client, action.slug, payload(body="[Tell them what happened and what would have helped.] " + BODY)
    )
    assert response.status_code == 400 and "body" in response.json()["errors"]


def test_not_json_is_400(client, action):
    response = client.post(
        f"/api/v1/actions/{action.slug}/submissions", "hello", content_type="application/json"
    )
    assert response.status_code == 400


def test_same_rate_limits_apply(client, action, settings):
    settings.KINSHIP_RATE_SUBMIT_EMAIL = "1/3600"
    assert post(client, action.slug, payload()).status_code == 202
    assert post(client, action.slug, payload(body=BODY + " again")).status_code == 429


def test_choosing_targets_by_key(client, action, place):
    response = post(client, action.slug, payload(targets=[f"o{place.mp.pk}"]))
    assert [t["name"] for t in response.json()["targets"]] == ["Alex Member MP"]


@pytest.mark.parametrize(
    "wrong",
    [{"first_name": 5}, {"targets": {}}, {"targets": [1]}, {"consent_contact": "yes"}, {"council": 7}],
)
def test_a_field_of_the_wrong_json_type_is_a_400_as_the_document_says(client, action, wrong):
    response = post(client, action.slug, payload(**wrong))
    assert response.status_code == 400 and set(wrong) <= set(response.json()["errors"])
    assert Submission.objects.count() == 0


def test_a_petition_signature_sent_to_a_message_action_is_a_422(client, action):
    response = post(
        client, action.slug, {"name": "Gwen Jones", "email": "gwen@example.com", "postcode": "XX1 1AA"}
    )
    assert response.status_code == 422
    assert Submission.objects.count() == 0
