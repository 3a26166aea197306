from __future__ import annotations

from datetime import date, timedelta

import pytest

from kinship.geography.tests.factories import CouncilFactory
from kinship.representatives.models import Role
from kinship.representatives.selectors import authorities_without_lead_member, stale_offices
from kinship.representatives.tests.factories import OfficeFactory

TODAY = date(2026, 11, 22)


def _is_stale(last_checked_on):  # type: ignore[no-untyped-def]
    office = OfficeFactory(last_checked_on=last_checked_on)
    return stale_offices(today=TODAY, max_age_days=180).filter(pk=office.pk).exists()


@pytest.mark.django_db
def test_never_checked_is_stale():
    assert _is_stale(None)


@pytest.mark.django_db
def test_checked_exactly_180_days_ago_is_not_stale():
    assert not _is_stale(TODAY - timedelta(days=180))


@pytest.mark.django_db
def test_checked_181_days_ago_is_stale():
    assert _is_stale(TODAY - timedelta(days=181))


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
