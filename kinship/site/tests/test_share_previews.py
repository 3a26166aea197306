"""Issue 10: every public page has Open Graph and Twitter card metadata and a share image, so a
shared link shows a proper preview."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def _meta(page: str, key: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)
    assert found, f"no {key}"
    return found.group(1)


@pytest.mark.parametrize("path", ["/", "/commitments/", "/help/", "/your-area/", "/no-such-page/", "/cy/"])
def test_every_page_has_a_share_preview(client, settings, path):
    settings.SITE_URL = "https://campaigns.example.org"
    page = client.get(path).content.decode()
    assert _meta(page, "og:title") and _meta(page, "og:description") and _meta(page, "description")
    assert _meta(page, "og:url") == f"https://campaigns.example.org{path}"
    assert _meta(page, "og:image").startswith("https://campaigns.example.org/static/kinship/img/share")
    assert _meta(page, "twitter:card") == "summary_large_image"
    assert _meta(page, "twitter:image") == _meta(page, "og:image")


def test_the_campaign_and_action_pages_preview_their_own_title(client):
    campaign = CampaignFactory(title="Value Our Love", summary="Equal support for kinship families.")
    action = ActionFactory(campaign=campaign, title="Email your MP")
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert _meta(page, "og:title") == "Value Our Love"
    assert _meta(page, "og:description") == "Equal support for kinship families."
    assert _meta(client.get(f"/actions/{action.slug}/").content.decode(), "og:title") == "Email your MP"


def test_the_share_image_is_a_1200_by_630_png():
    from PIL import Image

    path = finders.find("kinship/img/share.png")
    assert path
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
