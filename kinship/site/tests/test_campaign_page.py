"""The campaign page (story, facts, actions, the join form and the live count) and the site chrome
every page shares (the other-language link, the advice line, the friendly 404)."""

import pytest
from django.urls import reverse

from kinship.campaigns.models import CampaignStatus
from kinship.campaigns.tests.factories import AskFactory, CampaignFactory, FactFactory, NewsItemFactory
from kinship.core.counters import counter_increment

pytestmark = pytest.mark.django_db


def test_campaign_page_shows_asks_in_order_and_facts_with_sources(client):
    campaign = CampaignFactory(slug="value-our-love", title="Value Our Love")
    AskFactory(campaign=campaign, order=2, title="Second ask")
    AskFactory(campaign=campaign, order=1, title="First ask")
    FactFactory(campaign=campaign, figure="8 in 10", source_name="Kinship survey")
    response = client.get(reverse("campaigns:detail", kwargs={"slug": "value-our-love"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("First ask") < body.index("Second ask")
    assert "8 in 10" in body and "Kinship survey" in body


def test_campaign_page_shows_exact_supporter_count(client):
    campaign = CampaignFactory()
    for _ in range(1234):
        counter_increment(key=campaign.supporter_counter_key)
    response = client.get(campaign.get_absolute_url())
    assert "1,234" in response.content.decode()


def test_draft_campaign_is_not_public(client):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    assert client.get(campaign.get_absolute_url()).status_code == 404


def test_unknown_campaign_is_a_friendly_404(client):
    response = client.get("/campaigns/no-such-campaign/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_news_items_unpublished_are_hidden(client):
    campaign = CampaignFactory()
    NewsItemFactory(campaign=campaign, title="Visible news")
    NewsItemFactory(campaign=campaign, title="Hidden news", is_published=False)
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert "Visible news" in body and "Hidden news" not in body


def test_welsh_campaign_page_uses_welsh_content_when_present(client):
    campaign = CampaignFactory(title="Value Our Love", title_cy="Gwerthfawrogi Ein Cariad")
    response = client.get(f"/cy/campaigns/{campaign.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gwerthfawrogi Ein Cariad" in body
    assert 'lang="cy"' in body


def test_welsh_page_falls_back_to_english_content_when_untranslated(client):
    campaign = CampaignFactory(title="Only English title", title_cy="")
    assert "Only English title" in client.get(f"/cy/campaigns/{campaign.slug}/").content.decode()


def test_every_page_links_to_the_same_page_in_the_other_language(client):
    campaign = CampaignFactory(slug="vol")
    english = client.get("/campaigns/vol/").content.decode()
    welsh = client.get("/cy/campaigns/vol/").content.decode()
    assert 'href="/cy/campaigns/vol/"' in english
    assert 'href="/campaigns/vol/"' in welsh
    assert campaign


def test_every_page_shows_the_kinship_advice_line(client):
    for url in ["/", "/commitments/", "/help/"]:
        assert "0300 123 7015" in client.get(url).content.decode()


def test_a_warm_campaign_page_does_not_query_its_editorial_content(
    client, settings, django_assert_max_num_queries
):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    caches["fragments"].clear()
    campaign = CampaignFactory()
    AskFactory(campaign=campaign, title="Equal allowances")
    FactFactory(campaign=campaign)
    NewsItemFactory(campaign=campaign, title="A victory")
    first = client.get(campaign.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(4):
        second = client.get(campaign.get_absolute_url()).content.decode()
    assert "Equal allowances" in second and "A victory" in second
    assert first.count("Equal allowances") == second.count("Equal allowances")
