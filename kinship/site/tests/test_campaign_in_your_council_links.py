"""Where carers find the guided steps: the home page, the campaign page and every "Your area"
page lead to "Campaign in your council" (with the council's name on "Your area")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinship.campaigns.tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_leads_to_it(client):
    CampaignFactory()
    page = client.get("/").content.decode()
    assert f'href="{reverse("localcampaigns:start")}"' in page


def test_the_campaign_page_leads_to_it(client):
    campaign = CampaignFactory()
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Campaign in your council" in page
    assert f'href="{reverse("localcampaigns:start")}"' in page


def test_your_area_names_the_council_and_carries_the_postcode(client, demo_places):
    page = client.get(reverse("geography:your_area"), {"postcode": "xx1 1aa"}).content.decode()
    assert "Campaign in Demoshire County Council" in page
    assert f'href="{reverse("localcampaigns:who")}?postcode=XX1%201AA"' in page


def test_your_area_in_welsh_says_it_in_welsh(client, demo_places):
    page = client.get("/cy" + reverse("geography:your_area"), {"postcode": "XX1 1AA"}).content.decode()
    assert "Ymgyrchu yn" in page
