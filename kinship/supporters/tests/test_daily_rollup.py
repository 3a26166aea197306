"""The daily rollup of joins behind "What is working" (`kinship.supporters.rollup`): after a
refresh its sums are what `joins_by_day` and `carer_share` count from the sign-ups, whatever
changed (a join, an answer about being a kinship carer, an erasure)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.utils import timezone

from kinship.campaigns.tests.factories import CampaignFactory
from kinship.core.rollup import day_bounds, rollup_zone
from kinship.supporters.models import DailySignups, Signup, SignupStatus, Supporter
from kinship.supporters.rollup import signups_rollup_refresh
from kinship.supporters.selectors import (
    carer_share,
    joins_by_day,
    signups_daily_carer_share,
    signups_daily_joins,
)
from kinship.supporters.services import supporter_erase
from kinship.supporters.tests.factories import SignupFactory, SupporterFactory

pytestmark = pytest.mark.django_db


def _day(when: dt.datetime) -> dt.date:
    return timezone.localtime(when, rollup_zone()).date()


def _join(campaign: Any, supporter: Any, when: dt.datetime | None) -> Signup:
    signup = SignupFactory(
        campaign=campaign,
        supporter=supporter,
        status=SignupStatus.CONFIRMED if when else SignupStatus.PENDING,
        confirmed_at=when,
    )
    return signup


def _settle() -> None:
    signups_rollup_refresh()
    long_ago = timezone.now() - dt.timedelta(days=1)
    Signup.objects.update(updated_at=long_ago)
    Supporter.objects.update(updated_at=long_ago)


def _same(first: dt.date, last: dt.date, campaign_id: int | None) -> None:
    signups_rollup_refresh()
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    rolled = signups_daily_joins(first=first, last=last, campaign_id=campaign_id)
    assert rolled == joins_by_day(start=start, end=end, campaign_id=campaign_id)
    if campaign_id is not None:  # across campaigns the page counts sign-ups, not people
        share = signups_daily_carer_share(first=first, last=last, campaign_id=campaign_id)
        assert share == carer_share(start=start, end=end, campaign_id=campaign_id)


def test_the_joins_and_carers_equal_the_live_counts_on_random_sign_ups():
    rng = random.Random(11)
    campaigns = [CampaignFactory(), CampaignFactory()]
    people = [SupporterFactory(is_kinship_carer=rng.choice(["yes", "no", "unsaid"])) for _ in range(40)]
    now = timezone.now()
    for person in people:
        for campaign in rng.sample(campaigns, rng.randint(1, 2)):
            when = now - dt.timedelta(days=rng.uniform(0, 30)) if rng.random() < 0.8 else None
            _join(campaign, person, when)
    today = _day(now)
    windows = [(today - dt.timedelta(days=31), today), (today - dt.timedelta(days=5), today), (today, today)]

    for first, last in windows:
        for campaign_id in [None, campaigns[0].pk, campaigns[1].pk]:
            _same(first, last, campaign_id)

    _settle()
    for person in rng.sample(people, 5):
        person.is_kinship_carer = "yes" if person.is_kinship_carer != "yes" else "no"
        person.save()
    supporter_erase(supporter=rng.choice([p for p in people if p.is_kinship_carer == "yes"]))
    _join(campaigns[0], SupporterFactory(is_kinship_carer="yes"), timezone.now())

    for first, last in windows:
        for campaign_id in [None, campaigns[0].pk, campaigns[1].pk]:
            _same(first, last, campaign_id)


def test_an_erased_carer_no_longer_counts_as_a_carer_but_still_as_a_join():
    campaign = CampaignFactory()
    joined = timezone.now() - dt.timedelta(days=12)
    carer = SupporterFactory(is_kinship_carer="yes")
    _join(campaign, carer, joined)
    _settle()
    day = _day(joined)
    assert signups_daily_carer_share(first=day, last=day, campaign_id=campaign.pk) == (1, 1)

    supporter_erase(supporter=carer)

    signups_rollup_refresh()
    assert signups_daily_carer_share(first=day, last=day, campaign_id=campaign.pk) == (0, 1)
    _same(day, day, campaign.pk)


def test_a_new_join_counts_at_once_and_a_second_refresh_changes_nothing():
    campaign = CampaignFactory()
    _settle()
    now = timezone.now()

    _join(campaign, SupporterFactory(), now)
    signups_rollup_refresh()
    rows = list(DailySignups.objects.values_list("day", "campaign_id", "joins", "carers"))
    signups_rollup_refresh(rebuild=True)

    assert signups_daily_joins(first=_day(now), last=_day(now)) == {_day(now): 1}
    assert list(DailySignups.objects.values_list("day", "campaign_id", "joins", "carers")) == rows
