"""Pages reached by a personal link (confirming, data rights, unsubscribing) are never stored
by a browser or proxy cache: they send Cache-Control: no-store."""

import pytest
from django.urls import reverse

from kinship.supporters import services, tokens
from kinship.supporters.tests.test_rights import joined_supporter

pytestmark = pytest.mark.django_db


def assert_not_stored(response):
    assert response.status_code in {200, 302}
    assert "no-store" in response["Cache-Control"]


def test_the_join_confirm_page_is_not_stored(client):
    from kinship.campaigns.tests.factories import CampaignFactory

    signup = services.supporter_join(
        campaign=CampaignFactory(),
        data=services.JoinInput("Ada Example", "ada@example.org", "CF10 1AA", "yes", True),
        source_url="http://testserver/campaigns/x/join/",
        language="en-gb",
    )
    token = tokens.make_token(signup.pk, salt=tokens.JOIN_SALT)

    assert_not_stored(client.get(reverse("supporters:join_confirm", kwargs={"token": token})))


def test_the_data_management_pages_are_not_stored(client):
    supporter, _ = joined_supporter()
    token = tokens.make_token(supporter.pk, salt=tokens.DATA_ACCESS_SALT)

    assert_not_stored(client.get(reverse("supporters:data_manage", kwargs={"token": token})))
    assert_not_stored(client.post(reverse("supporters:data_download", kwargs={"token": token})))
    assert_not_stored(
        client.post(reverse("supporters:data_erase", kwargs={"token": token}), {"confirm": "on"})
    )
    assert_not_stored(client.get(reverse("supporters:data_erased")))


def test_the_unsubscribe_page_is_not_stored(client):
    supporter, _ = joined_supporter()
    token = tokens.make_token(supporter.pk, salt=tokens.UNSUBSCRIBE_SALT)

    assert_not_stored(client.get(reverse("supporters:unsubscribe", kwargs={"token": token})))
