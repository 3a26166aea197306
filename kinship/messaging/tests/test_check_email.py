"""Issue 10: the "check your email" page shows the address used (masked, s***@example.org) and
offers to send the email again: through the outbox, rate limited, only while unconfirmed."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from kinship.core.models import OutboundEmail
from kinship.core.privacy import mask_email
from kinship.messaging import services, tokens
from kinship.messaging.models import Submission
from kinship.messaging.tests.test_views import form_data, keys

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def test_mask_email_keeps_the_first_letter_and_the_domain():
    assert mask_email("sam@example.org") == "s***@example.org"
    assert mask_email("not-an-address") == "***"


def _submit(client, action, place):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("messaging:action_write", args=[action.slug]),
        form_data(targets=keys(place), email="sam.jones@example.org"),
    )


def test_after_sending_the_page_shows_the_masked_address(client, action, place, mail):
    response = _submit(client, action, place)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "s***@example.org" in page and "sam.jones@example.org" not in page
    assert "Step 3 of 3" in page and "Send the email again" in page


def test_send_again_queues_the_confirmation_again_through_the_outbox(
    client, action, place, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        location = _submit(client, action, place)["Location"]
    before = OutboundEmail.objects.filter(kind="message_confirmation").count()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(location).content.decode()
    assert "We have sent the email again to s***@example.org." in page
    assert OutboundEmail.objects.filter(kind="message_confirmation").count() == before + 1
    assert mail.filter(to__contains="sam.jones@example.org").count() == 2
    assert "/messages/confirm/" in mail.filter(to__contains="sam.jones@example.org").first().text_body


def test_send_again_is_rate_limited(client, action, place, mail, settings):
    settings.KINSHIP_RATE_CONFIRMATION_RESEND = "2/3600"
    location = _submit(client, action, place)["Location"]
    assert client.post(location).status_code == 200
    assert client.post(location).status_code == 200
    refused = client.post(location)
    assert refused.status_code == 429
    assert "Please wait an hour" in refused.content.decode()
    assert OutboundEmail.objects.filter(kind="message_confirmation").count() == 3


def test_nothing_is_sent_again_once_confirmed(client, action, place, mail):
    location = _submit(client, action, place)["Location"]
    submission = Submission.objects.get()
    services.submission_confirm(token=tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT))
    assert "Send the email again" not in client.get(location).content.decode()
    before = OutboundEmail.objects.filter(kind="message_confirmation").count()
    client.post(location)
    assert OutboundEmail.objects.filter(kind="message_confirmation").count() == before


def test_a_broken_check_email_link_gets_a_kind_page(client, action):
    response = client.get(reverse("messaging:check_email_sent", args=[action.slug, "nonsense"]))
    assert response.status_code == 404 and "This link does not work" in response.content.decode()
