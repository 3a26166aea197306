"""Issue 10: the join "check your email" page shows the address used (masked) and offers to send
the email again, through the outbox and rate limited."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kinship.campaigns.tests.factories import CampaignFactory
from kinship.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _join(client, campaign):  # type: ignore[no-untyped-def]
    return client.post(
        f"/campaigns/{campaign.slug}/join/",
        {"name": "Sam Jones", "email": "sam.jones@example.org", "is_kinship_carer": "no"},
    )


def test_after_joining_the_page_shows_the_masked_address_and_resend(client):
    campaign = CampaignFactory()
    response = _join(client, campaign)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "s***@example.org" in page and "sam.jones@example.org" not in page
    assert "Send the email again" in page


def test_send_again_goes_through_the_outbox_and_is_rate_limited(client, settings):
    settings.KINSHIP_RATE_JOIN_RESEND = "1/3600"
    campaign = CampaignFactory()
    location = _join(client, campaign)["Location"]
    assert OutboundEmail.objects.filter(kind="join_confirmation").count() == 1
    page = client.post(location).content.decode()
    assert "We have sent the email again to s***@example.org." in page
    assert OutboundEmail.objects.filter(kind="join_confirmation").count() == 2
    refused = client.post(location)
    assert refused.status_code == 429 and "Please wait an hour" in refused.content.decode()
    assert OutboundEmail.objects.filter(kind="join_confirmation").count() == 2


def test_a_broken_join_check_email_link_gets_a_kind_page(client):
    campaign = CampaignFactory()
    response = client.get(f"/campaigns/{campaign.slug}/join/check-your-email/nonsense/")
    assert response.status_code == 404
