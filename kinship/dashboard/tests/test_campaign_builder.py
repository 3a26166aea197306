"""The campaign builder: a campaign editor builds a campaign through the forms (words, asks,
facts with their sources, news, a commitment), launches or schedules it, and sees and restores
its history; errors are shown beside the field and nothing half-made is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinship.campaigns.models import Ask, Campaign, CampaignStatus, Commitment, Fact, NewsItem
from kinship.campaigns.tests.factories import AskFactory, CampaignFactory, FactFactory
from kinship.core.scheduling import REGISTRY, autodiscover
from kinship.dashboard.tests.helpers import staff_in

pytestmark = pytest.mark.django_db

CAMPAIGN = {
    "title": "Equal pay for kinship carers",
    "slug": "",
    "hashtag": "#KinshipPay",
    "summary": "Kinship carers should get the allowance foster carers get.",
    "story": "Gran took in her grandson.\n\nShe gets nothing.",
    "title_cy": "Tâl cyfartal i ofalwyr sy'n berthnasau",
    "summary_cy": "",
    "story_cy": "",
    "supporter_goal": "5000",
    "count_threshold": "10",
}


def url(name, *args):
    return reverse(f"dashboard:{name}", args=args)


@pytest.fixture
def editor(client):
    return staff_in(client, "editor")


def test_an_editor_builds_a_campaign_through_the_forms(client, editor):
    response = client.post(url("campaign_builder_new"), CAMPAIGN)

    campaign = Campaign.objects.get()
    assert response.url == url("campaign_builder", campaign.pk)
    assert campaign.slug == "equal-pay-for-kinship-carers"  # suggested from the title
    assert campaign.hashtag == "KinshipPay"
    assert campaign.status == CampaignStatus.DRAFT
    assert (campaign.supporter_goal, campaign.count_threshold) == (5000, 10)

    client.post(
        url("campaign_builder_item_new", campaign.pk, "ask"),
        {"title": "An allowance", "explanation": "So children can stay."},
    )
    client.post(
        url("campaign_builder_item_new", campaign.pk, "ask"),
        {"title": "Paid leave", "explanation": "Time to settle."},
    )
    client.post(
        url("campaign_builder_item_new", campaign.pk, "fact"),
        {
            "figure": "141,000",
            "text": "children in kinship care",
            "source_name": "ONS Census 2021",
            "source_url": "",
        },
    )
    client.post(
        url("campaign_builder_item_new", campaign.pk, "news"),
        {"title": "We met the minister", "body": "It went well.", "published_on": "2026-11-30"},
    )
    client.post(
        url("campaign_builder_item_new", campaign.pk, "commitment"),
        {
            "what": "Pay an allowance",
            "who": "Department for Education",
            "made_on": "2026-10-01",
            "source_url": "https://www.gov.uk/",
            "status": "pledged",
        },
    )

    assert list(Ask.objects.filter(campaign=campaign).values_list("title", "order")) == [
        ("An allowance", 1),
        ("Paid leave", 2),
    ]
    assert Fact.objects.get(campaign=campaign).source_name == "ONS Census 2021"
    news = NewsItem.objects.get(campaign=campaign)
    assert not news.is_published  # a news item is a draft unless ticked
    assert Commitment.objects.get(campaign=campaign).who == "Department for Education"
    page = client.get(url("campaign_builder", campaign.pk)).content.decode()
    for text in ("An allowance", "141,000", "ONS Census 2021", "We met the minister", "Pay an allowance"):
        assert text in page


def test_a_new_campaign_with_errors_shows_them_and_saves_nothing(client, editor):
    response = client.post(url("campaign_builder_new"), {**CAMPAIGN, "summary": "", "count_threshold": "0"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_summary"' in page  # summarised at the top, linked to the field
    assert 'id="id_summary-error"' in page  # and beside the field
    assert "Enter a number of 1 or more" in page
    assert not Campaign.objects.exists()


def test_a_web_address_another_campaign_uses_is_refused(client, editor):
    CampaignFactory(slug="equal-pay")

    response = client.post(url("campaign_builder_new"), {**CAMPAIGN, "slug": "equal-pay"})

    assert "Another campaign already uses that web address" in response.content.decode()
    assert Campaign.objects.count() == 1


def test_a_suggested_web_address_is_made_unique(client, editor):
    CampaignFactory(slug="equal-pay-for-kinship-carers")

    client.post(url("campaign_builder_new"), CAMPAIGN)

    assert Campaign.objects.filter(slug="equal-pay-for-kinship-carers-2").exists()


def test_a_web_address_filled_in_from_the_title_is_made_unique_too(client, editor):
    CampaignFactory(slug="equal-pay-for-kinship-carers")

    client.post(url("campaign_builder_new"), {**CAMPAIGN, "slug": "equal-pay-for-kinship-carers"})

    assert Campaign.objects.filter(slug="equal-pay-for-kinship-carers-2").exists()


def test_a_fact_without_its_source_is_refused(client, editor):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)

    response = client.post(
        url("campaign_builder_item_new", campaign.pk, "fact"),
        {"figure": "8 in 10", "text": "carers struggle", "source_name": "  "},
    )

    assert "every fact needs its source" in response.content.decode()
    assert not Fact.objects.exists()


def test_asks_are_moved_up_and_removed(client, editor):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    first, second = AskFactory(campaign=campaign, order=1), AskFactory(campaign=campaign, order=2)

    client.post(url("campaign_builder_item_move", campaign.pk, "ask", second.pk), {"direction": "up"})
    assert list(Ask.objects.filter(campaign=campaign)) == [second, first]

    assert client.get(url("campaign_builder_item_remove", campaign.pk, "ask", first.pk)).status_code == 200
    assert Ask.objects.filter(pk=first.pk).exists()  # asking is not removing
    client.post(url("campaign_builder_item_remove", campaign.pk, "ask", first.pk))
    assert list(Ask.objects.filter(campaign=campaign)) == [second]


def test_an_ask_of_another_campaign_cannot_be_edited_here(client, editor):
    campaign, other = CampaignFactory(), CampaignFactory()
    ask = AskFactory(campaign=other)

    assert client.get(url("campaign_builder_item", campaign.pk, "ask", ask.pk)).status_code == 404
    assert client.get(f"/staff/campaigns/{campaign.pk}/nonsense/new/").status_code == 404


def test_a_draft_is_not_public_until_launched(client, editor):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)

    assert client.get(campaign.get_absolute_url()).status_code == 404

    response = client.post(url("campaign_builder_launch", campaign.pk), follow=True)
    assert "Add at least one ask" in response.content.decode()  # explained, not launched
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT

    AskFactory(campaign=campaign)
    client.post(url("campaign_builder_launch", campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.LIVE
    assert client.get(campaign.get_absolute_url()).status_code == 200


def test_a_launch_scheduled_in_the_past_is_refused_beside_the_field(client, editor):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    AskFactory(campaign=campaign)
    past = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(url("campaign_builder_schedule", campaign.pk), {"launch_at": past, "close_at": ""})

    assert 'id="id_launch_at-error"' in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.launch_at is None


def test_a_scheduled_campaign_launches_and_closes_when_the_clock_reaches_its_times(
    client, editor, monkeypatch
):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    AskFactory(campaign=campaign)
    now = timezone.localtime()
    launch, close = now + dt.timedelta(days=1), now + dt.timedelta(days=8)

    client.post(
        url("campaign_builder_schedule", campaign.pk),
        {"launch_at": launch.strftime("%Y-%m-%dT%H:%M"), "close_at": close.strftime("%Y-%m-%dT%H:%M")},
    )
    assert "Scheduled" in client.get(url("campaign_builder_list")).content.decode()
    autodiscover()
    job = REGISTRY["campaigns.run_schedule"]  # what the worker runs every minute

    job.func()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT  # not yet

    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(days=2))
    job.func()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.LIVE
    assert Client().get(campaign.get_absolute_url()).status_code == 200  # a visitor sees it

    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(days=9))
    job.func()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    monkeypatch.undo()  # back to today, inside the staff session
    history = client.get(url("campaign_builder_history", campaign.pk)).content.decode()
    assert "Launched by the schedule" in history
    assert "Closed by the schedule" in history


def test_winning_asks_what_was_won(client, editor):
    campaign = CampaignFactory(status=CampaignStatus.LIVE)

    response = client.post(url("campaign_builder_end", campaign.pk), {"how": "won", "outcome": ""})
    assert 'id="id_outcome-error"' in response.content.decode()

    client.post(url("campaign_builder_end", campaign.pk), {"how": "won", "outcome": "An allowance for all."})
    campaign.refresh_from_db()
    assert (campaign.status, campaign.outcome) == (CampaignStatus.WON, "An allowance for all.")


def test_history_lists_who_changed_what_and_a_restore_brings_back_old_text(client, editor):
    client.post(url("campaign_builder_new"), CAMPAIGN)
    campaign = Campaign.objects.get()
    first = campaign.history.earliest("history_date")
    client.post(
        url("campaign_builder_edit", campaign.pk),
        {**CAMPAIGN, "slug": campaign.slug, "title": "Fair pay now"},
    )

    page = client.get(url("campaign_builder_history", campaign.pk)).content.decode()
    assert "editor" in page
    assert "Equal pay for kinship carers → Fair pay now" in page

    restore = url("campaign_builder_restore", campaign.pk, "campaign", first.history_id)
    assert "Restore this version" in client.get(restore).content.decode()
    client.post(restore)

    campaign.refresh_from_db()
    assert campaign.title == "Equal pay for kinship carers"
    assert "Restored version of" in client.get(url("campaign_builder_history", campaign.pk)).content.decode()
    assert campaign.history.first().history_user == editor


def test_a_removed_fact_comes_back_from_the_history(client, editor):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    fact = FactFactory(campaign=campaign, figure="8 in 10")
    version = fact.history.first()
    client.post(url("campaign_builder_item_remove", campaign.pk, "fact", fact.pk))

    client.post(url("campaign_builder_restore", campaign.pk, "fact", version.history_id))

    assert Fact.objects.get(campaign=campaign).figure == "8 in 10"


def test_a_version_of_another_campaign_is_not_found(client, editor):
    campaign, other = CampaignFactory(), CampaignFactory()

    restore = url("campaign_builder_restore", campaign.pk, "campaign", other.history.first().history_id)

    assert client.get(restore).status_code == 404
    assert client.post(restore).status_code == 404
