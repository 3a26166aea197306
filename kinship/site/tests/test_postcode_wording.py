"""One wording for "that is not a postcode", wherever a postcode is asked for: the Your area
page, the postcode API, the join form and the action pages all use geography's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory
from kinship.geography.messages import INVALID_POSTCODE_MESSAGE

pytestmark = pytest.mark.django_db

WORDING = str(INVALID_POSTCODE_MESSAGE)


def test_the_your_area_page_and_the_api_say_it_in_the_same_words(client):
    page = client.get(reverse("geography:your_area"), {"postcode": "hello"}).content.decode()
    assert escape(WORDING) in page
    assert client.get("/api/v1/postcodes/hello").json()["error"]["message"] == WORDING


def test_the_join_form_says_it_in_the_same_words(client):
    campaign = CampaignFactory()
    response = client.post(
        reverse("supporters:join", kwargs={"slug": campaign.slug}),
        {"name": "Gwen", "email": "gwen@example.com", "is_kinship_carer": "yes", "postcode": "hello"},
    )
    assert escape(WORDING) in response.content.decode()


def test_the_action_pages_say_it_in_the_same_words(client):
    action = ActionFactory()
    response = client.get(
        reverse("messaging:action_write", kwargs={"slug": action.slug}), {"postcode": "hello"}
    )
    assert escape(WORDING) in response.content.decode()
