"""Issue 10, defect 8 and "counts that encourage": a won or closed campaign says what happened,
when, and its final counts (never "0 supporters"); counts below the staff's threshold are not
shown; a goal shows a progress bar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches

from kinship.campaigns.models import CampaignStatus
from kinship.campaigns.selectors import campaign_supporter_display, count_is_shown
from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory
from kinship.core.counters import counter_increment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_fragment_cache():  # type: ignore[no-untyped-def]
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


def _add(key: str, n: int) -> None:
    for _ in range(n):
        counter_increment(key=key)


def test_a_won_campaign_says_so_with_the_date_the_outcome_and_final_counts(client):
    campaign = CampaignFactory(
        status=CampaignStatus.WON,
        ended_on=dt.date(2023, 12, 15),
        outcome="Every council must publish what help it gives.",
    )
    action = ActionFactory(campaign=campaign)
    _add(campaign.supporter_counter_key, 12)
    _add(action.counter_key, 30)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "We won" in page and "We won on 15 December 2023." in page
    assert "Every council must publish what help it gives." in page
    assert "12 supporters joined." in page and "People took action 30 times." in page
    assert "have joined" not in page  # the live count is not shown on an ended campaign


def test_a_closed_campaign_with_no_counts_of_its_own_never_says_0_supporters(client):
    campaign = CampaignFactory(status=CampaignStatus.CLOSED, ended_on=dt.date(2024, 6, 28), outcome="")
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "This campaign has closed" in page and "It closed on 28 June 2024." in page
    assert "0 supporters" not in page and 'data-testid="final-counts"' not in page


def test_staff_can_give_the_final_count_of_a_campaign_run_before_this_site(client):
    campaign = CampaignFactory(status=CampaignStatus.CLOSED, final_supporter_count=2480)
    _add(campaign.supporter_counter_key, 3)
    assert campaign_supporter_display(campaign=campaign).count == 2480
    assert "2,480 supporters joined." in client.get(campaign.get_absolute_url()).content.decode()


def test_a_live_campaign_ignores_a_final_count():
    campaign = CampaignFactory(final_supporter_count=2480)
    assert campaign_supporter_display(campaign=campaign).count == 0


def test_counts_below_the_threshold_are_hidden_and_zero_never_shows(client):
    campaign = CampaignFactory(count_threshold=0)
    assert not count_is_shown(campaign=campaign, count=0)
    campaign.count_threshold = 25
    assert not count_is_shown(campaign=campaign, count=24)
    assert count_is_shown(campaign=campaign, count=25)


def test_the_campaign_page_hides_small_counts(client):
    campaign = CampaignFactory(count_threshold=10)
    action = ActionFactory(campaign=campaign)
    _add(campaign.supporter_counter_key, 9)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="supporter-count"' not in page and "Be one of the first to join." in page
    assert "taken this action" not in page
    _add(campaign.supporter_counter_key, 1)
    _add(action.counter_key, 10)
    caches["fragments"].clear()
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="supporter-count">10<' in page
    assert "10 people have taken this action" in page


def test_an_action_page_with_nobody_yet_does_not_say_0_people(client):
    action = ActionFactory()
    page = client.get(f"/actions/{action.slug}/").content.decode()
    assert "0 people" not in page and "taken this action" not in page


def test_a_goal_shows_a_progress_bar(client):
    campaign = CampaignFactory(supporter_goal=200)
    _add(campaign.supporter_counter_key, 50)
    display = campaign_supporter_display(campaign=campaign)
    assert display.goal_percent == 25
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Our goal: 200 supporters" in page
    assert '<progress class="kc-progress" max="100" value="25"' in page


def test_progress_stops_at_100_percent():
    campaign = CampaignFactory(supporter_goal=10)
    _add(campaign.supporter_counter_key, 15)
    assert campaign_supporter_display(campaign=campaign).goal_percent == 100
