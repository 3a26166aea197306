from __future__ import annotations

from datetime import date, timedelta

import pytest

from kinship.geography.tests.factories import CouncilFactory
from kinship.representatives.models import Role
from kinship.representatives.selectors import authorities_without_lead_member, is_stale, stale_offices
from kinship.representatives.tests.factories import OfficeFactory

TODAY = date(2026, 11, 22)


def test_never_checked_is_stale():
    assert is_stale(None, today=TODAY)


def test_checked_exactly_180_days_ago_is_not_stale():
    assert not is_stale(TODAY - timedelta(days=180), today=TODAY, max_age_days=180)


def test_checked_181_days_ago_is_stale():
    assert is_stale(TODAY - timedelta(days=181), today=TODAY, max_age_days=180)


@pytest.mark.django_db
def test_stale_offices_lists_old_and_unchecked_current_offices():
    old = OfficeFactory(last_checked_on=date.today() - timedelta(days=400))
    never = OfficeFactory(last_checked_on=None)
    OfficeFactory(last_checked_on=date.today())
    OfficeFactory(last_checked_on=None, end_date=date.today() - timedelta(days=1))

    assert list(stale_offices()) == [never, old]


@pytest.mark.django_db
def test_authorities_without_a_current_lead_member():
    covered = CouncilFactory()
    uncovered = CouncilFactory()
    OfficeFactory(area=covered, role=Role.LEAD_MEMBER_CHILDREN)

    assert list(authorities_without_lead_member()) == [uncovered]
