"""The length limit holds after merge fields are filled in (issue 11 item 15): 7,950 typed
characters of `{{ council }}` once became 85,562. Checked wherever a message is written."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from kinship.core.models import OutboundEmail
from kinship.messaging import conf, services
from kinship.messaging.models import Message, Submission
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db

# 7,980 characters as typed; about twice that once the council's name is filled in.
INFLATED = "Please help. " + "{{ council }} " * 569


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()


def test_a_body_that_grows_past_the_limit_when_merged_is_refused_and_nothing_stored(action):
    assert len(INFLATED) <= conf.MESSAGE_MAX_CHARS
    with pytest.raises(services.MessageTooLongError):
        services.submission_create(action=action, data=submission_data(body=INFLATED), language="en-gb")
    assert not Submission.objects.exists() and not Message.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_a_body_under_the_limit_when_merged_is_accepted(action, mail):
    body = "Please help. " + "{{ council }} " * 100
    submission = services.submission_create(action=action, data=submission_data(body=body), language="en-gb")
    assert "Demoshire County Council" in submission.messages.first().body


def test_the_writing_page_says_kindly_that_it_is_too_long(client, action, place):
    form = {
        "postcode": "XX1 1AA",
        "targets": [f"o{place.mp.pk}", f"o{place.lead_member.pk}"],
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": INFLATED,
        "send": "1",
    }
    response = client.post(reverse("messaging:action_write", args=[action.slug]), form)
    assert response.status_code == 400
    assert "too long once names and places are filled in" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_api_answers_400_with_the_reason(client, action):
    data = {
        "postcode": "XX1 1AA",
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": INFLATED,
    }
    response = client.post(
        f"/api/v1/actions/{action.slug}/submissions", json.dumps(data), content_type="application/json"
    )
    assert response.status_code == 400
    assert "merge fields" in json.dumps(response.json())
    assert not Submission.objects.exists()
