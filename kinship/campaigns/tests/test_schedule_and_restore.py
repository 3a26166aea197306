"""Launching, closing and winning a campaign (now, or by the schedule when its time comes), and
restoring an earlier version: the rules in `campaigns.services`, tested directly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from kinship.campaigns import services
from kinship.campaigns.models import Ask, CampaignStatus, Fact
from kinship.campaigns.periodic import run_schedule
from kinship.campaigns.selectors import campaign_history, campaign_list_public, campaign_stage
from kinship.campaigns.services import CampaignRestoreError, CampaignScheduleError
from kinship.campaigns.tests.factories import AskFactory, CampaignFactory, FactFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 12, 0))
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("eddie", password="correct-horse-battery", is_staff=True)


def draft(**fields):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT, **fields)
    AskFactory(campaign=campaign)
    return campaign


def test_a_draft_launched_now_is_live_and_public(editor):
    campaign = draft()

    services.campaign_launch(campaign=campaign, by=editor, now=NOW)

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.LIVE
    assert campaign.started_on == dt.date(2026, 6, 15)
    assert campaign in campaign_list_public()
    latest = campaign.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Launched")


def test_a_campaign_without_an_ask_cannot_launch(editor):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)

    with pytest.raises(CampaignScheduleError, match="at least one ask"):
        services.campaign_launch(campaign=campaign, by=editor, now=NOW)

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_a_launch_must_be_scheduled_in_the_future(editor):
    with pytest.raises(CampaignScheduleError, match="future"):
        services.campaign_schedule(campaign=draft(), by=editor, launch_at=NOW - HOUR, close_at=None, now=NOW)


def test_the_close_must_come_after_the_launch(editor):
    with pytest.raises(CampaignScheduleError, match="after the launch"):
        services.campaign_schedule(
            campaign=draft(), by=editor, launch_at=NOW + 2 * HOUR, close_at=NOW + HOUR, now=NOW
        )


def test_a_draft_cannot_be_scheduled_to_close_without_a_launch(editor):
    with pytest.raises(CampaignScheduleError, match="Schedule the launch"):
        services.campaign_schedule(campaign=draft(), by=editor, launch_at=None, close_at=NOW + HOUR, now=NOW)


def test_the_schedule_launches_a_draft_when_its_time_comes_and_records_it(editor):
    campaign = draft()
    services.campaign_schedule(
        campaign=campaign, by=editor, launch_at=NOW + HOUR, close_at=NOW + 3 * HOUR, now=NOW
    )

    assert services.campaigns_run_schedule(now=NOW + HOUR - dt.timedelta(seconds=1)) == ([], [])
    assert services.campaigns_run_schedule(now=NOW + HOUR) == ([campaign.pk], [])

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.LIVE
    latest = campaign.history.first()
    assert latest.history_user is None
    assert latest.history_change_reason == services.SCHEDULE_LAUNCH_REASON


def test_the_schedule_closes_a_live_campaign_when_its_time_comes(editor):
    campaign = CampaignFactory(status=CampaignStatus.LIVE)
    services.campaign_schedule(campaign=campaign, by=editor, launch_at=None, close_at=NOW + HOUR, now=NOW)

    assert services.campaigns_run_schedule(now=NOW + 2 * HOUR) == ([], [campaign.pk])

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert campaign.ended_on == dt.date(2026, 6, 15)
    assert campaign.close_at is None
    assert campaign.history.first().history_change_reason == services.SCHEDULE_CLOSE_REASON


def test_the_periodic_job_runs_the_schedule_on_the_real_clock(editor):
    campaign = draft()
    services.campaign_schedule(campaign=campaign, by=editor, launch_at=timezone.now() + HOUR, close_at=None)
    type(campaign).objects.filter(pk=campaign.pk).update(launch_at=timezone.now() - HOUR)

    run_schedule()

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.LIVE


def test_a_draft_whose_asks_were_removed_is_not_launched_by_the_schedule(editor):
    campaign = draft()
    services.campaign_schedule(campaign=campaign, by=editor, launch_at=NOW + HOUR, close_at=None, now=NOW)
    Ask.objects.filter(campaign=campaign).delete()

    assert services.campaigns_run_schedule(now=NOW + 2 * HOUR) == ([], [])
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_winning_needs_words_saying_what_was_won(editor):
    campaign = CampaignFactory(status=CampaignStatus.LIVE)

    with pytest.raises(CampaignScheduleError, match="what was won"):
        services.campaign_mark_won(campaign=campaign, by=editor, outcome="  ", now=NOW)

    services.campaign_mark_won(campaign=campaign, by=editor, outcome="The law changed.", now=NOW)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.outcome, campaign.ended_on) == (
        CampaignStatus.WON,
        "The law changed.",
        dt.date(2026, 6, 15),
    )


def test_only_a_live_campaign_can_be_closed(editor):
    with pytest.raises(CampaignScheduleError, match="live"):
        services.campaign_close(campaign=draft(), by=editor, now=NOW)


def test_restoring_a_campaign_brings_back_its_old_words_and_records_who(editor):
    campaign = draft(title="Old title", summary="Old summary")
    first = campaign.history.first()
    campaign.title = "New title"
    campaign.summary = "New summary"
    campaign.save()

    services.campaign_restore(campaign=campaign, history_id=first.history_id, by=editor)

    campaign.refresh_from_db()
    assert (campaign.title, campaign.summary) == ("Old title", "Old summary")
    latest = campaign.history.first()
    assert latest.history_user == editor
    assert (
        latest.history_change_reason
        == f"Restored version of {timezone.localtime(first.history_date):%-d %b %Y %H:%M} by eddie"
    )


def test_restoring_a_campaign_does_not_change_whether_it_is_live(editor):
    campaign = draft()
    first = campaign.history.first()
    services.campaign_launch(campaign=campaign, by=editor, now=NOW)

    services.campaign_restore(campaign=campaign, history_id=first.history_id, by=editor)

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.LIVE


def test_restoring_a_removed_fact_brings_it_back(editor):
    campaign = draft()
    fact = FactFactory(campaign=campaign, figure="8 in 10")
    version = fact.history.first()
    fact.delete()

    services.campaign_restore(campaign=campaign, history_id=version.history_id, by=editor, kind="fact")

    assert Fact.objects.get(campaign=campaign).figure == "8 in 10"


def test_a_version_of_another_campaign_cannot_be_restored(editor):
    other = draft()
    with pytest.raises(CampaignRestoreError, match="not found"):
        services.campaign_restore(campaign=draft(), history_id=other.history.first().history_id, by=editor)


@pytest.mark.parametrize(
    ("status", "launch_at", "stage"),
    [
        (CampaignStatus.DRAFT, None, "draft"),
        (CampaignStatus.DRAFT, NOW, "scheduled"),
        (CampaignStatus.LIVE, NOW, "live"),
        (CampaignStatus.WON, None, "won"),
        (CampaignStatus.CLOSED, None, "closed"),
    ],
)
def test_a_campaign_stage_for_staff(status, launch_at, stage):
    assert campaign_stage(CampaignFactory.build(status=status, launch_at=launch_at)) == stage


def test_the_history_says_who_changed_which_field_from_what_to_what(editor):
    campaign = draft(title="Old title")
    campaign.title = "New title"
    campaign._history_user = editor
    campaign.save()
    fact = FactFactory(campaign=campaign)
    fact.delete()

    entries = campaign_history(campaign=campaign)

    assert [(e.kind, e.what) for e in entries[:3]] == [
        ("fact", "Removed"),
        ("fact", "Added"),
        ("campaign", "Changed"),
    ]
    changed = entries[2]
    assert changed.who == "eddie"
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("Title", "Old title", "New title")]
    assert not entries[0].restorable  # a removal: restore the version before it
    assert entries[1].restorable  # the fact as added, now removed
    assert entries[2].current and not entries[2].restorable  # the campaign as it is now
    assert entries[-1].kind == "campaign" and entries[-1].restorable  # the campaign as first made


def test_a_new_ask_goes_last_even_after_one_was_removed():
    campaign = CampaignFactory()
    first = services.campaign_item_save(campaign=campaign, item=Ask(title="One", explanation="1"))
    second = services.campaign_item_save(campaign=campaign, item=Ask(title="Two", explanation="2"))
    first.delete()
    third = services.campaign_item_save(campaign=campaign, item=Ask(title="Three", explanation="3"))
    assert (second.order, third.order) == (2, 3)
    assert [a.title for a in campaign.asks.all()] == ["Two", "Three"]
    third.title = "Three, changed"
    services.campaign_item_save(campaign=campaign, item=third)
    third.refresh_from_db()
    assert third.order == 3
