"""Whether an action is open (the one rule, `action_is_open`), the reads built on it, and what
an action's kind decides."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kinship.campaigns.models import Action, ActionKind, CampaignStatus
from kinship.campaigns.selectors import action_is_open, action_list_open, action_totals, actions_for_campaign
from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory
from kinship.core.counters import counter_increment

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 12, 0))
HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("opens", "closes", "is_open"),
    [
        (None, None, True),
        (NOW - HOUR, None, True),
        (NOW, None, True),  # open from its opening time
        (NOW + HOUR, None, False),
        (None, NOW + HOUR, True),
        (None, NOW, False),  # closed from its closing time
        (None, NOW - HOUR, False),
    ],
)
def test_an_action_is_open_between_its_opening_and_closing_times(opens, closes, is_open):
    action = ActionFactory(opens_at=opens, closes_at=closes)
    assert action_is_open(action, now=NOW) is is_open


def test_an_unpublished_action_is_closed():
    assert not action_is_open(ActionFactory(is_published=False), now=NOW)


def test_an_action_on_a_draft_campaign_is_closed():
    action = ActionFactory(campaign=CampaignFactory(status=CampaignStatus.DRAFT))
    assert not action_is_open(action, now=NOW)


def test_open_actions_are_those_the_rule_calls_open():
    open_now = ActionFactory()
    ActionFactory(closes_at=timezone.now() - HOUR)
    ActionFactory(opens_at=timezone.now() + HOUR)
    ActionFactory(is_published=False)
    ActionFactory(campaign=CampaignFactory(status=CampaignStatus.DRAFT))
    assert action_list_open() == [open_now]


def test_a_campaigns_open_actions_and_their_totals():
    campaign = CampaignFactory()
    first = ActionFactory(campaign=campaign, display_order=2)
    second = ActionFactory(campaign=campaign, display_order=1)
    ActionFactory()  # another campaign's
    counter_increment(key=first.counter_key, by=3)
    actions = actions_for_campaign(campaign=campaign)
    assert actions == [second, first]
    assert action_totals(actions=actions) == {second.pk: 0, first.pk: 3}


@pytest.mark.parametrize(
    ("kind", "by_postcode"),
    [
        (ActionKind.EMAIL_POSTCODE, True),
        (ActionKind.MEETING, True),
        (ActionKind.EMAIL_FIXED, False),
        (ActionKind.LETTER, False),
        (ActionKind.PHONE, False),
    ],
)
def test_which_kinds_write_to_people_found_by_postcode(kind, by_postcode):
    assert Action(kind=kind).writes_to_people_by_postcode is by_postcode
